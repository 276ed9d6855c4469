import type { Quote } from '../broker/port.js';
import { Decimal, ONE, ZERO, dec, formatAmount, maxDec, minDec } from '../domain/decimal.js';
import { fractionalBreach, fractionalTypes, MIN_NOTIONAL } from '../domain/fractional.js';
import type { OrderSpec } from '../domain/order-types.js';
import { cents, money, percent, price, roundInward, shares, signedShares } from './refusal-figures.js';

/**
 * Pre-trade checks, run before an order is sent: the last chance to stop a typo, a double submit or
 * an order the account cannot carry. Pure: the engine passes what it knows and gets a verdict whose
 * reason is one line naming the figure that is wrong and what would pass.
 */

export type TradingState = 'active' | 'halted';

/** An order the engine sent recently, for the duplicate-intent window. `seq` is its `#` row number. */
export interface RecentIntent {
  readonly spec: OrderSpec;
  readonly at: number;
  readonly seq: number;
  /** Who sent it: the same order from two strategies (or a strategy and the trader) is no double submit. */
  readonly source: string;
}

export interface RiskContext {
  /** The latest quote; undefined when none could be had, which only an order reducing the position survives. */
  readonly quote?: Pick<Quote, 'bid' | 'ask' | 'last'>;
  /** Why no quote could be had (the quote request's failure), for the refusal. */
  readonly quoteFailure?: string;
  /** The order comes with take-profit or stop-loss orders (GTC ones, placed as it fills). */
  readonly hasProtection?: boolean;
  /** The current position in the order's symbol, signed: negative is short. */
  readonly positionQty: Decimal;
  /** Unknown (not yet fetched) skips the buying-power check; the broker still makes its own. */
  readonly buyingPower?: Decimal;
  readonly tradingState: TradingState;
  readonly haltReason?: string;
  readonly recentIntents: readonly RecentIntent[];
  readonly now: number;
}

export interface RiskLimits {
  readonly maxOrderNotional: Decimal;
  /** Largest absolute position per symbol, in shares. */
  readonly maxPositionQty: Decimal;
  /** A limit or stop that would execute at once this fraction or more through the last trade is taken for a typo. */
  readonly maxPriceDeviation: Decimal;
  readonly duplicateWindowMs: number;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotional: dec('250000'),
  maxPositionQty: dec('10000'),
  maxPriceDeviation: dec('0.10'),
  duplicateWindowMs: 3000,
};

// The broker's limits: shares to 9 decimal places, dollars in cents.
const QTY_PLACES = 9;
const NOTIONAL_PLACES = 2;

export type RiskVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const ALLOWED: RiskVerdict = { ok: true };

export function checkOrder(spec: OrderSpec, ctx: RiskContext, limits: RiskLimits = DEFAULT_RISK_LIMITS): RiskVerdict {
  const reference = referencePrice(ctx.quote);
  const reason =
    haltProblem(spec, ctx) ??
    sizeProblem(spec) ??
    fractionalProblem(spec, ctx.hasProtection === true) ??
    unpricedProblem(spec, ctx, reference) ??
    priceProblem(spec, reference, limits.maxPriceDeviation) ??
    duplicateProblem(spec, ctx, limits.duplicateWindowMs) ??
    exposureProblem(spec, ctx, limits);
  // A halt reason may carry a broker message with line breaks; the log shows one line per refusal.
  return reason === undefined ? ALLOWED : { ok: false, reason: reason.replace(/\s+/g, ' ').trim() };
}

/**
 * Whether the order can only bring the position toward flat: opposite side, and no more than is
 * held, so it can never flip it. A $ amount is never counted as reducing, since its quantity depends
 * on the fill price.
 */
export function isRiskReducing(spec: OrderSpec, positionQty: Decimal): boolean {
  const { qty } = spec;
  if (qty === undefined || spec.notional !== undefined || !qty.gt(0)) return false;
  const opposite = spec.side === 'buy' ? positionQty.lt(0) : positionQty.gt(0);
  return opposite && qty.lte(positionQty.abs());
}

function haltProblem(spec: OrderSpec, ctx: RiskContext): string | undefined {
  if (ctx.tradingState !== 'halted' || isRiskReducing(spec, ctx.positionQty)) return undefined;
  const why = ctx.haltReason === undefined || ctx.haltReason.trim() === '' ? '' : `: ${ctx.haltReason}`;
  return `trading is halted${why} — resume to allow new orders (cancels and closes still go through)`;
}

