import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlpacaWireError } from '../alpaca/wire-fields.js';
import { ACCOUNT_ROUTES } from './account-routes.js';
import { ASSET_ROUTES } from './asset-routes.js';
import { EmulatorAccounts, type ExchangeFactory } from './accounts.js';
import { NoRoute, errorAnswer } from './envelope.js';
import { readJson, sendEmpty, sendJson } from './http-io.js';
import { ORDER_ROUTES } from './order-routes.js';
import { TRADE_STREAM_PATH, TradeStream } from './trade-stream.js';
import type { Answer, Route } from './route.js';

const ROUTES: readonly Route[] = [...ORDER_ROUTES, ...ACCOUNT_ROUTES, ...ASSET_ROUTES];

export interface EmulatorServerOptions {
  /** Makes each account's sim exchange, from a seed derived from its key id. */
  readonly createExchange: ExchangeFactory;
}

/** An Alpaca-compatible trading REST server and trade-updates WebSocket on loopback, over one sim exchange per API key. */
export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`, where an Alpaca client's trading host is pointed. */
  readonly url: string;
  /** `ws://127.0.0.1:<port>/stream`, the trade-updates WebSocket. */
  readonly streamUrl: string;
  readonly accounts: EmulatorAccounts;
  /** Stops listening, drops every open connection and socket and closes every account's exchange. */
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port and resolves once it accepts connections. */
export async function createEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const accounts = new EmulatorAccounts(options.createExchange);
  const server = createServer((request, response) => {
    void serve(accounts, request, response);
  });
  const stream = new TradeStream(accounts);
  server.on('upgrade', (request, socket, head) => stream.upgrade(request, socket, head));
  await listen(server);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    streamUrl: `ws://127.0.0.1:${port}${TRADE_STREAM_PATH}`,
    accounts,
    close: () => (closing ??= shutdown(server, stream, accounts)),
  };
}

async function serve(accounts: EmulatorAccounts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let answer: Answer;
  try {
    answer = await route(accounts, request);
  } catch (error) {
    answer = errorAnswer(error);
  }
  if (response.destroyed) return;
  if (answer.body === undefined) sendEmpty(response, answer.status);
  else sendJson(response, answer.status, answer.body);
}

async function route(accounts: EmulatorAccounts, request: IncomingMessage): Promise<Answer> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.path.exec(url.pathname);
    if (match === null) continue;
    const exchange = accounts.authenticate(header(request, 'apca-api-key-id'), header(request, 'apca-api-secret-key'));
    return candidate.handle({
      exchange,
      params: match.slice(1).map(pathSegment),
      query: url.searchParams,
      body: () => readJson(request),
    });
  }
  throw new NoRoute(`no endpoint ${method} ${url.pathname}`);
}

function pathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AlpacaWireError(`path segment "${segment}" is not valid percent-encoding`);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutdown(server: Server, stream: TradeStream, accounts: EmulatorAccounts): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  stream.close();
  server.closeAllConnections();
  await closed;
  await accounts.close();
}
