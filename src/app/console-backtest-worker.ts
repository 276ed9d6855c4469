import { barsBetween } from '../backtest/data/bars-between.js';
import { basename, extname } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runBacktest } from '../backtest/backtest.js';
import { syntheticBacktestBars } from '../backtest/data/synthetic-data.js';
import { computeStatistics, type BacktestStatistics } from '../backtest/statistics.js';
import type { BarColumns } from '../backtest/types.js';
import type { BacktestData } from '../command/intent.js';
import { errorText } from '../core/error-text.js';
import { dec } from '../domain/decimal.js';
import { BUILTIN_STRATEGIES, findBuiltinStrategy } from '../strategy/builtins/index.js';
import { resolveStrategyParams } from '../strategy/params.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import { loadBars } from './bar-cache.js';
import { commissionModel, slippageModel } from './brokers/sim-costs.js';
import { parseCommissionSpec, parseSlippageSpec } from './cost-spec.js';
import { loadStrategyFiles } from './strategy-files.js';

/** The key in workerData that tells a thread it was started to run a console backtest. */
export const CONSOLE_BACKTEST_MARKER = 'blotterConsoleBacktest';

/** What the console asks a worker to run: plain data, as a thread can be sent nothing else. */
export interface ConsoleBacktestRequest {
  /** A built-in's name, or one of the trader's in `strategiesDir`. */
  readonly strategy: string;
  readonly strategiesDir: string;
  readonly settings: readonly string[];
  readonly data: BacktestData;
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
  /** Decimal text. */
  readonly cash: string;
  readonly commission?: string;
  readonly slippage?: string;
  /** Where parsed CSVs are cached; the bar cache's default when absent. */
  readonly barCacheDir?: string;
}

/** What the overlay shows of a finished run. */
export interface ConsoleBacktestResult {
  readonly strategy: string;
  readonly symbol: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** The CSV file as typed, or `synthetic:SEED`. */
  readonly source: string;
  readonly bars: number;
  /** Decimal text, to the cent. */
  readonly startingCash: string;
  readonly equityFinal: string;
  readonly commission: string;
  readonly slippage: string;
  readonly statistics: BacktestStatistics;
  /**
   * The equity curve thinned to at most CHART_POINTS points (each stretch's lowest and highest, in
   * time order), with when each was: plenty for any terminal's chart, and a million bars would be
   * 16 MB to send across.
   */
  readonly equity: Float64Array;
  readonly times: Float64Array;
  readonly refused: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

export type ConsoleBacktestMessage =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly result: ConsoleBacktestResult }
  | { readonly kind: 'failed'; readonly problem: string };

/** A terminal is at most a few hundred columns of two dots each; twice that in min/max pairs is plenty. */
export const CHART_POINTS = 4_096;

/**
 * Runs one backtest, start to end, telling `progress` about a hundred times along the way. Throws
 * an Error of one line on a strategy, data or range problem, or when the strategy fails.
 */
export async function runConsoleBacktest(request: ConsoleBacktestRequest, progress: (done: number, total: number) => void): Promise<ConsoleBacktestResult> {
  const started = performance.now();
  const definition = await strategyNamed(request.strategy, request.strategiesDir);
  const reading = resolveStrategyParams(definition, request.settings);
  if (!reading.ok) throw new Error(`${definition.name}: ${reading.problem}`);
  const cut = barsBetween(await barsOf(request), request.symbol, request.from, request.to);
  if (!cut.ok) throw new Error(cut.problem);
  const bars = cut.bars;
  const run = runBacktest({
    definition,
    params: reading.values,
    symbol: request.symbol,
    bars,
    cash: dec(request.cash),
    commission: commissionModel(request.commission === undefined ? undefined : parseCommissionSpec(request.commission)),
    slippage: slippageModel(request.slippage === undefined ? undefined : parseSlippageSpec(request.slippage)),
    onProgress: progress,
  });
  const thinned = thinSeries(run.equity, bars.start, CHART_POINTS);
  return {
    strategy: run.strategy,
    symbol: run.symbol,
    params: run.params,
    source: request.data.kind === 'file' ? request.data.path : `synthetic:${request.data.seed}`,
    bars: bars.length,
    startingCash: run.startingCash.toFixed(2),
    equityFinal: run.equityFinal.toFixed(2),
    commission: request.commission ?? 'none',
    slippage: request.slippage ?? 'none',
    statistics: computeStatistics(run),
    equity: thinned.values,
    times: thinned.times,
    refused: run.refused,
    elapsedMs: performance.now() - started,
  };
}

