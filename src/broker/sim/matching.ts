import { Decimal, ZERO, dec, maxDec, minDec } from '../../domain/decimal.js';
import type { Side } from '../../domain/order-types.js';
import type { BrokerOrder } from '../port.js';
import type { SimQuote as Quote } from './market-feed.js';
import { roundToTick } from '../../domain/tick.js';

/**
 * The matching rules, as pure functions of an order and a quote. Stops trigger on the last trade;
 * once triggered they stay triggered and trade as a market (stop, trailing stop) or a limit
 * (stop-limit) order. An order takes the far side of the quote: a buy the ask, a sell the bid.
 */

const HUNDRED = dec(100);

export interface TriggerState {
  readonly triggered: boolean;
  readonly hwm?: Decimal;
  readonly stopPrice?: Decimal;
}

/** Moves a stop's trigger (and a trailing stop's high-water mark) with a new quote. */
export function trackTrigger(order: BrokerOrder, triggered: boolean, quote: Quote): TriggerState {
  if (triggered) return { triggered, hwm: order.hwm, stopPrice: order.stopPrice };
  if (order.type === 'stop' || order.type === 'stop_limit') {
    const stop = order.stopPrice;
    return { triggered: stop !== undefined && crossed(order.side, quote.last, stop), stopPrice: stop };
  }
  if (order.type === 'trailing_stop') {
    const last = quote.last;
    const hwm = order.hwm === undefined ? last : order.side === 'sell' ? maxDec(order.hwm, last) : minDec(order.hwm, last);
    const stopPrice = trailingStopPrice(order, hwm);
    return { triggered: crossed(order.side, last, stopPrice), hwm, stopPrice };
  }
  return { triggered: false };
}

/**
 * A sell trails below the highest price seen, a buy above the lowest (Alpaca keeps both in `hwm`).
 */
export function trailingStopPrice(order: BrokerOrder, hwm: Decimal): Decimal {
  const sign = order.side === 'sell' ? -1 : 1;
  if (order.trailPrice !== undefined) return roundToTick(hwm.plus(order.trailPrice.times(sign)));
  const percent = order.trailPercent ?? ZERO;
  return roundToTick(hwm.times(HUNDRED.plus(percent.times(sign))).div(HUNDRED));
}

/** The quote price the order can trade at right now, or undefined when it cannot trade. */
export function executablePrice(order: BrokerOrder, triggered: boolean, quote: Quote): Decimal | undefined {
  if (!isActive(order, triggered)) return undefined;
  const price = order.side === 'buy' ? quote.ask : quote.bid;
  if (price.lte(0)) return undefined;
  const limit = activeLimit(order);
  if (limit === undefined) return price;
  const marketable = order.side === 'buy' ? price.lte(limit) : price.gte(limit);
  return marketable ? price : undefined;
}

/** Slippage may worsen a price, but a limit is a limit. */
export function capAtLimit(order: BrokerOrder, price: Decimal): Decimal {
  const limit = activeLimit(order);
  if (limit === undefined) return price;
  return order.side === 'buy' ? minDec(price, limit) : maxDec(price, limit);
}

/** Dollar orders buy what the notional pays for, rounded down to Alpaca's nine decimal places. */
export function notionalQty(notional: Decimal, price: Decimal): Decimal {
  return notional.div(price).toDecimalPlaces(9, Decimal.ROUND_DOWN);
}

function isActive(order: BrokerOrder, triggered: boolean): boolean {
  return order.type === 'market' || order.type === 'limit' || triggered;
}

function activeLimit(order: BrokerOrder): Decimal | undefined {
  return order.type === 'limit' || order.type === 'stop_limit' ? order.limitPrice : undefined;
}

function crossed(side: Side, last: Decimal, stop: Decimal): boolean {
  return side === 'buy' ? last.gte(stop) : last.lte(stop);
}
