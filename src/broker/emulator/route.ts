import type { SimExchange } from '../sim/sim-exchange.js';
import type { AccountFaults } from './account-faults.js';

/** What a handler answers: a status and a JSON body, or no body (204), and any headers of its own. */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One authenticated request, as a handler sees it. */
export interface RouteRequest {
  readonly exchange: SimExchange;
  /** The Alpaca faults between the account and its clients. */
  readonly faults: AccountFaults;
  /** The path's captured segments, decoded. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** Reads the JSON body; a missing or malformed one fails with a 422. */
  readonly body: () => Promise<unknown>;
}

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  readonly handle: (request: RouteRequest) => Promise<Answer>;
}

export function ok(body: unknown): Answer {
  return { status: 200, body };
}