/** The symbol a backtest of this data trades: the file's name upper-cased, or the synthetic market's. */
export function backtestSymbol(data: BacktestData): string {
  return data.kind === 'file' ? basename(data.path, extname(data.path)).toUpperCase() : SYNTHETIC_SYMBOL;
}

const SYNTHETIC_SYMBOL = 'SYNTH';

/** A built-in by name, else the trader's strategy of that name, loaded here as the session loaded it. */
async function strategyNamed(name: string, strategiesDir: string): Promise<StrategyDefinition> {
  const builtin = findBuiltinStrategy(name);
  if (builtin !== undefined) return builtin;
  const own = await loadStrategyFiles(strategiesDir, BUILTIN_STRATEGIES.map((definition) => definition.name));
  const found = own.definitions.find((definition) => definition.name === name);
  if (found === undefined) throw new Error(`strategy ${name} is no longer in ${strategiesDir}; strategies lists those that can run`);
  return found;
}

async function barsOf(request: ConsoleBacktestRequest): Promise<BarColumns> {
  if (request.data.kind === 'synthetic') return syntheticBacktestBars({ seed: request.data.seed, symbol: request.symbol });
  const read = await loadBars(request.data.path, request.barCacheDir === undefined ? {} : { cacheDir: request.barCacheDir });
  if (!read.ok) throw new Error(read.problem);
  return read.bars;
}

/**
 * At most `limit` points of a series: all of it when short enough, else each of limit/2 stretches'
 * lowest and highest in the order they came, so no peak or trough the chart would show is lost.
 */
export function thinSeries(values: ArrayLike<number>, times: ArrayLike<number>, limit: number): { values: Float64Array; times: Float64Array } {
  const count = Math.min(values.length, times.length);
  if (count <= limit) return { values: Float64Array.from({ length: count }, (_, i) => values[i] as number), times: Float64Array.from({ length: count }, (_, i) => times[i] as number) };
  // The first and last bars (the starting and final equity) are always kept, beside each stretch's two.
  const stretches = Math.max(1, Math.floor((limit - 2) / 2));
  const kept: number[] = [0];
  for (let s = 0; s < stretches; s++) {
    const first = Math.floor((s * count) / stretches);
    const end = Math.floor(((s + 1) * count) / stretches);
    let low = first;
    let high = first;
    for (let i = first + 1; i < end; i++) {
      if ((values[i] as number) < (values[low] as number)) low = i;
      if ((values[i] as number) > (values[high] as number)) high = i;
    }
    for (const i of low < high ? [low, high] : [high, low]) if (i > (kept[kept.length - 1] as number)) kept.push(i);
  }
  if (kept[kept.length - 1] !== count - 1) kept.push(count - 1);
  return { values: Float64Array.from(kept, (i) => values[i] as number), times: Float64Array.from(kept, (i) => times[i] as number) };
}

/** True in a thread started to run a console backtest: the bundle's entry asks this before running the CLI. */
export function isConsoleBacktestWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && CONSOLE_BACKTEST_MARKER in workerData;
}

/** The worker's life: one run, its progress and then its result or its one-line failure; the console then ends the thread. */
export async function runConsoleBacktestWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('runConsoleBacktestWorker runs in a worker thread the console started');
  const request = (workerData as Record<typeof CONSOLE_BACKTEST_MARKER, ConsoleBacktestRequest>)[CONSOLE_BACKTEST_MARKER];
  const post = (message: ConsoleBacktestMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  try {
    const result = await runConsoleBacktest(request, (done, total) => post({ kind: 'progress', done, total }));
    post({ kind: 'done', result }, [result.equity.buffer as ArrayBuffer, result.times.buffer as ArrayBuffer]);
  } catch (error) {
    post({ kind: 'failed', problem: errorText(error) });
  }
}
