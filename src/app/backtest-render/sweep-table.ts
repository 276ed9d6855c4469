/**
 * A sweep's parameter sets as a table, best first: rank, the swept parameters, then the statistic
 * it is sorted by and the figures a trader compares runs with.
 */
import type { SortableStatistic, SweepSort } from '../backtest-sweep-sort.js';
import { STATISTIC_ROWS } from './stats-table.js';

/** One parameter set's row: the swept parameters' values and its statistics. */
export interface SweepRow {
  readonly params: Readonly<Record<string, string | number>>;
  readonly statistics: Readonly<Record<SortableStatistic, number | null>>;
  /** Exact, to the cent: shown instead of the statistics' float. */
  readonly equityFinal: string;
}

/** Shown beside the sorted-by statistic, in this order. */
const COMPARED: readonly SortableStatistic[] = ['returnPct', 'sharpe', 'maxDrawdownPct', 'trades', 'winRatePct', 'equityFinal'];
const UNDEFINED = 'n/a';

/** Lines of the table for `rows` (already sorted and cut to the top ones); `params` are the swept names, in their order. */
export function renderSweepTable(rows: readonly SweepRow[], params: readonly string[], sort: SweepSort): string[] {
  const statistics = [sort.statistic, ...COMPARED.filter((name) => name !== sort.statistic)];
  const header = ['#', ...params, ...statistics.map(statisticHeading)];
  const body = rows.map((row, i) => [
    String(i + 1),
    ...params.map((name) => String(row.params[name] ?? '')),
    ...statistics.map((name) => (name === 'equityFinal' ? groupedText(row.equityFinal) : formatStatistic(name, row.statistics[name]))),
  ]);
  const widths = header.map((heading, column) => Math.max(heading.length, ...body.map((cells) => (cells[column] as string).length)));
  return [header, ...body].map((cells) => cells.map((cell, column) => cell.padStart(widths[column] as number)).join('  '));
}

/** `Sharpe ratio`, `Return %`, `Max. drawdown duration days`: the stats table's label and unit. */
export function statisticHeading(name: SortableStatistic): string {
  const row = STATISTIC_ROWS.find((one) => one.name === name);
  if (row === undefined) return name;
  const unit = { pct: '%', money: '$', days: 'days', ratio: '', count: '', time: '' }[row.format];
  return unit === '' ? row.label : `${row.label} ${unit}`;
}

/** A statistic's value as the stats table shows it: percentages and money to 2 places, ratios to 3, counts and days whole. */
export function formatStatistic(name: SortableStatistic, value: number | null): string {
  if (value === null) return UNDEFINED;
  const format = STATISTIC_ROWS.find((one) => one.name === name)?.format ?? 'ratio';
  const digits = format === 'pct' || format === 'money' ? 2 : format === 'ratio' ? 3 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An exact decimal's text with its thousands grouped. */
function groupedText(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const digits = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}
