import { ZERO, minDec, type Decimal } from './decimal.js';
import type { Side } from './order-types.js';

/** A holding in one symbol. qty is signed: negative is short. */
export interface Position {
  readonly symbol: string;
  readonly qty: Decimal;
  readonly avgCost: Decimal;
  /** Gross realized P&L on closed quantity (commissions are booked against cash). */
  readonly realizedPnl: Decimal;
  /**
   * What the open quantity cost, exactly (|qty| × the unrounded average). The average of 10 @ 100 and
   * 5 @ 110 is 1550 / 15, which no decimal holds; keeping the cost lets realized and unrealized P&L
   * add up to the cash that moved, to the last digit. Optional: a position built without it (from a
   * broker, or an older snapshot) is costed at |qty| × avgCost. Ignored when it no longer matches
   * qty and avgCost (a copy edited with a spread).
   */
  readonly costBasis?: Decimal;
}

/**
 * Decimal places kept when part of the cost is taken out on a partial close. Prices and quantities
 * carry far fewer, so every later sum and difference of costs stays exact within 40 digits.
 */
const COST_PLACES = 20;

/**
 * Positions made here, whose costBasis is known to match qty and avgCost. Checking the match means a
 * 40-digit division; remembering who made the position spares every fill of it.
 */
const consistent = new WeakSet<Position>();

function made(position: Position): Position {
  consistent.add(position);
  return position;
}

export function flatPosition(symbol: string): Position {
  return made({ symbol, qty: ZERO, avgCost: ZERO, realizedPnl: ZERO, costBasis: ZERO });
}

/** The exact cost of the open quantity, always ≥ 0 (for a short: what the sales brought in). */
export function costBasisOf(position: Position): Decimal {
  const held = position.qty.abs();
  if (held.isZero()) return ZERO;
  const kept = position.costBasis;
  if (kept !== undefined && (consistent.has(position) || kept.div(held).eq(position.avgCost))) return kept;
  return held.times(position.avgCost);
}

/**
 * Average-cost accounting. Adding to a position (or opening one) moves the average; reducing it
 * realizes P&L at the average; crossing through zero closes the old side and opens the new one at
 * the fill price. A fill of zero quantity changes nothing. `notional` is the fill's exact value
 * when its price is only an average (qty × price would then be off in the last digits).
 */
export function applyFillToPosition(
  position: Position,
  side: Side,
  qty: Decimal,
  price: Decimal,
  notional: Decimal = qty.times(price),
): Position {
  if (qty.isZero()) return position;
  const current = position.qty;
  const cost = costBasisOf(position);
  const newQty = side === 'buy' ? current.plus(qty) : current.minus(qty);
  if (current.isZero() || current.isNeg() === (side === 'sell')) {
    return withCost(position, newQty, cost.plus(notional), position.realizedPnl);
  }
  const held = current.abs();
  const closing = minDec(held, qty);
  // The closed part's share of the cost; all of it when the position closes, so nothing is left over.
  const closedCost = closing.eq(held) ? cost : cost.times(closing).div(held).toDecimalPlaces(COST_PLACES);
  const proceeds = closing.eq(qty) ? notional : notional.times(closing).div(qty).toDecimalPlaces(COST_PLACES);
  const realized = current.isNeg() ? closedCost.minus(proceeds) : proceeds.minus(closedCost);
  const opening = qty.minus(closing);
  const remainingCost = opening.gt(0) ? notional.minus(proceeds) : cost.minus(closedCost);
  return withCost(position, newQty, remainingCost, position.realizedPnl.plus(realized));
}

function withCost(position: Position, qty: Decimal, costBasis: Decimal, realizedPnl: Decimal): Position {
  if (qty.isZero()) return made({ ...position, qty, avgCost: ZERO, realizedPnl, costBasis: ZERO });
  return made({ ...position, qty, avgCost: costBasis.div(qty.abs()), realizedPnl, costBasis });
}

export function marketValue(position: Position, last: Decimal): Decimal {
  return position.qty.times(last);
}

/** What closing at `last` would realize: value at `last` less the cost (for a short, the reverse). */
export function unrealizedPnl(position: Position, last: Decimal): Decimal {
  const cost = costBasisOf(position);
  return marketValue(position, last).minus(position.qty.isNeg() ? cost.neg() : cost);
}
