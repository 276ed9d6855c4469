import { describe, expect, it } from 'vitest';
import { renderSweepTable, type SweepRow } from '../../../src/app/backtest-render/sweep-table.js';

function row(fast: number, slow: number, figures: Partial<SweepRow['statistics']>, equityFinal: string): SweepRow {
  const statistics = { returnPct: 0, sharpe: null, maxDrawdownPct: 0, trades: 0, winRatePct: null, equityFinal: 0, sqn: 1.5, ...figures } as SweepRow['statistics'];
  return { params: { fast: String(fast), slow: String(slow) }, statistics, equityFinal };
}

const ROWS = [
  row(10, 30, { returnPct: 419.5995, sharpe: 0.58412, maxDrawdownPct: -47.98, trades: 66, winRatePct: 46.97 }, '51959.95'),
  row(5, 20, { returnPct: -3.5, sharpe: null, maxDrawdownPct: -12.345, trades: 1, winRatePct: 0 }, '9650.00'),
];

describe('renderSweepTable', () => {
  it('lines up the rank, the swept parameters and the figures, the sorted-by statistic first, money exact and grouped', () => {
    expect(renderSweepTable(ROWS, ['fast', 'slow'], { statistic: 'sharpe', highestFirst: true })).toEqual([
      '#  fast  slow  Sharpe ratio  Return %  Max. drawdown %  Trades  Win rate %  Equity final $',
      '1    10    30         0.584    419.60           -47.98      66       46.97       51,959.95',
      '2     5    20           n/a     -3.50           -12.35       1        0.00        9,650.00',
    ]);
  });

  it('puts a statistic the comparison columns lack right after the parameters', () => {
    const [header] = renderSweepTable(ROWS, ['fast', 'slow'], { statistic: 'sqn', highestFirst: false });
    expect(header).toBe('#  fast  slow    SQN  Return %  Sharpe ratio  Max. drawdown %  Trades  Win rate %  Equity final $');
  });
});
