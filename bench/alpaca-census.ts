import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../src/kernel/clock.js';

/** One REST request the emulator received, at the clock's time. */
export interface CensusEntry {
  readonly at: number;
  /** Method and path, with an order id or a symbol in the path shown as `:ref`. */
  readonly endpoint: string;
  readonly path: string;
  status?: number;
}

/** Alpaca serves market data from its own host, under a budget of its own. */
const DATA_PATH = /^\/v2\/stocks\//;
const ONE_OF = /^(\/v2\/(?:orders|assets|positions))\/[^/]+/;

/**
 * Every REST request an HTTP server in this process receives (the emulator is the only one), read
 * from Node's diagnostics channels so neither the emulator nor the SDK is touched. WebSocket
 * upgrades are not requests here: they bypass the server's request event. It also knows how many
 * requests the SDK (which speaks through fetch) has open, so fake time is moved only when none are.
 */
export class HttpCensus {
  readonly entries: CensusEntry[] = [];
  readonly #open = new Set<object>();
  readonly #onServerRequest = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const path = new URL(request.url ?? '/', 'http://census').pathname;
    if (path.startsWith('/admin/')) return;
    const entry: CensusEntry = { at: this.clock.now(), endpoint: `${request.method ?? '?'} ${path.replace(ONE_OF, '$1/:ref')}`, path };
    this.entries.push(entry);
    response.once('finish', () => (entry.status = response.statusCode));
  };
  readonly #onFetchStart = (message: unknown): void => void this.#open.add((message as { request: object }).request);
  readonly #onFetchEnd = (message: unknown): void => void this.#open.delete((message as { request: object }).request);

  constructor(private readonly clock: Clock) {
    subscribe('http.server.request.start', this.#onServerRequest);
    subscribe('undici:request:create', this.#onFetchStart);
    subscribe('undici:request:trailers', this.#onFetchEnd);
    subscribe('undici:request:error', this.#onFetchEnd);
  }

  /** Requests the client has sent and not yet read to the end. */
  get open(): number {
    return this.#open.size;
  }

  /** Times of the trading API's requests (market data left out) from `from` on. */
  tradingTimes(from = Number.NEGATIVE_INFINITY): number[] {
    return this.entries.filter((e) => e.at >= from && !DATA_PATH.test(e.path)).map((e) => e.at);
  }

  /** The trading API's requests from `from` on, by endpoint, most used first. */
  tradingByEndpoint(from = Number.NEGATIVE_INFINITY): [string, number][] {
    const counts = new Map<string, number>();
    for (const e of this.entries) if (e.at >= from && !DATA_PATH.test(e.path)) counts.set(e.endpoint, (counts.get(e.endpoint) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  }

  dataRequests(from = Number.NEGATIVE_INFINITY): number {
    return this.entries.filter((e) => e.at >= from && DATA_PATH.test(e.path)).length;
  }

  /** Requests the emulator refused for the rate limit. */
  refusedForRate(): number {
    return this.entries.filter((e) => e.status === 429).length;
  }

  close(): void {
    unsubscribe('http.server.request.start', this.#onServerRequest);
    unsubscribe('undici:request:create', this.#onFetchStart);
    unsubscribe('undici:request:trailers', this.#onFetchEnd);
    unsubscribe('undici:request:error', this.#onFetchEnd);
  }
}
