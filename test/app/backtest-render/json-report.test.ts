import { describe, expect, it } from 'vitest';
import { dataSummary, jsonReport } from '../../../src/app/backtest-render/json-report.js';
import { computeStatistics, STATISTIC_FORMULAS } from '../../../src/backtest/statistics.js';
import { handMadeRun } from '../backtest-fixtures.js';

function report(): Record<string, unknown> {
  const run = handMadeRun();
  return jsonReport({ run, statistics: computeStatistics(run), formulas: STATISTIC_FORMULAS, data: dataSummary('prices/TEST.csv', run.bars), commission: 'per-share:0.005', slippage: 'none' });
}

describe('jsonReport', () => {
  it('names the run, its data and its costs, and gives money as exact text', () => {
    expect(report()).toMatchObject({
      strategy: 'sma-cross',
      symbol: 'TEST',
      params: { fast: 2, slow: 3, mode: 'reverse', size: 10 },
      data: { source: 'prices/TEST.csv', bars: 5, from: '2024-01-01T00:00:00.000Z', to: '2024-01-05T00:00:00.000Z' },
      cash: '10000.00',
      commission: 'per-share:0.005',
      slippage: 'none',
    });
  });

  it('gives every statistic under its stable name, each with its formula, and the final equity to the cent', () => {
    const { statistics, formulas } = report() as { statistics: Record<string, unknown>; formulas: Record<string, string> };
    for (const name of ['trades', 'equityFinal', 'returnPct', 'returnAnnPct', 'volatilityAnnPct', 'cagrPct', 'sharpe', 'sortino', 'maxDrawdownPct', 'calmar', 'winRatePct', 'profitFactor', 'profitFactorMoney', 'expectancyPct', 'sqn', 'exposurePct']) {
      expect(statistics).toHaveProperty(name);
      expect(formulas[name]).toMatch(/\S/);
    }
    expect(Object.keys(formulas).sort()).toEqual(Object.keys(statistics).sort());
    expect(statistics.equityFinal).toBe('10053.90');
    expect(statistics.trades).toBe(2);
  });

  it('lists each trade with ISO times, exact prices, money to the cent and its return in percent', () => {
    const { trades } = report() as { trades: unknown[] };
    expect(trades).toEqual([
      { entryTime: '2024-01-02T00:00:00.000Z', exitTime: '2024-01-04T00:00:00.000Z', entryBar: 1, exitBar: 3, size: 10, entryPrice: '110', exitPrice: '110', commission: '1.10', pnl: '-1.10', returnPct: -0.1, reason: 'cross up', closedAtEnd: false },
      { entryTime: '2024-01-04T00:00:00.000Z', exitTime: '2024-01-05T00:00:00.000Z', entryBar: 3, exitBar: 4, size: -5, entryPrice: '110', exitPrice: '99', commission: '0.00', pnl: '55.00', returnPct: 10, reason: 'cross down, "fast" < slow', closedAtEnd: true },
    ]);
  });

  it('counts the intents the run refused, by why', () => {
    const run = { ...handMadeRun(), refused: { 'size=all buys nothing': 2 } };
    const object = jsonReport({ run, statistics: computeStatistics(run), formulas: STATISTIC_FORMULAS, data: dataSummary('x', run.bars), commission: 'none', slippage: 'none' });
    expect(object.refused).toEqual({ 'size=all buys nothing': 2 });
  });

  it('survives JSON: no statistic is NaN or Infinity', () => {
    const text = JSON.stringify(report());
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report())));
  });
});
