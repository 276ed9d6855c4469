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

/**
 * Bars as columns, oldest first: index i of each array is bar i. How a backtest and the synthetic
 * market hold many bars: a million of them are seven arrays, not a million objects.
 */
export interface BarColumns {
  readonly length: number;
  /** When each bar began, epoch ms, strictly increasing. */
  readonly start: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}
