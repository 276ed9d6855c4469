import { monotonicFactory } from 'ulid';
import type { Decimal } from './decimal.js';
import { flatPosition, type Position } from './position.js';
import type { PortfolioChange } from './portfolio.js';

/**
 * A correction to the books that no fill explains: the broker's position or cash differed from the
 * local view, and the broker's figure was taken. It is booked as an entry of its own, with its
 * reason, so positions always equal the sum of fills and adjustments and the trader can see why.
 */
export interface Adjustment {
  readonly id: string;
  readonly at: number;
  /** The symbol whose position moved; none for a cash adjustment. */
  readonly symbol?: string;
  /** Signed change of the position's quantity (zero for cash). */
  readonly qty: Decimal;
  /** Signed change of cash (zero for a position). */
  readonly cash: Decimal;
  /** The average cost the broker reports for the corrected position, which the position takes. */
  readonly avgCost?: Decimal;
  readonly reason: string;
}

/**
 * What booking an adjustment does to cash and the symbol's position. The position takes the
 * broker's quantity and average cost and keeps its own realized P&L: the correction is not a trade.
 */
export function adjustmentChange(cash: Decimal, position: Position | undefined, adjustment: Adjustment): PortfolioChange {
  const movedCash = adjustment.cash.isZero() ? cash : cash.plus(adjustment.cash);
  if (adjustment.symbol === undefined || adjustment.qty.isZero()) return { cash: movedCash, positions: [] };
  const before = position ?? flatPosition(adjustment.symbol);
  const qty = before.qty.plus(adjustment.qty);
  if (qty.isZero()) return { cash: movedCash, positions: [{ ...flatPosition(adjustment.symbol), realizedPnl: before.realizedPnl }] };
  const avgCost = adjustment.avgCost ?? before.avgCost;
  return { cash: movedCash, positions: [{ symbol: adjustment.symbol, qty, avgCost, realizedPnl: before.realizedPnl, costBasis: qty.abs().times(avgCost) }] };
}

/** Adjustment ids: `adj-` and a ULID, unique across restarts like client order ids. */
export function createAdjustmentIdFactory(now: () => number): () => string {
  const next = monotonicFactory();
  return () => `adj-${next(now())}`;
}
