import { describe, expect, it } from 'vitest';
import { renderStatsTable, STATISTIC_ROWS, type StatisticValues } from '../../../src/app/backtest-render/stats-table.js';

/** backtesting.py's published SmaCross(10, 30) on GOOG, with a profit factor in money left undefined. */
const GOOG: StatisticValues = {
  start: '2004-08-19T00:00:00.000Z',
  end: '2013-03-01T00:00:00.000Z',
  durationDays: 3116,
  exposurePct: 93.9944,
  equityFinal: 51959.94999999,
  equityPeak: 75787.44,
  returnPct: 419.5995,
  buyHoldReturnPct: 703.4582,
  returnAnnPct: 21.328,
  volatilityAnnPct: 36.5383,
  cagrPct: 21.18,
  sharpe: 0.58372,
  sortino: 1.09239,
  calmar: 0.44452,
  maxDrawdownPct: -47.9801,
  avgDrawdownPct: -5.92585,
  maxDrawdownDays: 584,
  avgDrawdownDays: 41,
  trades: 65,
  winRatePct: 46.1538,
  bestTradePct: 53.596,
  worstTradePct: -18.3989,
  avgTradePct: 2.35371,
  maxTradeDays: 183,
  avgTradeDays: 46,
  profitFactor: 2.08802,
  profitFactorMoney: null,
  expectancyPct: 8.79171,
  sqn: 0.916893,
};

describe('renderStatsTable', () => {
  it("lists every statistic with its unit in backtesting.py's order, the final equity exact to the cent", () => {
    expect(renderStatsTable(GOOG, { equityFinal: '51959.95' })).toEqual([
      'Start                   2004-08-19',
      'End                     2013-03-01',
      'Duration                     3,116 days',
      'Exposure time                93.99 %',
      'Equity final             51,959.95 $',
      'Equity peak              75,787.44 $',
      'Return                      419.60 %',
      'Buy & hold return           703.46 %',
      'Return (ann.)                21.33 %',
      'Volatility (ann.)            36.54 %',
      'CAGR                         21.18 %',
      'Sharpe ratio                 0.584',
      'Sortino ratio                1.092',
      'Calmar ratio                 0.445',
      'Max. drawdown               -47.98 %',
      'Avg. drawdown                -5.93 %',
      'Max. drawdown duration         584 days',
      'Avg. drawdown duration          41 days',
      'Trades                          65',
      'Win rate                     46.15 %',
      'Best trade                   53.60 %',
      'Worst trade                 -18.40 %',
      'Avg. trade                    2.35 %',
      'Max. trade duration            183 days',
      'Avg. trade duration             46 days',
      'Profit factor                2.088',
      'Profit factor (money)          n/a',
      'Expectancy                    8.79 %',
      'SQN                          0.917',
    ]);
  });

  it('shows n/a, never 0, for every statistic a run without trades leaves undefined', () => {
    const flat = { ...GOOG, trades: 0, winRatePct: null, bestTradePct: null, sharpe: null, equityFinal: -1234.5 };
    const lines = renderStatsTable(flat);
    expect(lines.find((line) => line.startsWith('Win rate'))).toMatch(/ n\/a$/);
    expect(lines.find((line) => line.startsWith('Sharpe'))).toMatch(/ n\/a$/);
    expect(lines.find((line) => line.startsWith('Trades'))).toMatch(/ 0$/);
    expect(lines.find((line) => line.startsWith('Equity final'))).toMatch(/ -1,234.50 \$$/);
  });

  it('shows the start and end of intraday bars to the minute', () => {
    const lines = renderStatsTable({ ...GOOG, start: '2024-01-02T14:30:00.000Z', end: '2024-01-02T20:59:00.000Z' });
    expect(lines.slice(0, 2)).toEqual(['Start                   2024-01-02 14:30', 'End                     2024-01-02 20:59']);
  });

  it('has one row for each statistic, each named once', () => {
    const names = STATISTIC_ROWS.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(Object.keys(GOOG).length);
  });
});
