import type { Clock } from '../../kernel/clock.js';
import type { Decimal } from '../../domain/decimal.js';
import type { CommissionModel } from '../../domain/costs/commission.js';
import type { FaultConfig } from './fault-config.js';
import type { SimDelta } from './delta.js';
import type { SlippageModel } from '../../domain/costs/slippage.js';
import type { ReplaySource } from './replay-feed.js';
import type { SimSnapshot } from './snapshot.js';
import type { UniverseEntry } from './universe.js';

export interface SimExchangeOptions {
  /** Defaults to the system clock; tests pass a ManualClock. */
  readonly clock?: Clock;
  /** Makes the market reproducible; defaults to one derived from the clock. */
  readonly seed?: number;
  /** Symbols and previous closes (default DEFAULT_UNIVERSE); a restored exchange keeps its own and adds these. */
  readonly universe?: readonly UniverseEntry[];
  readonly startingCash?: Decimal;
  readonly slippage?: SlippageModel;
  readonly commission?: CommissionModel;
  /** From a request (submit, cancel, replace) to the exchange's answer on the stream. */
  readonly ackLatencyMs?: number;
  /** From the moment an order is found marketable to its execution. */
  readonly fillLatencyMs?: number;
  readonly tickIntervalMs?: number;
  /** Buying power is leverage × equity, less exposure and what working orders hold. */
  readonly leverage?: Decimal;
  /** Continue the exchange a previous session saved with snapshot(). */
  readonly snapshot?: SimSnapshot;
  /** Errors, trade-update faults, outages and cancel races to inject; none by default. */
  readonly faults?: FaultConfig;
  /**
   * Symbols whose market follows bars from history instead of the random walk (replay-feed), each
   * bar lasting `barMs` on the clock (DEFAULT_REPLAY_BAR_MS when absent). Not saved with the
   * exchange: a replay starts again with each exchange that is given it.
   */
  readonly replay?: { readonly sources: readonly ReplaySource[]; readonly barMs?: number };
  /** Where an error thrown by a subscriber goes; by default it is rethrown outside the exchange. */
  readonly onSubscriberError?: (error: unknown) => void;
  /**
   * Where the exchange makes its changes durable. With it, no trade update and no answer goes out
   * before the state it reports is written; without it, the exchange lives in memory only.
   */
  readonly durability?: SimDurability;
  /**
   * With durability: how long a finished order stays in the live book before a snapshot moves it
   * (and its executions) to the archive. Longer than any look-back a client makes (a day).
   */
  readonly retentionMs?: number;
}

/** The exchange's journal, as the exchange sees it: it does no I/O itself. */
export interface SimDurability {
  /** Makes one delta durable, resolving once it is. */
  append(delta: SimDelta): Promise<void>;
  /**
   * Makes the whole state durable (the journal starts over), after first writing `archived` (closed
   * orders and their executions that leave the live book) to the exchange's archive.
   */
  replace(snapshot: SimSnapshot, archived: SimArchived): Promise<void>;
  /** The journal has grown enough that the next write should be a whole snapshot. */
  readonly wantsSnapshot: boolean;
  /** A write failed; the exchange retries it after a pause and announces nothing meanwhile. */
  failed(error: unknown): void;
}

/** Finished orders and their executions moving from the live book to the archive. */
export interface SimArchived {
  readonly orders: SimSnapshot['orders'];
  readonly fills: SimSnapshot['fills'];
}

export const SIM_DEFAULTS = {
  startingCash: '100000',
  ackLatencyMs: 20,
  fillLatencyMs: 30,
  tickIntervalMs: 400,
  leverage: '2',
  retentionMs: 48 * 60 * 60 * 1000,
} as const;
