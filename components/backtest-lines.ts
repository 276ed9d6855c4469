import { backtestReportLines, type ReportRoom } from '../src/app/console-backtest-report.js';
import type { ConsoleBacktestResult } from '../src/app/console-backtest.js';

/** The overlay's lines for a result in this much room. */
export function backtestLines(result: ConsoleBacktestResult, room: ReportRoom): string[] {
  return backtestReportLines(result, room);
}

/** How many lines the overlay has for `rows` rows: the chart's height follows the rows, never the width. */
export function backtestLineCount(result: ConsoleBacktestResult, rows: number): number {
  return backtestReportLines(result, { columns: 80, rows }).length;
}
