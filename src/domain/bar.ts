/**
 * One bar of a symbol's trading: a strategy's live bars, the broker's history, a backtest's data.
 * Prices are floats: bars feed indicator math only, never the books (orders and fills keep exact
 * decimals).
 */
export interface Bar {
  /** When the bar began (epoch ms); it covers [start, start + timeframe). */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Trades that made it; 0 for a bar made from quotes alone. */
  readonly trades: number;
}
