import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/backtest/statistics.js';
import { backtestRun, barColumns, trade, type TradeSpec } from './statistics-fixture.js';

/**
 * backtesting.py's published SmaCross(10, 30) run on its GOOG.csv, replayed here by a model of its
 * fills independent of our engine (orders at the next bar's open; on a cross close, then buy or sell
 * int(cash · 0.9999 / open) shares; equity marked at the close; the last trade left open, as the
 * published run leaves it: 65 trades), so that the statistics alone are checked against its figures.
 */
function publishedRun() {
  const rows = readFileSync(new URL('../fixtures/GOOG.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const open = rows.map((row) => Number(row[1]));
  const close = rows.map((row) => Number(row[4]));
  const sma = (period: number, i: number): number => close.slice(i - period + 1, i + 1).reduce((sum, c) => sum + c, 0) / period;
  const bars = barColumns(rows.map((row) => `${row[0]}T00:00:00Z`), close);
  const specs: TradeSpec[] = [];
  const equity: number[] = [];
  let cash = 10_000;
  let shares = 0;
  let entryBar = 0;
  let signal = 0;
  for (let i = 0; i < rows.length; i++) {
    const price = open[i] as number;
    if (signal !== 0) {
      if (shares !== 0) {
        cash += shares * price;
        specs.push({ size: shares, entryBar, exitBar: i, entry: String(open[entryBar]), exit: String(price) });
      }
      shares = signal * Math.floor((cash * 0.9999) / price);
      cash -= shares * price;
      entryBar = i;
      signal = 0;
    }
    if (i >= 30) {
      const [fastBefore, slowBefore, fast, slow] = [sma(10, i - 1), sma(30, i - 1), sma(10, i), sma(30, i)];
      if (fastBefore < slowBefore && fast > slow) signal = 1;
      else if (slowBefore < fastBefore && slow > fast) signal = -1;
    }
    equity.push(cash + shares * (close[i] as number));
  }
  return backtestRun(bars, equity, specs.map((spec) => trade(bars, spec)), '51959.95');
}

describe("computeStatistics: backtesting.py's published SmaCross(10, 30) on GOOG", () => {
  const statistics = computeStatistics(publishedRun());

  it('reproduces every published figure', () => {
    expect(statistics).toMatchObject({ trades: 65, start: '2004-08-19T00:00:00.000Z', end: '2013-03-01T00:00:00.000Z', durationDays: 3116, periodsPerYear: 252, maxDrawdownDays: 584, maxTradeDays: 183 });
    const published: [keyof typeof statistics, number, number][] = [
      ['equityFinal', 51959.95, 2],
      ['equityPeak', 75787.44, 2],
      ['returnPct', 419.5995, 4],
      ['buyHoldReturnPct', 703.4582, 4],
      // n = 2148 days, the first a zero return: with 2147 it would be 21.3390 %.
      ['returnAnnPct', 21.328, 4],
      ['volatilityAnnPct', 36.5383, 4],
      ['sharpe', 0.58372, 5],
      ['sortino', 1.09239, 5],
      ['calmar', 0.44452, 5],
      ['maxDrawdownPct', -47.9801, 4],
      ['avgDrawdownPct', -5.92585, 5],
      ['exposurePct', 93.9944, 4],
      ['winRatePct', 46.1538, 4],
      ['bestTradePct', 53.596, 3],
      ['worstTradePct', -18.3989, 4],
      ['avgTradePct', 2.35371, 5],
      ['profitFactor', 2.08802, 5],
      ['sqn', 0.916893, 6],
    ];
    for (const [name, value, digits] of published) expect(statistics[name], name).toBeCloseTo(value, digits);
  });

  it('gives durations in exact days, which backtesting.py shows rounded up (41 and 46 days)', () => {
    expect(Math.ceil(statistics.avgDrawdownDays ?? 0)).toBe(41);
    expect(Math.ceil(statistics.avgTradeDays ?? 0)).toBe(46);
  });

  it('takes expectancy as the arithmetic mean trade return, not backtesting.py 0.3’s published 8.79171 %', () => {
    // 0.3's figure is mean win · win rate − mean loss · (1 − win rate), which adds the losses' size.
    expect(statistics.expectancyPct).toBeCloseTo(3.09763, 5);
  });
});
