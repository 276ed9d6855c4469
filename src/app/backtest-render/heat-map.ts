/**
 * Two swept parameters as a grid, one statistic in each cell: its value, after a shade that says
 * how good it is among the others by the sweep's sort (█ the best quarter … ░ the worst), so the
 * map reads the same without colour; on a colour terminal the cell is also red to green.
 */
import type { SortableStatistic, SweepSort } from '../backtest-sweep-sort.js';
import { formatStatistic, statisticHeading } from './sweep-table.js';

export interface HeatMapAxis {
  readonly name: string;
  readonly values: readonly string[];
}

export interface HeatMapInput {
  readonly rows: HeatMapAxis;
  readonly columns: HeatMapAxis;
  /**
   * The statistic at rows.values[r] and columns.values[c]: null where the run leaves it undefined,
   * undefined where the strategy refused the pair (fast ≥ slow).
   */
  readonly value: (row: number, column: number) => number | null | undefined;
  readonly sort: SweepSort;
  /** ANSI colours, for a terminal. */
  readonly colour?: boolean;
}

/** From the worst to the best. */
const SHADES = ['░', '▒', '▓', '█'] as const;
/** 256-colour foregrounds matching SHADES: red, orange, yellow-green, green. */
const COLOURS = [196, 208, 148, 46] as const;
const REFUSED = '·';
const RESET = '\u001b[0m';

export function renderHeatMap(input: HeatMapInput): string[] {
  const { rows, columns, sort } = input;
  const values: number[] = [];
  let refused = false;
  for (let r = 0; r < rows.values.length; r++) {
    for (let c = 0; c < columns.values.length; c++) {
      const value = input.value(r, c);
      if (typeof value === 'number') values.push(value);
      refused ||= value === undefined;
    }
  }
  const worst = sort.highestFirst ? Math.min(...values) : Math.max(...values);
  const best = sort.highestFirst ? Math.max(...values) : Math.min(...values);
  const level = (value: number): number => (best === worst ? SHADES.length - 1 : Math.min(SHADES.length - 1, Math.floor(((value - worst) / (best - worst)) * SHADES.length)));

  const texts = rows.values.map((_, r) => columns.values.map((_, c) => cellText(input.value(r, c), sort.statistic)));
  const valueWidth = Math.max(...columns.values.map((value) => value.length - 2), ...texts.flat().map((text) => text.length));
  const corner = `${rows.name}\\${columns.name}`;
  const labelWidth = Math.max(corner.length, ...rows.values.map((value) => value.length));
  const cell = (value: number | null | undefined, text: string): string => {
    if (typeof value !== 'number') return `  ${text.padStart(valueWidth)}`;
    const shaded = `${SHADES[level(value)]} ${text.padStart(valueWidth)}`;
    return input.colour === true ? `\u001b[38;5;${COLOURS[level(value)]}m${shaded}${RESET}` : shaded;
  };
  const direction = sort.highestFirst ? 'highest' : 'lowest';
  return [
    `${statisticHeading(sort.statistic)} by ${rows.name} (rows) and ${columns.name} (columns): █ ${direction} … ░ ${sort.highestFirst ? 'lowest' : 'highest'}${refused ? `, ${REFUSED} refused` : ''}`,
    [corner.padStart(labelWidth), ...columns.values.map((value) => value.padStart(valueWidth + 2))].join(' '),
    ...rows.values.map((label, r) => [label.padStart(labelWidth), ...columns.values.map((_, c) => cell(input.value(r, c), (texts[r] as string[])[c] as string))].join(' ').trimEnd()),
  ];
}

function cellText(value: number | null | undefined, statistic: SortableStatistic): string {
  return value === undefined ? REFUSED : formatStatistic(statistic, value);
}
