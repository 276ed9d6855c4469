import { Decimal, dec, formatAmount } from '../domain/decimal.js';
import { reduces, type OrderLeg } from './order-plan.js';

/** One strategy instance's own limits, under the core's global ones. */
export interface SourceLimits {
  /** Shares, either side, the position may hold after an order. */
  readonly maxPosition: Decimal;
  /** Dollars one order may be worth at the price it is sized at. */
  readonly maxNotional: Decimal;
  /** Orders sent in any 60 s. */
  readonly maxOrdersPerMinute: number;
}

/** At or under the core's DEFAULT_RISK_LIMITS, so an instance started without limits is not looser than the core. */
export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxPosition: dec(10_000),
  maxNotional: dec(250_000),
  maxOrdersPerMinute: 30,
};

export const ORDER_WINDOW_MS = 60_000;

/** What a signal would send, as order-plan.ts planned it. */
export interface PlannedOrders {
  readonly symbol: string;
  readonly position: Decimal;
  readonly target: Decimal;
  readonly legs: readonly OrderLeg[];
  /** The price the order is sized and valued at; undefined while none is known. */
  readonly price: Decimal | undefined;
}

export type LimitVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

const PASSES: LimitVerdict = { ok: true };

/**
 * Checks a planned signal against its instance's limits. An order that only takes risk off passes
 * the position and notional limits (a strategy must always be able to get out), but every order
 * counts against the rate, since a runaway loop of closes and re-opens is what the rate is for.
 * `sentAt` is when its orders in the window were sent, oldest first.
 */
export function checkSourceLimits(plan: PlannedOrders, limits: SourceLimits, sentAt: readonly number[], now: number): LimitVerdict {
  const problem = reduces(plan.position, plan.target) ? undefined : positionProblem(plan, limits.maxPosition) ?? notionalProblem(plan, limits.maxNotional);
  const reason = problem ?? rateProblem(plan.legs.length, limits.maxOrdersPerMinute, sentAt, now);
  return reason === undefined ? PASSES : { ok: false, message: reason };
}

function positionProblem({ symbol, position, target }: PlannedOrders, max: Decimal): string | undefined {
  if (target.abs().lte(max)) return undefined;
  const buying = target.gt(position);
  const room = buying ? max.minus(position) : max.plus(position);
  const most = room.gt(0) ? `${buying ? 'buy' : 'sell'} at most ${shares(room)}` : `only orders that reduce it pass`;
  return `its position would be ${shares(target)} ${symbol}, over its max position of ${shares(max)} — ${most}`;
}

/**
 * Values the leg that adds risk (for a reversal, the opening leg after the close) at the market, or
 * at its own limit or stop when that is higher: a buy stop above the market fills up there.
 */
function notionalProblem({ legs, price: market }: PlannedOrders, max: Decimal): string | undefined {
  const opening = legs[legs.length - 1];
  if (opening === undefined) return undefined;
  const own = opening.limitPrice ?? opening.stopPrice;
  const at = own !== undefined && (market === undefined || own.gt(market)) ? own : market;
  if (at === undefined || !at.gt(0)) {
    return `no price is known yet to value it against its max notional ${money(max)}; try again once quotes arrive`;
  }
  const value = opening.qty.times(at);
  if (value.lte(max)) return undefined;
  const most = max.div(at).toDecimalPlaces(0, Decimal.ROUND_DOWN);
  // Shown rounded up to the cent, so a value a fraction over the max never prints as the max.
  return `order of ${money(value.toDecimalPlaces(2, Decimal.ROUND_UP))} (${shares(opening.qty)} × ${price(at)}) is over its max notional ${money(max)} — at most ${shares(most)} shares at ${price(at)}`;
}

function rateProblem(orders: number, max: number, sentAt: readonly number[], now: number): string | undefined {
  if (orders === 0) return undefined;
  if (orders > max) return `this signal sends ${orders} orders and its limit is ${max} a minute; start it with max-orders=${orders} or more`;
  const recent = inWindow(sentAt, now);
  const over = recent.length + orders - max;
  if (over <= 0) return undefined;
  // The signal fits once the `over` oldest orders have left the window.
  const freeAt = (recent[over - 1] as number) + ORDER_WINDOW_MS;
  const wait = `next one in ${Math.ceil((freeAt - now) / 1000)} s`;
  const count = `${recent.length} order${recent.length === 1 ? '' : 's'} in the last minute`;
  return orders === 1 && recent.length === max ? `${count}, its limit — ${wait}` : `${count} and this signal sends ${orders}, over its limit of ${max} — ${wait}`;
}

/** The send times still inside the window ending now; one sent exactly 60 s ago has left it. */
export function inWindow(sentAt: readonly number[], now: number): number[] {
  return sentAt.filter((at) => at > now - ORDER_WINDOW_MS);
}

function shares(qty: Decimal): string {
  return formatAmount(qty, qty.decimalPlaces());
}

function money(value: Decimal): string {
  return `$${formatAmount(value)}`;
}

/** Four places under a dollar, as prices are quoted there. */
function price(value: Decimal): string {
  return `$${formatAmount(value, value.lt(1) ? 4 : 2)}`;
}
