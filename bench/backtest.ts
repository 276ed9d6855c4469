import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runBacktest } from '../src/backtest/backtest.js';
import { syntheticBacktestBars } from '../src/backtest/data/synthetic-data.js';
import type { BacktestRun, BarColumns } from '../src/backtest/types.js';
import { Decimal } from '../src/domain/decimal.js';
import { smaCross } from '../src/strategy/builtins/sma-cross.js';
import { resolveStrategyParams } from '../src/strategy/params.js';
import { fusedSmaCross, type FusedRun } from './backtest-fused.js';
import { BACKTEST_KIT_NOT_RUN } from './backtest-peer.js';
import { median } from './loop-cost.js';

const BARS = 1_000_000;
const MINUTE_MS = 60_000;
const ROUNDS = 5;
const CASH = 10_000;

/**
 * sma-cross with its defaults (fast=5 slow=20 mode=long size=1, cash 10,000) over a million
 * synthetic 1-minute bars made before any timing, as bars per second: Blotter's runBacktest, then on
 * the same bars a hand-fused loop of the same strategy (the limit) and backtest-kit (the peer).
 * Each figure is the median of 5 rounds after a warm-up round; Blotter and the fused loop take
 * turns, so a machine busy for a while slows both alike. Target: Blotter ≥ 5,000,000 bars/s.
 */
export async function benchBacktest(): Promise<void> {
  const bars = syntheticBacktestBars({ seed: 1, symbol: 'BENCH', count: BARS, timeframeMs: MINUTE_MS });
  const reading = resolveStrategyParams(smaCross, []);
  if (!reading.ok) throw new Error(`sma-cross defaults: ${reading.problem}`);
  const params = reading.values;
  if (params.size === 'all') throw new Error('the bench needs sma-cross with a whole-number size');
  const blotter = (): BacktestRun => runBacktest({ definition: smaCross, params, symbol: 'BENCH', bars, cash: new Decimal(CASH) });
  const fused = (): FusedRun => fusedSmaCross(bars, params.fast, params.slow, params.size as number, CASH);

  let blotterRun = blotter();
  let fusedRun = fused();
  const blotterRates: number[] = [];
  const fusedRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    blotterRates.push(rate(bars, () => (blotterRun = blotter())));
    fusedRates.push(rate(bars, () => (fusedRun = fused())));
  }
  const blotterRate = median(blotterRates);
  const fusedRate = median(fusedRates);
  const read = readMoney(blotterRun);
  const mismatch = tradeMismatch(blotterRun, fusedRun);

  const n = (value: number): string => Math.round(value).toLocaleString('en-US');
  const ratio = (value: number): string => `${(value / blotterRate).toFixed(value >= blotterRate ? 1 : 3)}× Blotter`;
  console.log(
    `backtest, sma-cross fast=${params.fast} slow=${params.slow} mode=${params.mode} size=${params.size} on ${n(BARS)} synthetic 1-minute bars in memory ` +
      `(median of ${ROUNDS} rounds after a warm-up, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores):`,
  );
  console.log(
    `  Blotter runBacktest  ${n(blotterRate)} bars/s (min ${n(Math.min(...blotterRates))}, max ${n(Math.max(...blotterRates))}), ` +
      `${blotterRun.trades.length} trades, final equity ${blotterRun.equityFinal.toFixed(2)}; target 5,000,000; ` +
      `making every trade and its exact prices and P&L when first read (as statistics and exports do) takes ${read.ms.toFixed(0)} ms more (${read.losing} lost money)`,
  );
  console.log(`  hand-fused loop      ${n(fusedRate)} bars/s, ${ratio(fusedRate)}, ${fusedRun.entryBars.length} trades, final equity ${fusedRun.finalCash.toFixed(2)}`);
  console.log(`  backtest-kit         not run: ${BACKTEST_KIT_NOT_RUN}`);
  if (mismatch !== undefined) {
    console.error(`!!! BACKTEST MISMATCH: Blotter and the hand-fused loop made different trades: ${mismatch}`);
    process.exitCode = 1;
  }
}

function rate(bars: BarColumns, run: () => unknown): number {
  const started = performance.now();
  run();
  return bars.length / ((performance.now() - started) / 1000);
}

/** A run's trades, and their decimals, are made when first read: what that costs, once, and how many lost money. */
function readMoney(run: BacktestRun): { readonly ms: number; readonly losing: number } {
  const started = performance.now();
  let losing = 0;
  for (const trade of run.trades) if (trade.pnl.isNeg() && trade.entryPrice.isPos() && trade.exitPrice.isPos()) losing++;
  return { ms: performance.now() - started, losing };
}

/** Where Blotter's trades and the fused loop's first differ, or undefined when they are the same trades. */
function tradeMismatch(blotter: BacktestRun, fused: FusedRun): string | undefined {
  const count = Math.max(blotter.trades.length, fused.entryBars.length);
  for (let k = 0; k < count; k++) {
    const trade = blotter.trades[k];
    const entry = fused.entryBars[k];
    const exit = fused.exitBars[k];
    if (trade?.entryBar !== entry || trade?.exitBar !== exit) {
      return `trade ${k + 1}: Blotter ${trade === undefined ? 'none' : `bars ${trade.entryBar}→${trade.exitBar}`}, fused ${entry === undefined ? 'none' : `bars ${entry}→${exit}`}`;
    }
  }
  const cents = Math.abs(blotter.equityFinal.toNumber() - fused.finalCash);
  return cents < 0.005 ? undefined : `final equity ${blotter.equityFinal.toFixed(2)} against ${fused.finalCash.toFixed(2)}`;
}
