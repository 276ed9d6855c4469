import type { Decimal } from './decimal.js';

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';

/** Alpaca's order classes; see the broker port for what each means. */
export type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto';

export const SIDES: readonly Side[] = ['buy', 'sell'];
export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'];
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'];

/**
 * What the trader asked for, before it has an id or a state. Exactly one of qty and notional is set;
 * prices are set as the type needs them (limit: limitPrice; stop: stopPrice; stop_limit: both;
 * trailing_stop: trailPercent or trailPrice).
 */
export interface OrderSpec {
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly qty?: Decimal;
  readonly notional?: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
  readonly trailPercent?: Decimal;
  readonly trailPrice?: Decimal;
}

export function oppositeSide(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** Just the spec of anything that carries one (a local or a broker order), without undefined fields. */
export function specOf(order: OrderSpec): OrderSpec {
  const { symbol, side, type, timeInForce, qty, notional, limitPrice, stopPrice, trailPercent, trailPrice } = order;
  return {
    symbol,
    side,
    type,
    timeInForce,
    ...(qty !== undefined && { qty }),
    ...(notional !== undefined && { notional }),
    ...(limitPrice !== undefined && { limitPrice }),
    ...(stopPrice !== undefined && { stopPrice }),
    ...(trailPercent !== undefined && { trailPercent }),
    ...(trailPrice !== undefined && { trailPrice }),
  };
}
