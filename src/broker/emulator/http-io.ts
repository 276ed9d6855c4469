import type { IncomingMessage, ServerResponse } from 'node:http';
import { AlpacaWireError } from '../alpaca/wire-fields.js';

/** Bodies beyond this are not orders; the emulator refuses them rather than buffer without end. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body; an empty or malformed one throws AlpacaWireError (answered 422). */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AlpacaWireError(`request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new AlpacaWireError('request body is empty: expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AlpacaWireError('request body is not valid JSON: expected a JSON object');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status);
  response.end();
}
