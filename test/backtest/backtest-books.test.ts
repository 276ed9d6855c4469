import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.js';
import type { BacktestRun } from '../../src/backtest/types.js';
import { fixedCommission } from '../../src/domain/costs/commission.js';
import { dec } from '../../src/domain/decimal.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { barColumns, scripted } from './bar-columns.js';

const money = (run: BacktestRun) => ({
  trades: run.trades.map((t) => `${t.size}@${t.entryPrice.toString()}→${t.exitPrice.toString()} pnl ${t.pnl.toString()}`),
  equity: [...run.equity],
  equityFinal: run.equityFinal.toString(),
});

describe('the backtest ledger', () => {
  it('keeps cash exact to the last unit when it grows past what plain numbers count exactly', () => {
    const bars = barColumns([[10, 10], [10, 10], [1000, 1000], [0.12345679, 0.2], [0.3, 0.3]]);
    const strategy = scripted({ onBar: { 0: { kind: 'buy', size: 100, reason: 'in' }, 1: { kind: 'close', reason: 'out' }, 2: { kind: 'buy', size: 1, reason: 'again' } } });
    const run = runBacktest({ definition: strategy, params: {}, symbol: 'BIG', bars, cash: dec('90000000') });
    // 90,000,000 − 1,000 + 100,000 = 90,099,000; − 0.12345679 for one share, which sells at the last close, 0.3.
    expect(run.trades.map((t) => t.pnl.toString())).toEqual(['99000', '0.17654321']);
    expect(run.equityFinal.toString()).toBe('90099000.17654321');
  });

  it('books the same trades and equity in fixed-point units as in decimals', () => {
    let price = 100;
    let seed = 11;
    const rows = Array.from({ length: 600 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const open = price;
      price = Math.round(price * (1 + (seed / 2 ** 31 - 0.5) * 0.05) * 100) / 100;
      return [open, price] as const;
    });
    const run = (commission?: ReturnType<typeof fixedCommission>) =>
      runBacktest({ definition: smaCross, params: { fast: 3, slow: 9, mode: 'reverse', size: 'all' }, symbol: 'WALK', bars: barColumns(rows), cash: dec('10000'), ...(commission && { commission }) });
    // Costs, even of nothing, take every fill through decimal.js.
    const inUnits = run();
    const inDecimals = run(fixedCommission('0'));
    expect(inUnits.trades.length).toBeGreaterThan(20);
    expect(money(inUnits)).toEqual(money(inDecimals));
  });
});
