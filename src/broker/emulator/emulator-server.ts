import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../kernel/clock.js';
import { AlpacaWireError } from '../alpaca/wire-fields.js';
import { ACCOUNT_ROUTES } from './account-routes.js';
import { ACTIVITY_ROUTES } from './activity-routes.js';
import { ASSET_ROUTES } from './asset-routes.js';
import { EmulatorAccounts, type ExchangeFactory } from './accounts.js';
import { isAdminRequest, serveAdmin } from './admin-routes.js';
import { CALENDAR_ROUTES } from './calendar-routes.js';
import { NoRoute, errorAnswer } from './envelope.js';
import { readJson, sendEmpty, sendJson } from './http-io.js';
import { MARKET_ROUTES } from './market-routes.js';
import { MarketStream } from './market-stream.js';
import { ORDER_ROUTES } from './order-routes.js';
import { ALPACA_REQUESTS_PER_MINUTE, RateLimits } from './rate-limit.js';
import { TRADE_STREAM_PATH, TradeStream } from './trade-stream.js';
import type { Answer, Route } from './route.js';

const ROUTES: readonly Route[] = [...ORDER_ROUTES, ...ACCOUNT_ROUTES, ...ACTIVITY_ROUTES, ...ASSET_ROUTES, ...CALENDAR_ROUTES, ...MARKET_ROUTES];

export interface EmulatorServerOptions {
  /** Makes each account's sim exchange, from a seed derived from its key id. */
  readonly createExchange: ExchangeFactory;
  /** Where rate-limit windows and timed faults are measured; the accounts' sims should share it. Defaults to the system clock. */
  readonly clock?: Clock;
  /** Requests a minute per key id (default: Alpaca's 200). */
  readonly rateLimitPerMinute?: number;
  /** The loopback port to listen on; 0 or absent picks a free one. */
  readonly port?: number;
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

/** Listens on a loopback port (an ephemeral one unless `port` is given) and resolves once it accepts connections. */
export async function createEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const accounts = new EmulatorAccounts(options.createExchange, options.clock ?? systemClock);
  const limits = new RateLimits(options.clock ?? systemClock, options.rateLimitPerMinute ?? ALPACA_REQUESTS_PER_MINUTE);
  const server = createServer((request, response) => {
    if (isAdminRequest(request)) void serveAdmin({ accounts, limits }, request, response);
    else void serve(accounts, limits, request, response);
  });
  const stream = new TradeStream(accounts);
  const market = new MarketStream(accounts);
  server.on('upgrade', (request, socket, head) =>
    market.handles(request) ? market.upgrade(request, socket, head) : stream.upgrade(request, socket, head),
  );
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    streamUrl: `ws://127.0.0.1:${port}${TRADE_STREAM_PATH}`,
    accounts,
    close: () => (closing ??= shutdown(server, [stream, market], accounts)),
  };
}

async function serve(accounts: EmulatorAccounts, limits: RateLimits, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const rate = limits.admit(header(request, 'apca-api-key-id'));
  let answer: Answer;
  try {
    answer = rate?.refusal ?? (await route(accounts, request));
  } catch (error) {
    answer = errorAnswer(error);
  }
  if (response.destroyed) return;
  for (const [name, value] of Object.entries({ ...rate?.headers, ...answer.headers })) response.setHeader(name, value);
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
    const { exchange, faults } = accounts.signIn(header(request, 'apca-api-key-id'), header(request, 'apca-api-secret-key'));
    return candidate.handle({
      exchange,
      faults,
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

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutdown(server: Server, streams: readonly { close(): void }[], accounts: EmulatorAccounts): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const stream of streams) stream.close();
  server.closeAllConnections();
  await closed;
  await accounts.close();
}
