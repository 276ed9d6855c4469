import { Decimal, ZERO } from '../domain/decimal.js';
import type { CommissionModel } from '../domain/costs/commission.js';
import type { Side } from '../domain/order-types.js';
import { roundToTick } from '../domain/tick.js';
import type { ParamSchema, ParamValues } from '../strategy/params.js';
import {
  checkIntent,
  type Intents,
  type PositionView,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFill,
  type StrategyIntent,
  type StrategyLogger,
} from '../strategy/strategy.js';
import { planIntent, type PositionIntent } from '../strategy/order-plan.js';
import { BacktestBooks } from './backtest-books.js';
import type { TradePrice } from './booked-trade.js';
import { ColumnSeries } from './column-series.js';
import { affordableShares, fillCosts, type BarSlippage } from './fill-costs.js';
import { decimalOfUnits, exact, unitsOfFloat, wholeTimes } from './fixed-money.js';
import { touch } from './order-touch.js';
import { orderId, PendingIntents, type PendingIntent } from './pending-intents.js';
import type { BacktestRun, BarColumns } from './types.js';

export interface BacktestOptions<S extends ParamSchema = ParamSchema> {
  readonly definition: StrategyDefinition<S>;
  /** Resolved values (resolveStrategyParams). */
  readonly params: ParamValues<S>;
  readonly symbol: string;
  readonly bars: BarColumns;
  readonly cash: Decimal;
  readonly commission?: CommissionModel;
  readonly slippage?: BarSlippage;
  /** Bars done of the total, at most about a hundred times a run. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The parameters as the report shows them; the resolved values when absent. */
  readonly paramsShown?: Readonly<Record<string, string | number>>;
  /** Where the strategy's log lines and the refusals' reasons go; nowhere when absent. */
  readonly log?: StrategyLogger;
}

const QUIET: StrategyLogger = { info: () => undefined, warn: () => undefined };
const PROGRESS_CALLS = 100;

/**
 * Runs a strategy over one symbol's bars, synchronously (backtesting.py's default semantics):
 * - onBar runs for every bar from the first, seeing bars up to and including it; a strategy guards
 *   its own warm-up, as it does live, so a strategy that honours `warmUpBars` has traded nothing
 *   and its equity is the starting cash until then;
 * - intents made on bar i (by onBar, or by onFill at bar i's open) execute at bar i+1's open, in
 *   the order made, each planned there from the books as order-plan reads it live (a reversal is
 *   the close and then the new side); until then each is a working market order the strategy sees
 *   and may cancel;
 * - a fill is at the open as its shortest decimal, moved against the trader by the slippage, then
 *   charged the commission; onFill hears it at once;
 * - size=all opens as many whole shares as fill price × shares + commission fits in the equity
 *   left after the position's own margin (cash when flat), worked out after the same intent's close
 *   is booked; shorts alike; a whole-number size fills as asked;
 * - equity is cash plus the position marked at each close (float); the position still open after
 *   the last bar is closed at the last bar's close and counted (backtesting.py's finalize_trades,
 *   whose published GOOG figures need the close, not the open), and the last equity is then the
 *   exact final cash; intents made on the last bar have no open to fill at and are refused.
 * Money is exact throughout: without costs, in fixed-money units (whole numbers of 10^-8 in plain
 * numbers) for as long as every price and the cash fit them, planned in whole shares as order-plan
 * and sharesForAll would plan them; otherwise, and from then on, in decimal.js. The trades are
 * kept in columns and made, with their decimals, when first read (TradeLog). The bar loop
 * allocates nothing.
 */
