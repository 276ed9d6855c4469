import { writeFile } from 'node:fs/promises';
import type { BacktestRun, BacktestTrade } from '../backtest/types.js';
import { errorText } from '../core/error-text.js';
import { dec, type Decimal } from '../domain/decimal.js';
import { decimalColumn, flagColumn, integerColumn, renderTable, textColumn, timeColumn, type Column } from './export-table.js';

interface TradeRow {
  readonly symbol: string;
  readonly trade: BacktestTrade;
}

interface EquityRow {
  readonly symbol: string;
  readonly time: number;
  readonly equity: number;
  /** 0 or negative, as the statistics' maxDrawdownPct. */
  readonly drawdownPct: number;
}

const TRADE_COLUMNS: readonly Column<TradeRow>[] = [
  textColumn('symbol', (row) => row.symbol),
  timeColumn('entryTime', (row) => row.trade.entryTime),
  timeColumn('exitTime', (row) => row.trade.exitTime),
  integerColumn('bars', (row) => row.trade.exitBar - row.trade.entryBar),
  integerColumn('size', (row) => row.trade.size),
  decimalColumn('entryPrice', (row) => row.trade.entryPrice),
  decimalColumn('exitPrice', (row) => row.trade.exitPrice),
  decimalColumn('commission', (row) => row.trade.commission),
  decimalColumn('pnl', (row) => row.trade.pnl),
  decimalColumn('returnPct', (row) => floatText(row.trade.returnPct * 100, 6)),
  textColumn('reason', (row) => row.trade.entryReason),
  flagColumn('closedAtEnd', (row) => row.trade.closedAtEnd),
];

const EQUITY_COLUMNS: readonly Column<EquityRow>[] = [
  textColumn('symbol', (row) => row.symbol),
  timeColumn('time', (row) => row.time),
  decimalColumn('equity', (row) => floatText(row.equity, 2)),
  decimalColumn('drawdownPct', (row) => floatText(row.drawdownPct, 4)),
];

/** Every run's trades, one row each, runs one after the other: money exact, the return a percentage. */
export function tradesCsv(runs: readonly BacktestRun[]): string {
  const rows = runs.flatMap((run) => run.trades.map((trade) => ({ symbol: run.symbol, trade })));
  return [...renderTable(TRADE_COLUMNS, rows, 'csv')].join('');
}

/** Every run's equity at each bar's close, to the cent, and its drawdown from the peak so far, in percent. */
export function equityCsv(runs: readonly BacktestRun[]): string {
  return [...renderTable(EQUITY_COLUMNS, runs.flatMap(equityRows), 'csv')].join('');
}

/** Writes `--trades` and `--equity` where asked; a file that cannot be written throws one line naming its flag. */
export async function writeBacktestExports(runs: readonly BacktestRun[], files: { readonly tradesFile?: string; readonly equityFile?: string }): Promise<void> {
  if (files.tradesFile !== undefined) await writeExport('--trades', files.tradesFile, tradesCsv(runs));
  if (files.equityFile !== undefined) await writeExport('--equity', files.equityFile, equityCsv(runs));
}

async function writeExport(flag: string, file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file} could not be written (${errorText(error)}); give a file in a folder you can write to`);
  }
}

function equityRows(run: BacktestRun): EquityRow[] {
  const rows: EquityRow[] = [];
  let peak = -Infinity;
  for (let i = 0; i < run.equity.length; i++) {
    const equity = run.equity[i] as number;
    peak = Math.max(peak, equity);
    rows.push({ symbol: run.symbol, time: run.bars.start[i] as number, equity, drawdownPct: peak > 0 && equity < peak ? (equity / peak - 1) * 100 : 0 });
  }
  return rows;
}

/** A float statistic as decimal text, so the CSV never shows 1e-7 or a -0. */
function floatText(value: number, digits: number): Decimal {
  const text = value.toFixed(digits);
  return dec(/^-0\.?0*$/.test(text) ? text.slice(1) : text);
}
