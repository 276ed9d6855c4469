import type { LogLevel } from '../kernel/log-entry.js';
import type { OrderStatus } from '../domain/order-state.js';
import type { DetectionMethod } from '../domain/fill.js';
import type { ProtectiveRole } from '../domain/order.js';
import type { PartialFillPolicy } from '../domain/order-options.js';
import type { OrderClass, OrderType, Side, TimeInForce } from '../domain/order-types.js';
import type { StrategyInstanceState } from './strategy-instance.js';

/**
 * The profile file as it sits on disk. Money and quantities are decimal strings, times are epoch
 * milliseconds, optional fields are absent rather than null. Bump the version for any change an
 * older build would misread; decodeProfileDocument then migrates older files. Version 2 added
 * adjustments, balances brought forward (for the archive) and the exchange the books belong to.
 */
export const PROFILE_SCHEMA_VERSION = 2;

/** The log keeps the recent past only, as much as the console shows. */

export interface StoredOrder {
  readonly clientOrderId: string;
  /** Absent in files written before orders kept who placed them: the trader (`manual`). */
  readonly source?: string;
  /** Absent in files written before order classes were kept: `simple`. */
  readonly orderClass?: OrderClass;
  readonly seq: number;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly qty?: string;
  readonly notional?: string;
  readonly limitPrice?: string;
  readonly stopPrice?: string;
  readonly trailPercent?: string;
  readonly trailPrice?: string;
  readonly brokerOrderId?: string;
  readonly status: OrderStatus;
  readonly previousStatus?: OrderStatus;
  readonly filledQty: string;
  readonly avgFillPrice?: string;
  /** Absent in files written before orders kept it: what the order's stored fills were charged. */
  readonly commissionPaid?: string;
  readonly reason?: string;
  readonly executionIds: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly timeoutAt?: number;
  readonly onPartial?: PartialFillPolicy;
  readonly expectedPrice?: string;
  readonly takeProfit?: string;
  readonly stopLoss?: string;
  readonly role?: ProtectiveRole;
  readonly parentClientOrderId?: string;
}

export interface StoredFill {
  readonly executionId: string;
  readonly clientOrderId: string;
  readonly orderSeq: number;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: string;
  readonly price: string;
  readonly commission: string;
  readonly at: number;
  readonly detectedBy?: DetectionMethod;
  readonly notional?: string;
}

export interface StoredPosition {
  readonly symbol: string;
  readonly qty: string;
  readonly avgCost: string;
  readonly realizedPnl: string;
  readonly costBasis?: string;
}

export interface StoredPortfolio {
  readonly cash: string;
  readonly positions: Readonly<Record<string, StoredPosition>>;
}

export interface StoredAdjustment {
  readonly id: string;
  readonly at: number;
  readonly symbol?: string;
  readonly qty: string;
  readonly cash: string;
  readonly avgCost?: string;
  readonly reason: string;
}

/** Balances brought forward: the opening cash and whatever has moved to the archive. */
export interface StoredBalances {
  readonly cash: string;
  readonly positions: Readonly<Record<string, string>>;
  /** When the books opened, epoch ms; absent in books opened before it was kept. */
  readonly openedAt?: number;
  /** Each order source's books from the archived fills; absent until fills move, and in books from before it was kept. */
  readonly sources?: Readonly<Record<string, StoredSourceBook>>;
}

export interface StoredSourceBook {
  readonly commission: string;
  readonly positions: Readonly<Record<string, StoredPosition>>;
}

/** A strategy instance as it was last seen: kept however old while it may still run, as history once it has stopped. */
export interface StoredStrategyInstance {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly args: readonly string[];
  readonly state: StrategyInstanceState;
  readonly error?: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly position: string;
  readonly realized: string;
}

export interface StoredLogEntry {
  readonly at: number;
  readonly level: LogLevel;
  readonly text: string;
}

export interface ProfileMeta {
  /** The row number the next new order gets; never moves backwards, so `#n` is never reused. */
  nextSeq: number;
  readonly createdAt: number;
  /**
   * The exchange or account these books are kept against (the simulator's id), once they have
   * been; a missing exchange file is then a loss to report, not a fresh start.
   */
  exchange?: string;
}

/** Mutable on purpose: the store edits it in place between saves. */
export interface ProfileDocument {
  readonly schemaVersion: typeof PROFILE_SCHEMA_VERSION;
  meta: ProfileMeta;
  /** Working orders and recently finished ones; older ones are in the archive. */
  orders: StoredOrder[];
  /** The fills of the orders above. */
  fills: StoredFill[];
  adjustments: StoredAdjustment[];
  /** Absent only in books from before version 2, until they are first opened. */
  brought?: StoredBalances;
  portfolio?: StoredPortfolio;
  /** In the order they were started; none in files written before strategies were kept. */
  strategies: StoredStrategyInstance[];
  log: StoredLogEntry[];
  watchlist: string[];
}

export function emptyProfile(now: number): ProfileDocument {
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    meta: { nextSeq: 1, createdAt: now },
    orders: [],
    fills: [],
    adjustments: [],
    strategies: [],
    log: [],
    watchlist: [],
  };
}
