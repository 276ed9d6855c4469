import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.js';
import type { BacktestTrade, BarColumns } from '../../src/backtest/types.js';
import { dec } from '../../src/domain/decimal.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';

/** backtesting.py's own test data, read with a few lines so this reference does not hang on the CSV module. */
function googBars(): BarColumns {
  const rows = readFileSync(new URL('../fixtures/GOOG.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const column = (k: number): Float64Array => Float64Array.from(rows, (row) => Number(row[k]));
  return { length: rows.length, start: Float64Array.from(rows, (row) => Date.parse(row[0] as string)), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

/** Percent of bars from each trade's entry bar to its exit bar inclusive. */
function exposurePct(trades: readonly BacktestTrade[], bars: number): number {
  const held = new Uint8Array(bars);
  for (const trade of trades) held.fill(1, trade.entryBar, trade.exitBar + 1);
  return (held.reduce((sum, bar) => sum + bar, 0) / bars) * 100;
}

/**
 * backtesting.py's test suite, SmaCross(10, 30) on GOOG with its defaults. Its current figures
 * (finalize_trades=True: the trade still open at the end closed at the last close and counted):
 * 66 trades, final equity 51959.95, return 419.5995 %, exposure 96.7412 %, equity peak 75787.44.
 * Its older figures left that trade out of the list: 65 trades, exposure 93.9944 %, the same equity.
 */
describe('sma-cross on GOOG against backtesting.py', () => {
  it('makes the same trades and the same final equity, to the cent, as its SmaCross(10, 30)', () => {
    const reading = resolveStrategyParams(smaCross, ['fast=10', 'slow=30', 'mode=reverse', 'size=all']);
    if (!reading.ok) throw new Error(reading.problem);
    const bars = googBars();
    const run = runBacktest({ definition: smaCross, params: reading.values, symbol: 'GOOG', bars, cash: dec(10000) });
    expect(run.trades).toHaveLength(66);
    expect(run.trades.filter((trade) => trade.closedAtEnd)).toHaveLength(1);
    expect(run.equityFinal.toFixed(2)).toBe('51959.95');
    expect(run.equityFinal.div(10000).minus(1).times(100).toNumber()).toBeCloseTo(419.5995, 4);
    expect(exposurePct(run.trades, bars.length)).toBeCloseTo(96.7412, 4);
    expect(exposurePct(run.trades.filter((trade) => !trade.closedAtEnd), bars.length)).toBeCloseTo(93.9944, 4);
    expect(Math.max(...run.equity)).toBeCloseTo(75787.44, 2);
    expect(run.equity.at(-1)).toBeCloseTo(51959.95, 6);
  });
});
