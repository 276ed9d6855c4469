import type { IncomingMessage } from 'node:http';
import { decode, encode } from '@msgpack/msgpack';
import type { RawData } from 'ws';

/**
 * How one market-data connection frames its messages: JSON text by default, msgpack both ways when
 * the upgrade request says `Content-Type: application/msgpack` (what the SDK's stock stream sends).
 */
export interface MarketCodec {
  readonly name: 'json' | 'msgpack';
  /** The client's message; throws when it is not one this codec reads. */
  decode(data: RawData): unknown;
  encode(message: unknown): string | Uint8Array;
}

const JSON_CODEC: MarketCodec = {
  name: 'json',
  decode: (data) => JSON.parse(bytes(data).toString('utf8')) as unknown,
  encode: (message) => JSON.stringify(message),
};

const MSGPACK_CODEC: MarketCodec = {
  name: 'msgpack',
  decode: (data) => decode(bytes(data)),
  encode: (message) => encode(message),
};

export function codecFor(request: IncomingMessage): MarketCodec {
  const type = request.headers['content-type'] ?? '';
  return type.split(';')[0]?.trim().toLowerCase() === 'application/msgpack' ? MSGPACK_CODEC : JSON_CODEC;
}

function bytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}
