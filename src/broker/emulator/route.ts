import type { SimExchange } from '../sim/sim-exchange.js';
import type { AccountFaults } from './account-faults.js';

/** What a handler answers: a status and a JSON body, or no body (204). */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
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
