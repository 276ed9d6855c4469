import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.js';
import { touch } from '../../src/backtest/order-touch.js';
import type { BarColumns } from '../../src/backtest/types.js';
import { dec } from '../../src/domain/decimal.js';
import type { Intents, StrategyIntent, WorkingOrderView } from '../../src/strategy/strategy.js';
import { DAY, FIRST_DAY, scripted, type Script } from './bar-columns.js';

/** Daily bars from [open, high, low, close] rows. */
function ohlc(rows: readonly (readonly [number, number, number, number])[]): BarColumns {
  const column = (k: number): Float64Array => Float64Array.from(rows, (row) => row[k] as number);
  return { length: rows.length, start: Float64Array.from(rows, (_, i) => FIRST_DAY + i * DAY), open: column(0), high: column(1), low: column(2), close: column(3), volume: Float64Array.from(rows, () => 1000) };
}

function run(rows: readonly (readonly [number, number, number, number])[], onBar: Readonly<Record<number, Intents>>, extra: Omit<Script, 'onBar'> = {}) {
  return runBacktest({ definition: scripted({ onBar, ...extra }), params: {}, symbol: 'TEST', bars: ohlc(rows), cash: dec(10000) });
}

const entries = (result: ReturnType<typeof run>) => result.trades.map((t) => [t.entryBar, t.entryPrice.toString(), t.size]);
const buyAt = (price: Partial<Record<'limit' | 'stop', number>>, size = 10): StrategyIntent => ({ kind: 'buy', size, reason: 'in', ...price });

describe('limit and stop orders in a backtest', () => {
  it('fills a buy limit within a later bar when its low reaches the limit, at the limit, and waits bars that do not', () => {
    // Made on bar 0; bar 1 stays above 95; bar 2's low reaches it.
    const result = run([[100, 101, 99, 100], [100, 102, 96, 101], [99, 100, 94, 98], [98, 99, 97, 98]], { 0: buyAt({ limit: 95 }) });
    expect(entries(result)).toEqual([[2, '95', 10]]);
  });

  it('fills at the open when the bar gaps through the price, which is better than the price', () => {
    const limit = run([[100, 101, 99, 100], [90, 92, 89, 91], [91, 92, 90, 91]], { 0: buyAt({ limit: 95 }) });
    expect(entries(limit)).toEqual([[1, '90', 10]]);
    const stop = run([[100, 101, 99, 100], [110, 112, 109, 111], [111, 112, 110, 111]], { 0: buyAt({ stop: 105 }) });
    expect(entries(stop)).toEqual([[1, '110', 10]]);
  });

  it('fills a buy stop when the high reaches the stop, at the stop; a sell stop when the low does', () => {
    const buyStop = run([[100, 101, 99, 100], [101, 106, 100, 105], [105, 106, 104, 105]], { 0: buyAt({ stop: 105 }) });
    expect(entries(buyStop)).toEqual([[1, '105', 10]]);
    const sellStop = run([[100, 101, 99, 100], [100, 101, 99, 100], [99, 100, 94, 95], [95, 96, 94, 95]], { 0: buyAt({}), 1: { kind: 'sell', size: 10, stop: 96, reason: 'stop out' } });
    expect(sellStop.trades.map((t) => [t.exitBar, t.exitPrice.toString()])).toEqual([[2, '96']]);
  });

  it('triggers a stop-limit at its stop and fills at the limit when the range allows, else works on as a limit', () => {
    // Buy stop 105 limit 106: bar 1 gaps to 108 (triggered at the open, above the limit) and never comes back to 106; bar 2 does.
    const result = run([[100, 101, 99, 100], [108, 110, 107, 109], [107, 108, 105, 106], [106, 107, 105, 106]], { 0: buyAt({ stop: 105, limit: 106 }) });
    expect(entries(result)).toEqual([[2, '106', 10]]);
  });

  it('shows a resting order as working with its type and price, lets the strategy cancel it, and counts one never reached as unfilled', () => {
    const seen: WorkingOrderView[][] = [];
    const cancelled = run([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100], [90, 91, 89, 90]], { 0: buyAt({ limit: 95 }), 2: { kind: 'cancel', reason: 'give up' } }, { seen: (ctx) => seen.push([...ctx.workingOrders]) });
    expect(seen[1]?.map((o) => [o.type, o.limitPrice?.toString(), o.qty.toString()])).toEqual([['limit', '95', '10']]);
    expect(cancelled.trades).toEqual([]);
    const never = run([[100, 101, 99, 100], [100, 101, 99, 100]], { 0: buyAt({ limit: 95 }) });
    expect(never.refused).toEqual({ unfilled: 1 });
  });

  it('puts a strategy’s price on the exchange’s steps before testing it, as live', () => {
    // 95.004 is 95.00 on cent steps: a low of 95.00 reaches it.
    const result = run([[100, 101, 99, 100], [100, 101, 95, 100], [100, 101, 99, 100]], { 0: buyAt({ limit: 95.004 }) });
    expect(entries(result)).toEqual([[1, '95', 10]]);
  });
});

describe('touch', () => {
  it('reads one bar for a priced order as backtesting.py does', () => {
    expect(touch('buy', 95, undefined, 100, 101, 94)).toEqual({ kind: 'fill', price: 95 });
    expect(touch('buy', 95, undefined, 93, 96, 92)).toEqual({ kind: 'fill', price: 93 });
    expect(touch('sell', 105, undefined, 100, 106, 99)).toEqual({ kind: 'fill', price: 105 });
    expect(touch('sell', undefined, 95, 100, 101, 94)).toEqual({ kind: 'fill', price: 95 });
    expect(touch('sell', undefined, 95, 93, 94, 92)).toEqual({ kind: 'fill', price: 93 });
    expect(touch('buy', undefined, 105, 100, 104, 99)).toEqual({ kind: 'wait' });
    expect(touch('buy', 106, 105, 100, 105.5, 99)).toEqual({ kind: 'fill', price: 105 });
    expect(touch('buy', 104, 105, 108, 110, 107)).toEqual({ kind: 'triggered' });
    // Stop 105 reached inside the bar, limit 102 below it: the low of 98 may have come first, so no fill yet.
    expect(touch('buy', 102, 105, 100, 106, 98)).toEqual({ kind: 'triggered' });
    expect(touch('sell', 98, 95, 100, 101, 94)).toEqual({ kind: 'triggered' });
  });
});