function sizeProblem(spec: OrderSpec): string | undefined {
  const { qty, notional } = spec;
  if (qty !== undefined && notional !== undefined) return 'give a quantity or a $ amount, not both';
  if (qty !== undefined) {
    if (!qty.gt(0)) return `quantity must be positive (got ${shares(qty)})`;
    if (qty.decimalPlaces() > QTY_PLACES) {
      return `quantity ${qty.toString()} has more than ${QTY_PLACES} decimal places; the broker takes at most ${QTY_PLACES}`;
    }
    return undefined;
  }
  if (notional !== undefined) {
    if (!notional.gt(0)) return `$ amount must be positive (got ${money(notional)})`;
    if (notional.decimalPlaces() > NOTIONAL_PLACES) return `$ amount $${notional.toString()} is not in whole cents; give at most 2 decimal places`;
    if (notional.lt(MIN_NOTIONAL)) return `$ amount ${money(notional)} is under the broker's minimum of ${money(MIN_NOTIONAL)}`;
    return undefined;
  }
  return 'the order needs a quantity or a $ amount';
}

/**
 * The broker trades fractional shares and $ amounts only as simple day orders: shares at market or
 * a limit, dollars at market, and without take-profit or stop-loss orders (those are GTC).
 */
function fractionalProblem(spec: OrderSpec, hasProtection: boolean): string | undefined {
  const breach = fractionalBreach(spec, hasProtection);
  if (breach === undefined) return undefined;
  const dollars = spec.notional !== undefined;
  const what = dollars ? 'a $ amount' : `fractional shares (${spec.qty?.toString() ?? ''})`;
  switch (breach) {
    case 'type':
      return `${what} can only be a ${fractionalTypes(dollars).join(' or ')} order, not ${spec.type.replace('_', ' ')}; use whole shares`;
    case 'time_in_force':
      return `${what} can only be a day order, not ${spec.timeInForce}`;
    case 'protection':
      return `${what} cannot have take-profit or stop-loss orders (they are GTC); use whole shares`;
  }
}

/**
 * Every check of size and price needs a price. Without a quote only an order that reduces the
 * position goes ahead: closing must always be possible, and it adds no exposure to judge.
 */
function unpricedProblem(spec: OrderSpec, ctx: RiskContext, reference: Reference | undefined): string | undefined {
  if (reference !== undefined || isRiskReducing(spec, ctx.positionQty)) return undefined;
  const why = ctx.quoteFailure === undefined ? 'the broker has none' : `the quote request failed: ${ctx.quoteFailure}`;
  return `no quote for ${spec.symbol} (${why}), so its price and size cannot be checked — nothing was sent; try again in a moment`;
}

function priceProblem(spec: OrderSpec, reference: Reference | undefined, maxDeviation: Decimal): string | undefined {
  const missing = missingPrice(spec);
  if (missing !== undefined) return missing;
  const prices = namedPrices(spec);
  for (const [name, value] of prices) {
    if (!value.gt(0)) return `${name} price must be positive (got ${price(value)})`;
  }
  if (spec.trailPrice !== undefined && !spec.trailPrice.gt(0)) {
    return `trail must be positive (got ${price(spec.trailPrice)})`;
  }
  if (spec.trailPercent !== undefined && !(spec.trailPercent.gt(0) && spec.trailPercent.lt(100))) {
    return `trail percent must be above 0 and below 100 (got ${spec.trailPercent.toString()}%)`;
  }
  const { limitPrice, stopPrice } = spec;
  if (spec.type === 'stop_limit' && limitPrice !== undefined && stopPrice !== undefined) {
    const buy = spec.side === 'buy';
    if (buy ? limitPrice.lt(stopPrice) : limitPrice.gt(stopPrice)) {
      return `a ${spec.side} stop-limit needs limit ${buy ? '≥' : '≤'} stop (limit ${price(limitPrice)}, stop ${price(stopPrice)})`;
    }
  }
  if (reference === undefined) return undefined;
  const last = reference.value;
  for (const [name, value] of prices) {
    // Only a price that would trade (or trigger) at once is a danger: a buy limit above the market,
    // a buy stop below it, and the mirror for sells. A resting order parked far away is a choice.
    const executesAbove = (spec.side === 'buy') === (name === 'limit');
    const away = executesAbove ? value.minus(last) : last.minus(value);
    const deviation = away.div(last);
    if (deviation.gt(maxDeviation)) {
      // Rounded up, so a refused price never reads as exactly the allowed figure.
      const shown = formatAmount(deviation.times(100).toDecimalPlaces(1, Decimal.ROUND_UP), 1);
      const bound = executesAbove
        ? `at most ${price(roundInward(last.times(ONE.plus(maxDeviation)), Decimal.ROUND_DOWN))}`
        : `at least ${price(roundInward(last.times(ONE.minus(maxDeviation)), Decimal.ROUND_UP))}`;
      return (
        `${spec.side} ${name} ${price(value)} is ${shown}% ${executesAbove ? 'above' : 'below'} ${reference.name} ${price(last)} and would ` +
        `${name === 'limit' ? 'trade' : 'trigger'} at once — refused as a likely typo (${bound}, within ${percent(maxDeviation)})`
      );
    }
  }
  return undefined;
}

