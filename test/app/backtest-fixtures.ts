import type { BacktestRun, BacktestTrade, BarColumns } from '../../src/backtest/types.js';
import { dec } from '../../src/domain/decimal.js';

export const DAY = 86_400_000;
export const JAN_1 = Date.UTC(2024, 0, 1);

/** Daily bars from 2024-01-01 whose open, high, low and close are all `closes[i]`. */
export function flatBars(closes: readonly number[]): BarColumns {
  const column = (values: readonly number[]): Float64Array => Float64Array.from(values);
  return {
    length: closes.length,
    start: column(closes.map((_, i) => JAN_1 + i * DAY)),
    open: column(closes),
    high: column(closes),
    low: column(closes),
    close: column(closes),
    volume: column(closes.map(() => 1000)),
  };
}

/**
 * Bars 100, 110, 121, 110, 99: bought 10 at bar 1's open (110) for "cross up" and sold at bar 3's open
 * (110), paying 0.55 a side; a short of 5 opened there runs to the end (bar 4's open, 99).
 */
export function handMadeRun(): BacktestRun {
  const bars = flatBars([100, 110, 121, 110, 99]);
  const trades: BacktestTrade[] = [
    {
      size: 10,
      entryBar: 1,
      exitBar: 3,
      entryTime: JAN_1 + DAY,
      exitTime: JAN_1 + 3 * DAY,
      entryPrice: dec('110'),
      exitPrice: dec('110'),
      commission: dec('1.10'),
      pnl: dec('-1.10'),
      returnPct: -0.001,
      entryReason: 'cross up',
      closedAtEnd: false,
    },
    {
      size: -5,
      entryBar: 3,
      exitBar: 4,
      entryTime: JAN_1 + 3 * DAY,
      exitTime: JAN_1 + 4 * DAY,
      entryPrice: dec('110'),
      exitPrice: dec('99'),
      commission: dec('0'),
      pnl: dec('55'),
      returnPct: 0.1,
      entryReason: 'cross down, "fast" < slow',
      closedAtEnd: true,
    },
  ];
  return {
    symbol: 'TEST',
    strategy: 'sma-cross',
    params: { fast: 2, slow: 3, mode: 'reverse', size: 10 },
    bars,
    startingCash: dec('10000'),
    equity: Float64Array.from([10000, 9999.45, 10109.45, 9998.9, 10053.9]),
    equityFinal: dec('10053.9'),
    trades,
    warmUpBars: 1,
    refused: {},
  };
}
