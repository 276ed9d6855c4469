import type { Decimal } from '../domain/decimal.js';
import type { Side } from '../domain/order-types.js';
import type { Position } from '../domain/position.js';
import type { BrokerOrder, Quote } from './port.js';

/**
 * What only a simulator can do, beside the Broker and MarketData ports every adapter implements:
 * inject faults, show its own ledger to compare the local view with, save itself, and move its
 * market by hand. A real broker has none of it, so callers hold it as optional and say what they
 * cannot check without it. The types here are the broker layer's own; the simulator satisfies them.
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

/** Chances from 0 to 1 that a request fails, by how it fails. */
export interface FaultRates {
  readonly transient?: number;
  readonly rateLimited?: number;
  readonly ambiguous?: number;
  readonly lostResponse?: number;
}

/** Faults a simulator injects: chances from 0 to 1, durations in milliseconds (see `--faults`). */
export interface FaultSettings extends FaultRates {
  /** Rates for one operation (`submitOrder`, `getOrder`, …), overriding the ones above. */
  readonly operations?: { readonly [operation: string]: FaultRates | undefined };
  readonly ambiguousExecuted?: number;
  readonly retryAfterMs?: number;
  readonly drop?: number;
  readonly duplicate?: number;
  readonly delay?: number;
  readonly delayMaxMs?: number;
  readonly reorder?: number;
  readonly reorderHoldMs?: number;
  readonly outageEveryMs?: number;
  readonly outageMs?: number;
  readonly restOutageEveryMs?: number;
  readonly restOutageMs?: number;
  readonly cancelRace?: number;
  readonly seed?: number;
}

/** Counts by operation name. */
export type OperationCounts = { readonly [operation: string]: number | undefined };

/** What the injected faults did so far. */
export interface FaultStats {
  readonly errors: { readonly [kind: string]: OperationCounts };
  readonly executedUnanswered: OperationCounts;
  readonly updates: {
    readonly delivered: number;
    readonly dropped: number;
    readonly duplicated: number;
    readonly delayed: number;
    readonly reordered: number;
    readonly lostInOutage: number;
  };
  readonly outages: { readonly stream: number; readonly rest: number };
  readonly cancelRaces: { readonly [race: string]: number };
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

export interface QuoteOverride {
  readonly bid?: Decimal;
  readonly ask?: Decimal;
  readonly last?: Decimal;
  readonly bidSize?: Decimal;
  readonly askSize?: Decimal;
  readonly prevClose?: Decimal;
}