function missingPrice(spec: OrderSpec): string | undefined {
  switch (spec.type) {
    case 'market':
      return undefined;
    case 'limit':
      return spec.limitPrice === undefined ? 'a limit order needs a limit price' : undefined;
    case 'stop':
      return spec.stopPrice === undefined ? 'a stop order needs a stop price' : undefined;
    case 'stop_limit':
      return spec.stopPrice === undefined || spec.limitPrice === undefined
        ? 'a stop-limit order needs a stop and a limit price'
        : undefined;
    case 'trailing_stop':
      if (spec.trailPercent === undefined && spec.trailPrice === undefined) return 'a trailing stop needs a trail percent or price';
      return spec.trailPercent !== undefined && spec.trailPrice !== undefined
        ? 'give a trail percent or a trail price, not both'
        : undefined;
  }
}

function namedPrices(spec: OrderSpec): [string, Decimal][] {
  const named: [string, Decimal][] = [];
  if (spec.limitPrice !== undefined) named.push(['limit', spec.limitPrice]);
  if (spec.stopPrice !== undefined) named.push(['stop', spec.stopPrice]);
  return named;
}

function duplicateProblem(spec: OrderSpec, ctx: RiskContext, windowMs: number): string | undefined {
  let match: RecentIntent | undefined;
  for (const intent of ctx.recentIntents) {
    const fresh = ctx.now - intent.at < windowMs;
    if (fresh && sameIntent(spec, intent.spec) && (match === undefined || intent.at > match.at)) match = intent;
  }
  if (match === undefined) return undefined;
  const age = Math.max(0, ctx.now - match.at);
  // Rounded up, so waiting the time named is always enough.
  const wait = Math.ceil((match.at + windowMs - ctx.now) / 100) / 10;
  return (
    `same as #${match.seq} sent ${(age / 1000).toFixed(1)}s ago — refused as a likely double submit; ` +
    `wait ${wait.toFixed(1)}s or change the order`
  );
}

/** Same order text, in effect: a changed time in force counts as a change the trader meant. */
function sameIntent(a: OrderSpec, b: OrderSpec): boolean {
  return (
    a.symbol === b.symbol &&
    a.side === b.side &&
    a.type === b.type &&
    a.timeInForce === b.timeInForce &&
    sameAmount(a.qty, b.qty) &&
    sameAmount(a.notional, b.notional) &&
    sameAmount(a.limitPrice, b.limitPrice) &&
    sameAmount(a.stopPrice, b.stopPrice) &&
    sameAmount(a.trailPercent, b.trailPercent) &&
    sameAmount(a.trailPrice, b.trailPrice)
  );
}

function sameAmount(a: Decimal | undefined, b: Decimal | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.eq(b);
}

/**
 * Notional, position and buying power. An order that only reduces the position passes all three:
 * it can add no exposure and frees buying power, and a trader must always be able to close.
 */
function exposureProblem(spec: OrderSpec, ctx: RiskContext, limits: RiskLimits): string | undefined {
  if (isRiskReducing(spec, ctx.positionQty)) return undefined;
  const at = estimatedPrice(spec, ctx.quote);
  const order = sizeAt(spec, at);
  return (
    notionalProblem(spec, order, at, limits.maxOrderNotional) ??
    positionProblem(spec, order, at, ctx.positionQty, limits.maxPositionQty) ??
    buyingPowerProblem(spec, order, at, ctx)
  );
}

/**
 * What the order is expected to trade at: its limit (the most a buy pays), else its stop (where a
 * stop becomes a market order), else the side of the quote it would take, else the reference price.
 * An order with none of these was refused before (unpricedProblem) unless it reduces the position.
 */
