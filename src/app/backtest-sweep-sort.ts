import { STATISTIC_FORMULAS } from '../backtest/statistics.js';
import type { BacktestStatistics } from '../backtest/statistics.js';

/** The statistics a sweep can be sorted by: every number of the report (the dates are not figures). */
export type SortableStatistic = Exclude<keyof BacktestStatistics, 'start' | 'end' | 'periodsPerYear'>;

export const SORTABLE_STATISTICS = Object.keys(STATISTIC_FORMULAS).filter(
  (name): name is SortableStatistic => name !== 'start' && name !== 'end' && name !== 'periodsPerYear',
);

/** `--sort sharpe`: highest first; `--sort -maxDrawdownPct`: lowest first. */
export interface SweepSort {
  readonly statistic: SortableStatistic;
  readonly highestFirst: boolean;
}

export const DEFAULT_SWEEP_SORT: SweepSort = { statistic: 'sharpe', highestFirst: true };

/** Reads `--sort`'s word in any case; throws an Error of one line listing the names it takes. */
export function parseSweepSort(text: string): SweepSort {
  const trimmed = text.trim();
  const lowestFirst = trimmed.startsWith('-');
  const wanted = (lowestFirst ? trimmed.slice(1) : trimmed).toLowerCase();
  const statistic = SORTABLE_STATISTICS.find((name) => name.toLowerCase() === wanted);
  if (statistic === undefined) {
    throw new Error(`'${trimmed}' is not a statistic to sort by; give one of ${SORTABLE_STATISTICS.join(', ')}, with a leading - for the lowest first`);
  }
  return { statistic, highestFirst: !lowestFirst };
}

/**
 * The cells best first by the sort; a statistic the run leaves undefined (null) goes last whichever
 * the direction, and equal values keep the grid's order, so the same sweep always prints the same.
 */
export function sortSweepCells<T extends { readonly statistics: BacktestStatistics }>(cells: readonly T[], sort: SweepSort): T[] {
  const sign = sort.highestFirst ? -1 : 1;
  return [...cells].sort((a, b) => {
    const x = a.statistics[sort.statistic];
    const y = b.statistics[sort.statistic];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}
