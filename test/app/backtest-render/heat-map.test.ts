import { describe, expect, it } from 'vitest';
import { renderHeatMap } from '../../../src/app/backtest-render/heat-map.js';

const rows = { name: 'fast', values: ['5', '10', '20'] };
const columns = { name: 'slow', values: ['20', '30', '40'] };
/** Sharpe by fast × slow; fast 20 with slow 20 was refused, fast 10 with slow 40 had no volatility. */
const GRID: ReadonlyArray<ReadonlyArray<number | null | undefined>> = [
  [0.618, 0.547, 0.323],
  [0.715, 0.584, null],
  [undefined, 0.141, -0.2],
];
const value = (r: number, c: number): number | null | undefined => GRID[r]?.[c];

describe('renderHeatMap', () => {
  it('shades each value by its place between the worst and the best, and marks refused and undefined cells', () => {
    expect(renderHeatMap({ rows, columns, value, sort: { statistic: 'sharpe', highestFirst: true } })).toEqual([
      'Sharpe ratio by fast (rows) and slow (columns): █ highest … ░ lowest, · refused',
      'fast\\slow       20       30       40',
      '        5 █  0.618 █  0.547 ▓  0.323',
      '       10 █  0.715 █  0.584      n/a',
      '       20        · ▒  0.141 ░ -0.200',
    ]);
  });

  it('turns the shades round when the lowest is best', () => {
    const lines = renderHeatMap({ rows, columns, value, sort: { statistic: 'sharpe', highestFirst: false } });
    expect(lines[0]).toBe('Sharpe ratio by fast (rows) and slow (columns): █ lowest … ░ highest, · refused');
    expect(lines[3]).toBe('       10 ░  0.715 ░  0.584      n/a');
    expect(lines[4]).toBe('       20        · ▓  0.141 █ -0.200');
  });

  it('colours the cells red to green on a terminal', () => {
    const lines = renderHeatMap({ rows, columns, value, sort: { statistic: 'sharpe', highestFirst: true }, colour: true });
    expect(lines[3]).toBe('       10 \u001b[38;5;46m█  0.715\u001b[0m \u001b[38;5;46m█  0.584\u001b[0m      n/a');
    expect(lines[4]).toContain('\u001b[38;5;196m░ -0.200\u001b[0m');
  });
});
