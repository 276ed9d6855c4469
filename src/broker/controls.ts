import type { Decimal } from '../domain/decimal.js';
import type { Side } from '../domain/order-types.js';
import type { Position } from '../domain/position.js';
import type { BrokerOrder, Quote } from './port.js';

/**
 * What only a simulator can do, beside the Broker and MarketData ports every adapter implements:
 * inject faults, show its own ledger to compare the local view with, save itself, and move its
 * market by hand. A real broker has none of it, so callers hold it as optional and say what they
 * cannot check without it. The types here are the broker layer's own; the simulator's are these,
 * narrowed to the operations and kinds it knows.
 */
export interface SimControls {
  /** Replaces the injected faults; `{}` switches them all off. */
  setFaults(faults: FaultSettings): void;
  faultStats(): FaultStats;
  /** The exchange's ground truth: its orders, executions, cash and positions. */
  ledger(): LedgerView;
  /** The exchange's books as its save file holds them (decimals as strings). */
  snapshot(): ExchangeRecords;
  /** Writes the whole state now; resolves once it is on disk. */
  checkpoint(): Promise<void>;
  /** Resolves once everything done so far is durable and announced. */
  settled(): Promise<void>;
  /** Takes the trade-update stream down for `ms`, or until endStreamOutage(); updates meanwhile are lost. */
  startStreamOutage(ms?: number): void;
  endStreamOutage(): void;
  /** Takes REST down for `ms`, or until endRestOutage(); every request meanwhile fails. */
  startRestOutage(ms?: number): void;
  endRestOutage(): void;
  /** Starts the market's ticks. */
  start(): void;
  /** One market step. */
  tick(): void;
  /** Closes the trading day: day orders expire, last prices become previous closes. */
  endDay(): void;
  /** Forces a quote, so an order can be made marketable on purpose. */
  setQuote(symbol: string, override: QuoteOverride): Quote;
  /** Replays the same market. */
  readonly seed: number;
}

/**
 * Chances from 0 to 1 that a request fails, by how it fails:
 * - transient: 503, the request never got through;
 * - rateLimited: 429 with retryAfterMs, nothing happened;
 * - ambiguous: 504 timeout; the request ran with probability `ambiguousExecuted`;
 * - lostResponse: the request ran, then the connection dropped: the caller gets 'ambiguous'.
 */
export interface FaultRates {
  readonly transient?: number;
  readonly rateLimited?: number;
  readonly ambiguous?: number;
  readonly lostResponse?: number;
}

/**
 * Faults a simulator injects (see `--faults`): rates are probabilities from 0 to 1, durations
 * milliseconds. `Operation` names the requests it knows; the broker layer takes any name.
 */
export interface FaultSettings<Operation extends string = string> extends FaultRates {
  /** Rates for one operation (`submitOrder`, `getOrder`, …), overriding the ones above kind by kind. */
  readonly operations?: { readonly [O in Operation]?: FaultRates };
  /** Chance that a request answered by an `ambiguous` timeout ran anyway (default 0.5). */
  readonly ambiguousExecuted?: number;
  /** What a 429 tells the caller to wait (default 1000). */
  readonly retryAfterMs?: number;
  /** Trade updates never delivered. */
  readonly drop?: number;
  /** Trade updates delivered twice, identical (same execution id). */
  readonly duplicate?: number;
  /** Trade updates delivered late, by 1 to `delayMaxMs` (default 2000). */
  readonly delay?: number;
  readonly delayMaxMs?: number;
  /** Trade updates held back until the next one for the same order overtakes them, or `reorderHoldMs` (default 1000) passes. */
  readonly reorder?: number;
  readonly reorderHoldMs?: number;
  /** A trade-update stream outage of `outageMs` every `outageEveryMs`; updates meanwhile are lost. */
  readonly outageEveryMs?: number;
  readonly outageMs?: number;
  /** A REST outage of `restOutageMs` every `restOutageEveryMs`; every request meanwhile fails 'transient'. */
  readonly restOutageEveryMs?: number;
  readonly restOutageMs?: number;
  /** Chance that a cancel of an acknowledged order loses to a fill of all that is left. */
  readonly cancelRace?: number;
  /** Seeds the faults' own dice; by default derived from the exchange's seed. */
  readonly seed?: number;
}

/** Counts by operation name. */
export type OperationCounts<Operation extends string = string> = { readonly [O in Operation]?: number };

/**
 * What the injected faults did so far. The parameters name the error kinds, operations and cancel
 * races a simulator counts; the broker layer reads any.
 */
export interface FaultStats<ErrorKind extends string = string, Operation extends string = string, Race extends string = string> {
  /** Errors the caller got, by kind and operation. */
  readonly errors: { readonly [K in ErrorKind]: OperationCounts<Operation> };
  /** Requests that ran at the exchange although the caller got 'ambiguous' (lost responses, executed timeouts). */
  readonly executedUnanswered: OperationCounts<Operation>;
  readonly updates: {
    /** Handed to subscribers, duplicates and late ones included. */
    readonly delivered: number;
    readonly dropped: number;
    readonly duplicated: number;
    readonly delayed: number;
    /** Held back: overtaken by the next update of the order, or let go when the hold ran out. */
    readonly reordered: number;
    /** Sent, held or in flight while the stream was down. */
    readonly lostInOutage: number;
  };
  /** Outages begun, by channel. */
  readonly outages: { readonly stream: number; readonly rest: number };
  readonly cancelRaces: { readonly [R in Race]: number };
  /** Client order ids of submits and replaces refused because the id was already used, one entry per refusal. */
  readonly refusedClientOrderIds: readonly string[];
}

/** One execution as the exchange booked it. */
export interface LedgerFill {
  readonly executionId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  readonly at: string;
}

export interface LedgerView {
  readonly orders: readonly BrokerOrder[];
  readonly fills: readonly LedgerFill[];
  readonly cash: Decimal;
  readonly positions: Readonly<Record<string, Position>>;
}

/** A type with its Decimal fields as decimal strings, the way files keep money. */
export type Stored<T> = {
  readonly [K in keyof T]: T[K] extends Decimal ? string : T[K] extends Decimal | undefined ? string | undefined : T[K];
};

export interface ExchangeRecords {
  /** `triggered`: a stop whose price has been reached. */
  readonly orders: readonly (Stored<BrokerOrder> & { readonly triggered: boolean })[];
  readonly fills: readonly Stored<LedgerFill>[];
}

/** Fields a test (or a later scenario) may force onto a symbol's quote. */
export interface QuoteOverride {
  readonly bid?: Decimal;
  readonly ask?: Decimal;
  readonly last?: Decimal;
  readonly bidSize?: Decimal;
  readonly askSize?: Decimal;
  readonly prevClose?: Decimal;
}
