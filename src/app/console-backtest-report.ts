import { renderEquityChart } from './backtest-render/equity-chart.js';
import { renderStatsTable } from './backtest-render/stats-table.js';
import type { ConsoleBacktestResult } from './console-backtest-worker.js';

/** Room the overlay gives the report: columns and rows inside its border. */
export interface ReportRoom {
  readonly columns: number;
  readonly rows: number;
}

/** Rows of the two panels and their axis (the time axis and its dates). */
const DRAWDOWN_ROWS = 4;
const AXIS_ROWS = 2;
const HEADER_ROWS = 3;
const MIN_EQUITY_ROWS = 4;
const MAX_EQUITY_ROWS = 16;

/**
 * The overlay's lines: what was run, the equity and drawdown chart as wide as the room and as tall
 * as lets the whole chart show under the heading, then the statistics table (scrolled to).
 */
export function backtestReportLines(result: ConsoleBacktestResult, room: ReportRoom): string[] {
  const params = Object.entries(result.params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const fitted = room.rows - HEADER_ROWS - DRAWDOWN_ROWS - AXIS_ROWS;
  const height = Math.max(MIN_EQUITY_ROWS, Math.min(MAX_EQUITY_ROWS, fitted));
  return [
    `${result.strategy}${params === '' ? '' : ` ${params}`} on ${result.symbol}: ${result.bars.toLocaleString('en-US')} bars of ${result.source}`,
    `cash ${result.startingCash}, commission ${result.commission}, slippage ${result.slippage}; run in ${(result.elapsedMs / 1_000).toFixed(1)} s`,
    '',
    ...renderEquityChart(result.equity, result.times, { width: room.columns, height, drawdownHeight: DRAWDOWN_ROWS }),
    '',
    ...renderStatsTable(result.statistics, { equityFinal: result.equityFinal }),
    ...refusals(result.refused),
  ];
}

/** What the strategy asked for and could not have, so a quiet run is not mistaken for a flat one. */
function refusals(refused: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(refused);
  if (entries.length === 0) return [];
  return ['', `Intents refused: ${entries.map(([why, count]) => `${count} × ${why}`).join('; ')}`];
}
