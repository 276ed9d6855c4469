import type { BacktestRun, BacktestTrade } from '../../backtest/types.js';

/** Where a run's bars came from and which of them it ran over. */
export interface DataSummary {
  /** The CSV file, or `synthetic:SEED`. */
  readonly source: string;
  readonly bars: number;
  /** The first and last bar's start, ISO 8601 in UTC; null when there were no bars. */
  readonly from: string | null;
  readonly to: string | null;
}

export interface ReportInput {
  readonly run: BacktestRun;
  /** Every statistic by its stable name; null where undefined. */
  readonly statistics: Readonly<Record<string, number | string | null>>;
  readonly formulas: Readonly<Record<string, string>>;
  readonly data: DataSummary;
  /** The cost specs as given (`none` when not). */
  readonly commission: string;
  readonly slippage: string;
}

/**
 * One run as the --json report's object. Money is exact decimal text: the final equity to the cent
 * from the ledger (not the statistics' float), trades' P&L and commission to the cent, fill prices
 * as they were booked. A trade's return is a percentage, as every *Pct statistic is. `refused`
 * counts the intents the run could not carry out, by why.
 */
export function jsonReport(input: ReportInput): Record<string, unknown> {
  const { run } = input;
  return {
    strategy: run.strategy,
    symbol: run.symbol,
    params: run.params,
    data: input.data,
    cash: run.startingCash.toFixed(2),
    commission: input.commission,
    slippage: input.slippage,
    statistics: { ...input.statistics, equityFinal: run.equityFinal.toFixed(2) },
    formulas: input.formulas,
    trades: run.trades.map(tradeJson),
    refused: run.refused,
  };
}

function tradeJson(trade: BacktestTrade): Record<string, unknown> {
  return {
    entryTime: new Date(trade.entryTime).toISOString(),
    exitTime: new Date(trade.exitTime).toISOString(),
    entryBar: trade.entryBar,
    exitBar: trade.exitBar,
    size: trade.size,
    entryPrice: trade.entryPrice.toFixed(),
    exitPrice: trade.exitPrice.toFixed(),
    commission: trade.commission.toFixed(2),
    pnl: trade.pnl.toFixed(2),
    returnPct: trade.returnPct * 100,
    reason: trade.entryReason,
    closedAtEnd: trade.closedAtEnd,
  };
}

/** The data's summary for the bars a run was given. */
export function dataSummary(source: string, bars: BacktestRun['bars']): DataSummary {
  const iso = (i: number): string | null => (bars.length === 0 ? null : new Date(bars.start[i] as number).toISOString());
  return { source, bars: bars.length, from: iso(0), to: iso(bars.length - 1) };
}