export function runBacktest<S extends ParamSchema>(options: BacktestOptions<S>): BacktestRun {
  const { definition, params, symbol, bars } = options;
  const log = options.log ?? QUIET;
  const handlers = definition.create(params);
  const costs = fillCosts(options.slippage, options.commission);
  const books = new BacktestBooks(options.cash);
  const pending = new PendingIntents();
  const refused: Record<string, number> = {};
  const series = new ColumnSeries(bars);
  const equity = new Float64Array(bars.length);
  const total = bars.length;
  let bar = -1;
  // The clock is a bar and which end of it, worked out when read: a time kept in a variable the
  // context's closure reads would be a new heap number each time it was set, twice a bar.
  let clockAtEnd = false;
  const clock = (): number => (total === 0 ? 0 : clockAtEnd ? barEnd(bars, bar) : (bars.start[Math.max(bar, 0)] as number));

  const position: PositionView = {
    get qty() {
      return books.qty;
    },
    get avgPrice() {
      return books.avgPrice;
    },
  };
  const context: StrategyContext = {
    symbol,
    bars: series,
    position,
    get workingOrders() {
      return pending.working(books);
    },
    get cash() {
      return books.cash;
    },
    now: clock,
    log,
  };

  const refuse = (why: string, text: string): void => {
    refused[why] = (refused[why] ?? 0) + 1;
    log.warn(`${text}: refused (${why})`);
  };

  const takeOne = (intent: StrategyIntent, priceSeen: number | undefined): void => {
    const problem = checkIntent(intent);
    if (problem !== undefined) refuse('invalid_intent', problem);
    else if (intent.kind === 'cancel') {
      if (pending.cancel(intent.clientOrderId) === 0) refuse('not_working', `cancel (${intent.reason}): ${intent.clientOrderId ?? 'no order'} is not working`);
    } else pending.add(intent, priceSeen);
  };

  const take = (answer: StrategyIntent | readonly StrategyIntent[], priceSeen: number | undefined): void => {
    if (!Array.isArray(answer)) takeOne(answer as StrategyIntent, priceSeen);
    else for (const intent of answer as readonly StrategyIntent[]) takeOne(intent, priceSeen);
  };

  const call = (phase: string, answer: () => Intents, priceSeen: number | undefined): void => {
    let result: Intents;
    try {
      result = answer();
    } catch (error) {
      throw handlerFailure(definition.name, phase, bar, error);
    }
    if (result !== undefined) take(result, priceSeen);
  };

  /**
   * Fills at `quoteValue`, bar `at`'s open or, at the end, its close: in fixed-money units when the
   * run has no costs and the books and the price have units, else as decimals through the costs.
   */
  const fill = (side: Side, shares: number, at: number, quoteValue: number, order: PendingIntent | undefined): void => {
    const closedAtEnd = order === undefined;
    const reason = order === undefined ? 'end of data' : order.intent.reason;
    const time = bars.start[at] as number;
    const units = costs.free && books.inUnits ? unitsOfFloat(quoteValue) : Number.NaN;
    let price: TradePrice = units;
    let commission = ZERO;
    if (Number.isNaN(units) || !books.book({ side, shares, price: units, priceValue: quoteValue, commission, bar: at, time, reason, closedAtEnd })) {
      const quote = new Decimal(quoteValue);
      const qty = new Decimal(shares);
      const slipped = costs.price(side, qty, quote, bars.volume[at] as number);
      commission = costs.commission(side, qty, slipped);
      price = slipped;
      books.book({ side, shares, price: slipped, priceValue: slipped === quote ? quoteValue : slipped.toNumber(), commission, bar: at, time, reason, closedAtEnd });
    }
    if (order === undefined || handlers.onFill === undefined) return;
    const heard: StrategyFill = { clientOrderId: orderId(order.number), side, qty: new Decimal(shares), price: typeof price === 'number' ? decimalOfUnits(price) : price, commission, at: clock() };
    call('onFill', () => handlers.onFill?.(heard, context), bars.open[at] as number);
  };

  /**
   * Whether a leg of size=all must be fitted to the money: one that adds to the position. Opened
   * from flat without costs, sharesForAll already spent no more than the cash.
   */
  const capsAll = (intent: PositionIntent, side: Side): boolean => {
    if (intent.kind === 'close' || intent.size !== 'all') return false;
    if (books.qtyValue === 0) return !costs.free;
    return (side === 'buy') === books.qtyValue > 0;
  };

  /** Fills one leg of an intent in bar `at`, at its open unless a priced order's price is given; false when size=all could buy no shares. */
  const fillLeg = (at: number, pendingIntent: PendingIntent, side: Side, planned: number, priceValue = bars.open[at] as number): boolean => {
    const { intent } = pendingIntent;
    const shares = capsAll(intent, side) ? affordable(side, planned, at, priceValue) : planned;
    if (shares === 0) {
      refuse('no_shares', `${intent.kind} (${intent.reason}): size all buys no shares at ${new Decimal(priceValue).toString()}`);
      return false;
    }
    fill(side, shares, at, priceValue, pendingIntent);
    return true;
  };

  /** Of `planned` shares, the most the equity not behind the position pays for at `openValue` (the price it fills at). */
  const affordable = (side: Side, planned: number, at: number, openValue: number): number => {
    const priceUnits = costs.free && books.inUnits ? unitsOfFloat(openValue) : Number.NaN;
    const exposure = exact(books.qtyValue * priceUnits);
    // Cash when long; a short's margin (its value, again) held back.
    const budget = exact(books.qtyValue < 0 ? books.cashUnits + 2 * exposure : books.cashUnits);
    if (!Number.isNaN(budget) && priceUnits > 0) return Math.min(planned, wholeTimes(budget, priceUnits));
    const open = new Decimal(openValue);
    return affordableShares(costs, side, new Decimal(planned), open, bars.volume[at] as number, freeEquity(books, open)).toNumber();
  };

  /** An intent planned in whole shares from the books in units; false when units cannot plan it exactly. */
  const executeInUnits = (at: number, next: PendingIntent, priceUnits: number): boolean => {
    const held = books.qtyValue;
    const target = targetShares(next.intent, held, books.cashUnits, priceUnits);
    if (target === undefined) return false;
    if (target === held) {
      refuse('already_there', `${next.intent.kind} (${next.intent.reason}): the position is already ${books.qty.toString()}`);
      return true;
    }
    if (held !== 0 && target !== 0 && held < 0 !== target < 0) {
      const closing: Side = held < 0 ? 'buy' : 'sell';
      if (fillLeg(at, next, closing, Math.abs(held))) fillLeg(at, next, closing, Math.abs(target));
    } else fillLeg(at, next, target < held ? 'sell' : 'buy', Math.abs(target - held));
    return true;
  };

  const execute = (at: number): void => {
    const openValue = bars.open[at] as number;
    const priceUnits = costs.free ? unitsOfFloat(openValue) : Number.NaN;
    pending.open();
    for (let next = pending.next(); next !== undefined; next = pending.next()) {
      const { intent } = next;
      let fillValue = openValue;
      if (intent.kind === 'buy' || intent.kind === 'sell') {
        if (intent.limit !== undefined || intent.stop !== undefined) {
          const touched = touch(intent.kind, onTicks(intent.limit), onTicks(intent.stop), openValue, bars.high[at] as number, bars.low[at] as number);
          if (touched.kind === 'wait') {
            pending.rest(next);
            continue;
          }
          if (touched.kind === 'triggered') {
            const { stop: _triggered, ...limitOnly } = intent;
            pending.rest({ ...next, intent: limitOnly });
            continue;
          }
          fillValue = touched.price;
        } else if (!Number.isNaN(priceUnits) && books.inUnits && executeInUnits(at, next, priceUnits)) continue;
      } else if (!Number.isNaN(priceUnits) && books.inUnits && executeInUnits(at, next, priceUnits)) continue;
      const plan = planIntent(intent, books.qty, { cash: books.cash, price: new Decimal(fillValue) });
      if (!plan.ok) {
        refuse(plan.reason, `${intent.kind} (${intent.reason}): ${plan.message}`);
        continue;
      }
      if (plan.legs.length === 0) refuse('already_there', `${intent.kind} (${intent.reason}): the position is already ${books.qty.toString()}`);
      for (const leg of plan.legs) if (!fillLeg(at, next, leg.side, leg.qty.toNumber(), fillValue)) break;
    }
  };

  call('onStart', () => handlers.onStart?.(context), undefined);
  const progressStep = Math.max(1, Math.ceil(total / PROGRESS_CALLS));
  let progressLeft = progressStep;
  for (let i = 0; i < total; i++) {
    bar = i;
    clockAtEnd = false;
    if (pending.size > 0) execute(i);
    series.length = i + 1;
    clockAtEnd = true;
    const answer = runOnBar(handlers.onBar, context, definition.name, i);
    if (answer !== undefined) take(answer, bars.close[i] as number);
    equity[i] = books.cashValue + books.qtyValue * (bars.close[i] as number);
    if (--progressLeft === 0 || i === total - 1) {
      progressLeft = progressStep;
      options.onProgress?.(i + 1, total);
    }
  }
  try {
    handlers.onStop?.(context);
  } catch (error) {
    throw handlerFailure(definition.name, 'onStop', bar, error);
  }
  if (pending.size > 0) {
    // Priced orders the bars never reached are left unfilled; what the last bar asked has no open to fill at.
    const unfilled = pending.restingCount;
    const left = pending.cancel(undefined) - unfilled;
    if (unfilled > 0) refused['unfilled'] = unfilled;
    if (left > 0) refused['no_next_bar'] = (refused['no_next_bar'] ?? 0) + left;
  }
  if (total > 0 && books.qtyValue !== 0) {
    const last = total - 1;
    fill(books.qtyValue > 0 ? 'sell' : 'buy', Math.abs(books.qtyValue), last, bars.close[last] as number, undefined);
    // Without costs this is the close's mark already; with them, the last equity is the exact final cash.
    equity[last] = books.cashValue;
  }

  return {
    symbol,
    strategy: definition.name,
    params: options.paramsShown ?? shownParams(params),
    bars,
    startingCash: options.cash,
    equity,
    equityFinal: books.cash,
    // Made from the books' columns when first read: most of a run's cost is otherwise in keeping them.
    get trades() {
      return books.trades();
    },
    warmUpBars: definition.warmUpBars(params),
    refused,
  };
}

