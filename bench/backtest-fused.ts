import type { BarColumns } from '../src/backtest/types.js';

export interface FusedRun {
  /** Entry and exit bar of each round trip, in the order closed. */
  readonly entryBars: readonly number[];
  readonly exitBars: readonly number[];
  readonly finalCash: number;
  readonly equity: Float64Array;
}

/**
 * sma-cross (mode=long, a fixed size) as one function over the columns: the limit a kernel could
 * reach. Same semantics as runBacktest: a cross at bar i trades at bar i+1's open, an intent from
 * the last bar has no open to fill at, an open position is closed at the last close. The averages
 * are the same Neumaier-compensated rolling sums as the Sma indicator, so both decide every cross
 * on the same bits and must make the same trades.
 */
export function fusedSmaCross(bars: BarColumns, fastPeriod: number, slowPeriod: number, size: number, cash: number): FusedRun {
  const { open, close } = bars;
  const total = bars.length;
  const equity = new Float64Array(total);
  const entryBars: number[] = [];
  const exitBars: number[] = [];
  let fastSum = 0;
  let fastComp = 0;
  let slowSum = 0;
  let slowComp = 0;
  let fastBefore = Number.NaN;
  let slowBefore = Number.NaN;
  // 1 buy, -1 close, 0 nothing, waiting for the next open.
  let pending = 0;
  let qty = 0;
  let entryBar = -1;
  for (let i = 0; i < total; i++) {
    if (pending === 1 && qty === 0) {
      qty = size;
      cash -= size * open[i]!;
      entryBar = i;
    } else if (pending === -1 && qty !== 0) {
      cash += qty * open[i]!;
      qty = 0;
      entryBars.push(entryBar);
      exitBars.push(i);
    }
    pending = 0;
    const price = close[i]!;
    let total2 = fastSum + price;
    fastComp += Math.abs(fastSum) >= Math.abs(price) ? fastSum - total2 + price : price - total2 + fastSum;
    fastSum = total2;
    if (i >= fastPeriod) {
      const dropped = -close[i - fastPeriod]!;
      total2 = fastSum + dropped;
      fastComp += Math.abs(fastSum) >= Math.abs(dropped) ? fastSum - total2 + dropped : dropped - total2 + fastSum;
      fastSum = total2;
    }
    total2 = slowSum + price;
    slowComp += Math.abs(slowSum) >= Math.abs(price) ? slowSum - total2 + price : price - total2 + slowSum;
    slowSum = total2;
    if (i >= slowPeriod) {
      const dropped = -close[i - slowPeriod]!;
      total2 = slowSum + dropped;
      slowComp += Math.abs(slowSum) >= Math.abs(dropped) ? slowSum - total2 + dropped : dropped - total2 + slowSum;
      slowSum = total2;
    }
    const fast = i + 1 >= fastPeriod ? (fastSum + fastComp) / fastPeriod : Number.NaN;
    const slow = i + 1 >= slowPeriod ? (slowSum + slowComp) / slowPeriod : Number.NaN;
    if (fastBefore < slowBefore && fast > slow) pending = 1;
    else if (fastBefore > slowBefore && fast < slow) pending = -1;
    fastBefore = fast;
    slowBefore = slow;
    equity[i] = cash + qty * price;
  }
  if (qty !== 0 && total > 0) {
    cash += qty * close[total - 1]!;
    entryBars.push(entryBar);
    exitBars.push(total - 1);
    equity[total - 1] = cash;
  }
  return { entryBars, exitBars, finalCash: cash, equity };
}