function estimatedPrice(spec: OrderSpec, quote: RiskContext['quote']): Decimal | undefined {
  const candidates = [spec.limitPrice, spec.stopPrice, spec.side === 'buy' ? quote?.ask : quote?.bid, referencePrice(quote)?.value];
  return candidates.find((p): p is Decimal => p !== undefined && p.gt(0));
}

interface Reference {
  /** How the refusal names it: `last`, or `mid` / `ask` / `bid` before the symbol's first trade. */
  readonly name: string;
  readonly value: Decimal;
}

/** The price a limit or stop is judged against: the last trade, else what the quote still shows. */
function referencePrice(quote: RiskContext['quote']): Reference | undefined {
  if (quote === undefined) return undefined;
  const { bid, ask, last } = quote;
  if (last?.gt(0) === true) return { name: 'last', value: last };
  if (bid.gt(0) && ask.gt(0)) return { name: 'mid', value: bid.plus(ask).div(2) };
  if (ask.gt(0)) return { name: 'ask', value: ask };
  return bid.gt(0) ? { name: 'bid', value: bid } : undefined;
}

interface Size {
  /** Shares: given, or a $ amount divided by the estimated price. */
  readonly qty?: Decimal;
  /** Dollars: given, or shares times the estimated price. */
  readonly notional?: Decimal;
}

function sizeAt(spec: OrderSpec, at: Decimal | undefined): Size {
  if (spec.qty !== undefined) return { qty: spec.qty, ...(at !== undefined && { notional: spec.qty.times(at) }) };
  const notional = spec.notional ?? ZERO;
  return { notional, ...(at !== undefined && { qty: notional.div(at) }) };
}

function notionalProblem(spec: OrderSpec, order: Size, at: Decimal | undefined, max: Decimal): string | undefined {
  if (order.notional === undefined || order.notional.lte(max)) return undefined;
  if (spec.qty === undefined || at === undefined) {
    return `order ${money(order.notional)} is over the max order notional ${money(max)} — at most ${money(max)}`;
  }
  const most = max.div(at).toDecimalPlaces(0, Decimal.ROUND_DOWN);
  return (
    `order ≈ ${money(order.notional)} (${shares(spec.qty)} × ${price(at)}) is over the max order notional ` +
    `${money(max)} — at most ${shares(most)} shares at ${price(at)}`
  );
}

function positionProblem(
  spec: OrderSpec,
  order: Size,
  at: Decimal | undefined,
  position: Decimal,
  max: Decimal,
): string | undefined {
  if (order.qty === undefined) return undefined;
  const after = spec.side === 'buy' ? position.plus(order.qty) : position.minus(order.qty);
  if (after.abs().lte(max)) return undefined;
  const room = spec.side === 'buy' ? max.minus(position) : max.plus(position);
  if (!room.gt(0)) {
    return (
      `${spec.symbol} position is already ${signedShares(position)} (max ${shares(max)}) — ` +
      'only orders that reduce it are allowed'
    );
  }
  const most = spec.notional !== undefined && at !== undefined ? money(cents(room.times(at))) : `${shares(room)} shares`;
  // A $ amount's share count is an estimate with many places: two are shown, rounded away from
  // zero so a figure just over the max never reads as the max itself.
  const resulting =
    spec.qty === undefined ? `≈ ${signedShares(after.toDecimalPlaces(2, Decimal.ROUND_UP))}` : signedShares(after);
  return (
    `would take ${spec.symbol} to ${resulting} shares, over the max position ${shares(max)} — ` +
    `at most ${most} ${spec.side === 'buy' ? 'to buy' : 'to sell'}`
  );
}

function buyingPowerProblem(spec: OrderSpec, order: Size, at: Decimal | undefined, ctx: RiskContext): string | undefined {
  const available = ctx.buyingPower;
  if (available === undefined || at === undefined || order.qty === undefined || order.notional === undefined) return undefined;
  // Only the part that opens or adds to a position needs buying power; covering or selling held shares frees it.
  const reducible = maxDec(ZERO, spec.side === 'buy' ? ctx.positionQty.neg() : ctx.positionQty);
  const cost = reducible.isZero() ? order.notional : order.qty.minus(minDec(order.qty, reducible)).times(at);
  if (cost.lte(available)) return undefined;
  const most =
    spec.qty === undefined
      ? money(cents(available.plus(reducible.times(at))))
      : `${shares(reducible.plus(available.div(at).toDecimalPlaces(0, Decimal.ROUND_DOWN)))} shares at ${price(at)}`;
  return `needs ≈ ${money(cost)} of buying power, ${money(available)} available — at most ${most}`;
}
