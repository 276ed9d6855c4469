import type { BarColumns } from '../domain/bar.js';
import type { Decimal } from '../domain/decimal.js';

export type { BarColumns } from '../domain/bar.js';

/** One round trip: opened by a fill, closed by the fill that took its shares back (or the end of the data). */
export interface BacktestTrade {
  /** Signed shares: negative for a short. */
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Fill prices after slippage, exact. */
  readonly entryPrice: Decimal;
  readonly exitPrice: Decimal;
  /** Both sides' commission charged to this trade's shares, exact. */
  readonly commission: Decimal;
  /** Money made: size × (exit − entry) − commission, exact. */
  readonly pnl: Decimal;
  /** sign(size)·(exit/entry − 1) − commission/(|size|·entry), as a fraction (float). */
  readonly returnPct: number;
  /** The intent's reason that opened it. */
  readonly entryReason: string;
  /** Closed because the data ended, not by the strategy. */
  readonly closedAtEnd: boolean;
}

/** What one run produced, before any statistic is taken from it. */
export interface BacktestRun {
  readonly symbol: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly bars: BarColumns;
  readonly startingCash: Decimal;
  /** Cash plus the open position marked at each bar's close (float, for statistics); starting cash through the warm-up. */
  readonly equity: Float64Array;
  /** The exact final equity: cash once every trade is closed. */
  readonly equityFinal: Decimal;
  readonly trades: readonly BacktestTrade[];
  /** Bars before the strategy could first decide (its warmUpBars). */
  readonly warmUpBars: number;
  /** Intents refused (an invalid intent, nothing to close, size=all buying nothing), counted by why. */
  readonly refused: Readonly<Record<string, number>>;
}
