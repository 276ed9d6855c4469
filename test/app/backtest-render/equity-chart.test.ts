import { describe, expect, it } from 'vitest';
import { renderEquityChart } from '../../../src/app/backtest-render/equity-chart.js';
import { DAY, JAN_1 } from '../backtest-fixtures.js';

const days = (count: number): number[] => Array.from({ length: count }, (_, i) => JAN_1 + i * DAY);

describe('renderEquityChart', () => {
  it('draws a known curve over its drawdown, with money, percent and date labels', () => {
    // Peaks 11,000 on day 3, falls 10 % to 9,900 on day 5, then makes new highs to 12,100.
    const equity = [10_000, 10_500, 11_000, 10_450, 9_900, 10_800, 12_000, 12_100];
    expect(renderEquityChart(equity, days(8), { width: 30, height: 4, drawdownHeight: 2 })).toEqual([
      '12,100 ┤                ⢰⠒⠒⠚⠉⠉',
      '       │                ⢸',
      '       │   ⣀⣀⣸⠉⠉⢹⣀⣀⡀  ⡖⠒⠚',
      ' 9,900 ┤⠤⠤⠤⠇       ⣇⣀⣀⡇',
      '    0% ┤⠉⠉⠉⠉⠉⠉⠉⠉⢹⣿⣿⣿⣿⣿⠛⠛⠋⠉⠉⠉⠉⠉',
      '-10.0% ┤        ⠈⠉⠉⣿⣿⣿',
      '       └──────────────────────',
      '        2024-01-01  2024-01-08',
    ]);
  });

  it('labels the middle of a tall panel and puts the middle date where it has room', () => {
    const lines = renderEquityChart([100, 200, 300], days(3), { width: 40, height: 5, drawdownHeight: 2 });
    expect(lines.slice(0, 5).map((line) => line.slice(0, 4))).toEqual(['300 ', '    ', '200 ', '    ', '100 ']);
    expect(lines.at(-1)).toBe('     2024-01-01  2024-01-02   2024-01-03');
  });

  it('shows a run that never traded as one flat line at the starting cash and no drawdown', () => {
    expect(renderEquityChart([10_000, 10_000, 10_000], days(3), { width: 20, height: 3, drawdownHeight: 2 })).toEqual([
      '          │',
      '10,000.00 ┤⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒',
      '          │',
      '       0% ┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉',
      '          │',
      '          └──────────',
      '           2024-01-01',
    ]);
  });

  it('keeps a one-bar spike of a long run that many bars share a column with', () => {
    const equity = new Float64Array(10_000).fill(100);
    equity[5_003] = 200;
    const lines = renderEquityChart(equity, days(10_000), { width: 40, height: 4, drawdownHeight: 2 });
    expect(lines[0]).toMatch(/^ +200 ┤ +\S$/);
    // The fall back from the spike is a 50 % drawdown, drawn to the panel's bottom.
    expect(lines[5]).toMatch(/^-50\.0% ┤ +\S+$/);
  });

  it('fits the width it is given, labels included', () => {
    const equity = Array.from({ length: 500 }, (_, i) => 10_000 + 3_000 * Math.sin(i / 40));
    for (const width of [40, 80, 132]) {
      const lines = renderEquityChart(equity, days(500), { width, height: 12, drawdownHeight: 5 });
      expect(lines).toHaveLength(12 + 5 + 2);
      expect(Math.max(...lines.map((line) => line.length))).toBe(width);
    }
  });

  it('writes date-times, not dates, for bars within a day', () => {
    const minutes = [0, 1, 2].map((i) => Date.UTC(2024, 0, 2, 14, 30 + i));
    expect(renderEquityChart([1, 2, 3], minutes, { width: 60, height: 2, drawdownHeight: 1 }).at(-1)).toBe('      2024-01-02 14:30   2024-01-02 14:31   2024-01-02 14:32');
  });
});
