import { Decimal, ZERO } from '../domain/decimal.js';
import type { CommissionModel } from '../domain/costs/commission.js';
import type { Side } from '../domain/order-types.js';
import type { ParamSchema, ParamValues } from '../strategy/params.js';
import {
  checkIntent,
  intentsOf,
  type Intents,
  type PositionView,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFill,
  type StrategyLogger,
} from '../strategy/strategy.js';
import { planIntent, type PositionIntent } from '../strategy/order-plan.js';
import { BacktestBooks } from './backtest-books.js';
import { ColumnSeries } from './column-series.js';
import { affordableShares, fillCosts, type BarSlippage } from './fill-costs.js';
import { PendingIntents } from './pending-intents.js';
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
  let clock = total > 0 ? (bars.start[0] as number) : 0;
  let bar = -1;

  const position: { qty: Decimal; avgPrice: Decimal } & PositionView = { qty: ZERO, avgPrice: ZERO };
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
    now: () => clock,
    log,
  };

  const refuse = (why: string, text: string): void => {
    refused[why] = (refused[why] ?? 0) + 1;
    log.warn(`${text}: refused (${why})`);
  };

  const take = (answer: Intents, priceSeen: number | undefined): void => {
    for (const intent of intentsOf(answer)) {
      const problem = checkIntent(intent);
      if (problem !== undefined) refuse('invalid_intent', problem);
      else if (intent.kind === 'cancel') {
        if (pending.cancel(intent.clientOrderId) === 0) refuse('not_working', `cancel (${intent.reason}): ${intent.clientOrderId ?? 'no order'} is not working`);
      } else pending.add(intent, priceSeen);
    }
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

  /** Fills at `quoteValue` (an open, or the last close at the end), `quote` being its decimal. */
  const fill = (side: Side, qty: Decimal, at: number, quote: Decimal, quoteValue: number, reason: string, clientOrderId: string, closedAtEnd: boolean): void => {
    const price = costs.price(side, qty, quote, bars.volume[at] as number);
    const priceValue = price === quote ? quoteValue : price.toNumber();
    const commission = costs.commission(side, qty, price);
    books.book({ side, qty, price, priceValue, commission, bar: at, time: bars.start[at] as number, reason, closedAtEnd });
    position.qty = books.qty;
    position.avgPrice = books.avgPrice;
    if (closedAtEnd || handlers.onFill === undefined) return;
    const heard: StrategyFill = { clientOrderId, side, qty, price, commission, at: clock };
    call('onFill', () => handlers.onFill?.(heard, context), bars.open[at] as number);
  };

  /**
   * Whether a leg of size=all must be fitted to the money: one that adds to the position. Opened
   * from flat without costs, sharesForAll already spent no more than the cash.
   */
  const capsAll = (intent: PositionIntent, side: Side): boolean => {
    if (intent.kind === 'close' || intent.size !== 'all') return false;
    if (books.qty.isZero()) return !costs.free;
    return (side === 'buy') === books.qty.isPos();
  };

  const execute = (at: number): void => {
    const open = new Decimal(bars.open[at] as number);
    pending.open();
    for (let next = pending.next(); next !== undefined; next = pending.next()) {
      const { intent, clientOrderId } = next;
      const plan = planIntent(intent, books.qty, { cash: books.cash, price: open });
      if (!plan.ok) {
        refuse(plan.reason, `${intent.kind} (${intent.reason}): ${plan.message}`);
        continue;
      }
      if (plan.legs.length === 0) refuse('already_there', `${intent.kind} (${intent.reason}): the position is already ${books.qty.toString()}`);
      for (const leg of plan.legs) {
        const qty = capsAll(intent, leg.side) ? affordableShares(costs, leg.side, leg.qty, open, bars.volume[at] as number, freeEquity(books, open)) : leg.qty;
        if (qty.isZero()) {
          refuse('no_shares', `${intent.kind} (${intent.reason}): size all buys no shares at ${open.toString()}`);
          break;
        }
        fill(leg.side, qty, at, open, bars.open[at] as number, intent.reason, clientOrderId, false);
      }
    }
  };

  call('onStart', () => handlers.onStart?.(context), undefined);
  const progressStep = Math.max(1, Math.ceil(total / PROGRESS_CALLS));
  let progressLeft = progressStep;
  for (let i = 0; i < total; i++) {
    bar = i;
    clock = bars.start[i] as number;
    if (pending.size > 0) execute(i);
    series.length = i + 1;
    clock = barEnd(bars, i);
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
    const left = pending.cancel(undefined);
    refused['no_next_bar'] = (refused['no_next_bar'] ?? 0) + left;
  }
  if (total > 0 && !books.qty.isZero()) {
    const last = total - 1;
    const close = bars.close[last] as number;
    fill(books.qty.isPos() ? 'sell' : 'buy', books.qty.abs(), last, new Decimal(close), close, 'end of data', 'end-of-data', true);
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
    trades: books.trades,
    warmUpBars: definition.warmUpBars(params),
    refused,
  };
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
