import { ZERO, dec, type Decimal } from '../domain/decimal.js';
import type { OrderSpec, OrderType, Side } from '../domain/order-types.js';
import { roundToTick } from '../domain/tick.js';
import { sharesForAll, type OrderPrices, type Size, type StrategyIntent } from './strategy.js';

/** An intent that asks for a position rather than a cancel. */
export type PositionIntent = Exclude<StrategyIntent, { readonly kind: 'cancel' }>;

export interface OrderLeg {
  readonly side: Side;
  readonly qty: Decimal;
  /** A priced buy or sell's prices, on the exchange's steps; a leg without is at market. */
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
}

export type PlanRefusal = 'no_price' | 'no_shares';

export type OrderPlan =
  | { readonly ok: true; readonly target: Decimal; readonly legs: readonly OrderLeg[] }
  | { readonly ok: false; readonly reason: PlanRefusal; readonly message: string };

export interface Sizing {
  readonly cash: Decimal;
  /** Only read for `all`; undefined when no price is known. */
  readonly price: Decimal | undefined;
}

/**
 * The orders that take the position from `position` to where the intent asks. Every intent is read
 * as a target, so `close` and `target` already there send nothing. A target on the other side of
 * zero is two legs, the close and then the new side: Alpaca (and the sim, which copies it) refuses
 * a sale of more than the long holds, or a cover of more than the short, as insufficient qty.
 */
export function planIntent(intent: PositionIntent, position: Decimal, sizing: Sizing): OrderPlan {
  let target: Decimal;
  const prices = intent.kind === 'buy' || intent.kind === 'sell' ? pricesOf(intent) : {};
  for (const [name, value] of [['limit', prices.limitPrice], ['stop', prices.stopPrice]] as const) {
    if (value?.isZero() === true) return { ok: false, reason: 'no_price', message: `a ${name} of ${String(intent.kind === 'buy' || intent.kind === 'sell' ? intent[name] : '')} is below the exchange's smallest price step; give a price of at least 0.0001` };
  }
  if (intent.kind === 'close') target = ZERO;
  else {
    // A priced order is sized at its own price: the most it pays (a limit) or where it starts (a stop).
    const at = prices.limitPrice ?? prices.stopPrice;
    const shares = sharesOf(intent.size, position, at === undefined ? sizing : { ...sizing, price: at });
    if (typeof shares === 'string') return { ok: false, reason: 'no_price', message: shares };
    if (shares.isZero()) return { ok: false, reason: 'no_shares', message: `size all buys no shares: equity ${sizing.cash.plus(position.times(sizing.price ?? ZERO)).toFixed(2)} is below one share` };
    if (intent.kind === 'buy') target = position.plus(shares);
    else if (intent.kind === 'sell') target = position.minus(shares);
    else target = intent.direction === 'long' ? shares : shares.negated();
  }
  return { ok: true, target, legs: legsTo(position, target).map((leg) => ({ ...leg, ...prices })) };
}

/** A strategy's float prices as exact decimals (by their shortest text) on the exchange's steps. */
function pricesOf(intent: OrderPrices): { limitPrice?: Decimal; stopPrice?: Decimal } {
  return {
    ...(intent.limit !== undefined && { limitPrice: roundToTick(dec(String(intent.limit))) }),
    ...(intent.stop !== undefined && { stopPrice: roundToTick(dec(String(intent.stop))) }),
  };
}

/** Whether going from `position` to `target` only takes risk off: smaller, and not through zero. */
export function reduces(position: Decimal, target: Decimal): boolean {
  if (target.abs().gte(position.abs())) return false;
  return target.isZero() || target.isNeg() === position.isNeg();
}

function sharesOf(size: Size, position: Decimal, { cash, price }: Sizing): Decimal | string {
  if (size !== 'all') return dec(size);
  if (price === undefined || price.lte(ZERO)) return 'size all needs a price and none is known yet; try again once quotes arrive';
  return dec(sharesForAll(cash, position, price));
}

function legsTo(position: Decimal, target: Decimal): OrderLeg[] {
  const delta = target.minus(position);
  if (delta.isZero()) return [];
  const crosses = !position.isZero() && !target.isZero() && position.isNeg() !== target.isNeg();
  if (!crosses) return [{ side: delta.isNeg() ? 'sell' : 'buy', qty: delta.abs() }];
  const closing: OrderLeg = { side: position.isNeg() ? 'buy' : 'sell', qty: position.abs() };
  return [closing, { side: closing.side, qty: target.abs() }];
}

/** A leg's order type: at market, or at its limit, stop or both. */
export function legType({ limitPrice, stopPrice }: Pick<OrderLeg, 'limitPrice' | 'stopPrice'>): OrderType {
  if (limitPrice === undefined) return stopPrice === undefined ? 'market' : 'stop';
  return stopPrice === undefined ? 'limit' : 'stop_limit';
}

/** The order of one leg, as a day order. */
export function legSpec(symbol: string, leg: OrderLeg): OrderSpec {
  const { side, qty, limitPrice, stopPrice } = leg;
  return {
    symbol,
    side,
    type: legType(leg),
    timeInForce: 'day',
    qty,
    ...(limitPrice !== undefined && { limitPrice }),
    ...(stopPrice !== undefined && { stopPrice }),
  };
}
