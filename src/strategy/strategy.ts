import { ZERO, type Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import type { OrderType, Side } from '../domain/order-types.js';
import type { Bar } from '../domain/bar.js';
import type { ParamSchema, ParamValues } from './params.js';

/**
 * The bars of the strategy's symbol that have happened, read by index. Numbers, not objects: a
 * backtest serves these straight from Float64Array columns and a live runner from its bounded
 * history, so reading a bar allocates nothing. Indices count from the first bar the series ever
 * held and never shift; the current bar is `length - 1`. Reading an index outside
 * [`first`, `length`) throws a RangeError, which is what keeps a strategy from seeing a bar after
 * the current one.
 */
export type BarSeries = {
  /** One past the current bar. */
  readonly length: number;
  /** The oldest index still readable: 0 unless a live series has let old bars go. */
  readonly first: number;
} & { readonly [F in keyof Bar]: (index: number) => number };

/** The strategy's own net position in its symbol, from its own fills: qty signed, negative is short. */
export interface PositionView {
  readonly qty: Decimal;
  /** Average price of the open quantity; zero when flat. */
  readonly avgPrice: Decimal;
}

/** One of the strategy's orders still working, including one sent and not yet acknowledged. */
export interface WorkingOrderView {
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly qty: Decimal;
  readonly filledQty: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
}

export interface StrategyLogger {
  info(text: string): void;
  warn(text: string): void;
}

/**
 * What a handler may read. A backtest keeps one context per run and changes it in place between
 * bars, so a handler must read it during the call and keep nothing of it but numbers it copied.
 */
export interface StrategyContext {
  readonly symbol: string;
  readonly bars: BarSeries;
  readonly position: PositionView;
  readonly workingOrders: readonly WorkingOrderView[];
  /** The cash of the account the strategy trades from (its allocation, in a backtest). */
  readonly cash: Decimal;
  /** Clock time in epoch ms: the wall clock live, the current bar's end in a backtest. */
  now(): number;
  readonly log: StrategyLogger;
}

/**
 * Shares: a positive whole number, or `all` for as many whole shares as the equity buys (see
 * sharesForAll), on buy, sell and target alike; to get out of what is held, ask for `close`. A
 * strategy says `all` rather than computing it because only the executor knows the price the order
 * will fill at (a backtest's next open, a live quote); sharesForAll is the one rule every executor
 * applies.
 */
export type Size = number | 'all';

/**
 * A buy or sell at market unless it names a price: `limit` (no worse than it), `stop` (at market
 * once the price reaches it), or both (a stop-limit). Plain numbers, as strategies compute them;
 * the executor puts them on the exchange's price steps.
 */
export interface OrderPrices {
  readonly limit?: number;
  readonly stop?: number;
}

/** Which way a target position faces. */
export type Direction = 'long' | 'short';

/**
 * What a strategy asks for, always in its own symbol (the runner adds the symbol, so a strategy
 * cannot trade another's). `close` and `target` name an end state: an executor that finds the
 * position already there sends nothing. `reason` is a short line for the log and the strategies pane.
 */
export type StrategyIntent =
  | ({ readonly kind: 'buy'; readonly size: Size; readonly reason: string } & OrderPrices)
  | ({ readonly kind: 'sell'; readonly size: Size; readonly reason: string } & OrderPrices)
  | { readonly kind: 'close'; readonly reason: string }
  | { readonly kind: 'target'; readonly direction: Direction; readonly size: Size; readonly reason: string }
  /** Cancels one working order, or all of them when no id is given. */
  | { readonly kind: 'cancel'; readonly clientOrderId?: string; readonly reason: string };

/**
 * A handler's answer. Nothing on most bars, so the common case allocates nothing; handlers are
 * synchronous so a backtest can call them millions of times a second without a promise each.
 */
export type Intents = void | StrategyIntent | readonly StrategyIntent[];

/** The fill as a strategy sees it: its own order's execution, in exact decimals. */
export type StrategyFill = Pick<Fill, 'clientOrderId' | 'side' | 'qty' | 'price' | 'commission' | 'at'>;

/** One running instance's handlers; each `create` makes fresh ones, so instances share no state. */
export interface StrategyHandlers {
  onStart?(ctx: StrategyContext): Intents;
  onBar(ctx: StrategyContext): Intents;
  onFill?(fill: StrategyFill, ctx: StrategyContext): Intents;
  /** Last word before the runner cancels the working orders; too late to ask for anything. */
  onStop?(ctx: StrategyContext): void;
}

export interface StrategyDefinition<S extends ParamSchema = ParamSchema> {
  /** What the trader types after `strategy start`: lowercase words joined by hyphens. */
  readonly name: string;
  /** One line for `strategies`. */
  readonly description: string;
  readonly params: S;
  /** A rule across parameters (fast below slow): one line saying what is wrong, or undefined. */
  check?(params: ParamValues<S>): string | undefined;
  /** Bars that must have happened before the first signal can come, for warming up from history. */
  warmUpBars(params: ParamValues<S>): number;
  create(params: ParamValues<S>): StrategyHandlers;
}

/** Keeps a definition's parameter types exact where it is written. */
export function defineStrategy<const S extends ParamSchema>(definition: StrategyDefinition<S>): StrategyDefinition<S> {
  return definition;
}

/** The intents in a handler's answer, as a list. */
export function intentsOf(answer: Intents): readonly StrategyIntent[] {
  if (answer === undefined) return [];
  return isIntentList(answer) ? answer : [answer];
}

function isIntentList(answer: StrategyIntent | readonly StrategyIntent[]): answer is readonly StrategyIntent[] {
  return Array.isArray(answer);
}

const KINDS = ['buy', 'sell', 'close', 'target', 'cancel'];

/**
 * What is wrong with an intent a strategy returned, or undefined. A trader's strategy is plain
 * JavaScript at run time, so an executor checks every intent before it becomes an order.
 */
export function checkIntent(intent: unknown): string | undefined {
  if (typeof intent !== 'object' || intent === null) return `an intent must be an object like { kind: 'buy', size: 10, reason: '…' }, not ${String(intent)}`;
  const { kind, size, direction, reason, clientOrderId, limit, stop } = intent as Record<string, unknown>;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return `an intent's kind must be ${KINDS.join(', ')}, not ${String(kind)}`;
  if (typeof reason !== 'string') return `a ${kind} intent needs a reason (a short line of text)`;
  if (kind === 'buy' || kind === 'sell' || kind === 'target') {
    if (size !== 'all' && !(Number.isSafeInteger(size) && (size as number) > 0)) {
      return `a ${kind} intent's size must be a whole number of shares above 0 or 'all', not ${String(size)}`;
    }
  }
  for (const [name, price] of [['limit', limit], ['stop', stop]] as const) {
    if (price === undefined) continue;
    if (kind !== 'buy' && kind !== 'sell') return `only a buy or sell intent takes a ${name} price; a ${kind} is at market`;
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) return `a ${kind} intent's ${name} must be a price above 0, not ${String(price)}`;
  }
  if (kind === 'target' && direction !== 'long' && direction !== 'short') return `a target intent's direction must be long or short, not ${String(direction)}`;
  if (kind === 'cancel' && clientOrderId !== undefined && typeof clientOrderId !== 'string') return `a cancel intent's clientOrderId must be text, not ${String(clientOrderId)}`;
  return undefined;
}

/**
 * The whole shares `size: 'all'` means: the most that equity (cash plus the position marked at
 * `price`) buys at `price`. Never negative: an account whose equity is gone buys nothing.
 */
export function sharesForAll(cash: Decimal, positionQty: Decimal, price: Decimal): number {
  if (price.lte(ZERO)) throw new RangeError(`a price to size 'all' at must be above 0, not ${price.toString()}`);
  const equity = cash.plus(positionQty.times(price));
  if (equity.lte(ZERO)) return 0;
  // A float quotient is right or off by one while it is a safe integer; two exact products settle
  // it, several times faster than an exact division (a backtest sizes every entry this way).
  let shares = Math.floor(equity.toNumber() / price.toNumber());
  if (!(shares < Number.MAX_SAFE_INTEGER)) return equity.dividedToIntegerBy(price).toNumber();
  while (shares > 0 && price.times(shares).gt(equity)) shares -= 1;
  while (price.times(shares + 1).lte(equity)) shares += 1;
  return shares;
}