/** A strategy's price on the exchange's steps, as order-plan puts it live. */
function onTicks(price: number | undefined): number | undefined {
  return price === undefined ? undefined : roundToTick(new Decimal(String(price))).toNumber();
}

/** onBar in its own function so the bar loop's try block stays out of the hot path's way. */
function runOnBar(onBar: (ctx: StrategyContext) => Intents, context: StrategyContext, name: string, bar: number): Intents {
  try {
    return onBar(context);
  } catch (error) {
    throw handlerFailure(name, 'onBar', bar, error);
  }
}

function handlerFailure(name: string, phase: string, bar: number, error: unknown): Error {
  const where = bar < 0 ? 'before the first bar' : `at bar ${bar}`;
  return new Error(`strategy ${name} failed in ${phase} ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * The whole shares an intent asks the position to be, planned as planIntent plans it, from the
 * books in fixed-money units at a price in units; undefined when the units cannot say it exactly,
 * or the plan is refused (size=all with no price or no shares), which the decimal planner words.
 */
function targetShares(intent: PositionIntent, held: number, cashUnits: number, priceUnits: number): number | undefined {
  if (intent.kind === 'close') return 0;
  let shares = intent.size;
  if (shares === 'all') {
    const equity = exact(cashUnits + exact(held * priceUnits));
    if (!(priceUnits > 0) || Number.isNaN(equity)) return undefined;
    shares = wholeTimes(equity, priceUnits);
    if (shares === 0) return undefined;
  }
  if (intent.kind === 'buy') return held + shares;
  if (intent.kind === 'sell') return held - shares;
  return intent.direction === 'long' ? shares : -shares;
}

/** Equity not already standing behind the position: cash when flat or long, less the short's margin when short. */
function freeEquity(books: BacktestBooks, price: Decimal): Decimal {
  return books.cash.plus(books.qty.times(price)).minus(books.qty.abs().times(price));
}

/** When bar i ends: the next bar's start, or for the last bar its start plus the spacing before it. */
function barEnd(bars: BarColumns, i: number): number {
  const start = bars.start[i] as number;
  if (i + 1 < bars.length) return bars.start[i + 1] as number;
  return i > 0 ? start + (start - (bars.start[i - 1] as number)) : start;
}

function shownParams(params: Readonly<Record<string, unknown>>): Record<string, string | number> {
  const shown: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) shown[key] = typeof value === 'number' ? value : String(value);
  return shown;
}
