import { ZERO, minDec, type Decimal } from './decimal.js';
import type { Side } from './order-types.js';

/** A holding in one symbol. qty is signed: negative is short. */
export interface Position {
  readonly symbol: string;
  readonly qty: Decimal;
  readonly avgCost: Decimal;
  /** Gross realized P&L on closed quantity (commissions are booked against cash). */
  readonly realizedPnl: Decimal;
}

export function flatPosition(symbol: string): Position {
  return { symbol, qty: ZERO, avgCost: ZERO, realizedPnl: ZERO };
}

/**
 * Average-cost accounting. Adding to a position (or opening one) moves the average; reducing it
 * realizes P&L at the average; crossing through zero closes the old side and opens the new one at
 * the fill price.
 */
export function applyFillToPosition(position: Position, side: Side, qty: Decimal, price: Decimal): Position {
  const signed = side === 'buy' ? qty : qty.neg();
  const current = position.qty;
  if (current.isZero() || current.isNeg() === signed.isNeg()) {
    const newQty = current.plus(signed);
    const avgCost = current.abs().times(position.avgCost).plus(qty.times(price)).div(newQty.abs());
    return { ...position, qty: newQty, avgCost };
  }
  const closing = minDec(current.abs(), qty);
  const direction = current.isNeg() ? -1 : 1;
  const realized = price.minus(position.avgCost).times(closing).times(direction);
  const newQty = current.plus(signed);
  const opening = qty.minus(closing);
  return {
    ...position,
    qty: newQty,
    avgCost: newQty.isZero() ? ZERO : opening.gt(0) ? price : position.avgCost,
    realizedPnl: position.realizedPnl.plus(realized),
  };
}

export function marketValue(position: Position, last: Decimal): Decimal {
  return position.qty.times(last);
}

export function unrealizedPnl(position: Position, last: Decimal): Decimal {
  return last.minus(position.avgCost).times(position.qty);
}
