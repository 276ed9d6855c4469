import { ZERO, maxDec, minDec, type Decimal } from '../../domain/decimal.js';
import type { OrderSpec } from '../../domain/order-types.js';
import type { SimQuote as Quote } from './market-feed.js';
import { notionalQty } from './matching.js';

type Priced = Pick<OrderSpec, 'side' | 'limitPrice' | 'stopPrice' | 'qty' | 'notional'>;

/** An open order as the buying-power check sees it: what it may still trade. */
export interface OpenExposure {
  readonly spec: Priced;
  readonly filledQty: Decimal;
}

/**
 * What an order is valued at before it trades: its limit, else the side of the quote it would take
 * (a buy stop above the market at its stop).
 */
export function referencePrice(spec: Priced, quote: Quote): Decimal {
  if (spec.limitPrice !== undefined) return spec.limitPrice;
  if (spec.side === 'sell') return quote.bid;
  return spec.stopPrice === undefined ? quote.ask : maxDec(quote.ask, spec.stopPrice);
}

/** Shares the order may still trade; a dollar order that has not traded is sized at the quote. */
export function openQty(order: OpenExposure, quote: Quote): Decimal {
  if (order.spec.qty !== undefined) return maxDec(ZERO, order.spec.qty.minus(order.filledQty));
  if (!order.filledQty.isZero() || order.spec.notional === undefined) return ZERO;
  return notionalQty(order.spec.notional, referencePrice(order.spec, quote));
}

/**
 * The buying power an order needs: a buy its whole value; a sell only the part that opens or adds
 * to a short, after the long position has covered the sells already working (oldest first).
 */
export function orderCost(order: OpenExposure, quote: Quote, longLeft: Decimal): Decimal {
  if (order.spec.side === 'buy') {
    if (order.spec.qty === undefined && order.filledQty.isZero() && order.spec.notional !== undefined) {
      return order.spec.notional;
    }
    return openQty(order, quote).times(referencePrice(order.spec, quote));
  }
  return shortQty(order, quote, longLeft).times(referencePrice(order.spec, quote));
}

export function shortQty(order: OpenExposure, quote: Quote, longLeft: Decimal): Decimal {
  const qty = openQty(order, quote);
  return qty.minus(minDec(qty, maxDec(ZERO, longLeft)));
}

/**
 * Buying power held by working orders in one symbol, and the long position their sells leave
 * uncovered for the next sell.
 */
export function symbolReserve(
  orders: readonly OpenExposure[],
  quote: Quote,
  positionQty: Decimal,
): { readonly reserved: Decimal; readonly longLeft: Decimal } {
  let reserved = ZERO;
  let longLeft = maxDec(ZERO, positionQty);
  for (const order of orders) {
    reserved = reserved.plus(orderCost(order, quote, longLeft));
    if (order.spec.side === 'sell') longLeft = maxDec(ZERO, longLeft.minus(openQty(order, quote)));
  }
  return { reserved, longLeft };
}
