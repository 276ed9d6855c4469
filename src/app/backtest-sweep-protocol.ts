import type { BacktestStatistics } from '../backtest/statistics.js';
import type { BarColumns } from '../backtest/types.js';

/** The key of workerData that tells a thread started from the bundle it is a sweep's worker, not the CLI. */
export const SWEEP_WORKER_MARKER = 'blotterSweepWorker';

/** The six columns one after the other in one shared buffer: every worker reads the same memory. */
export interface SharedBars {
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
}

/** What every run of one sweep shares, given to each worker once as it starts. */
export type SweepWorkerData = {
  readonly [SWEEP_WORKER_MARKER]: true;
  /** As given to --strategy: resolved in the worker as the CLI resolves it. */
  readonly strategy: string;
  readonly strategiesDir: string | undefined;
  readonly symbol: string;
  readonly bars: SharedBars;
  readonly cash: string;
  /** The cost specs' text, read again here: a parsed spec holds decimals, which do not cross threads. */
  readonly commission: string;
  readonly slippage: string;
};

/** One parameter set to run, resolved (and checked by the strategy) before it was sent. */
export interface SweepRequest {
  readonly index: number;
  readonly params: Readonly<Record<string, string | number>>;
}

export type SweepReply =
  | { readonly kind: 'done'; readonly index: number; readonly statistics: BacktestStatistics; readonly equityFinal: string }
  | { readonly kind: 'error'; readonly index: number; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

const COLUMNS = ['start', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Copies the columns into one SharedArrayBuffer, once for all the workers. */
export function shareBars(bars: BarColumns): SharedBars {
  const buffer = new SharedArrayBuffer(COLUMNS.length * bars.length * Float64Array.BYTES_PER_ELEMENT);
  COLUMNS.forEach((name, i) => new Float64Array(buffer, i * bars.length * Float64Array.BYTES_PER_ELEMENT, bars.length).set(bars[name]));
  return { buffer, length: bars.length };
}

export function sharedColumns({ buffer, length }: SharedBars): BarColumns {
  const column = (i: number): Float64Array => new Float64Array(buffer, i * length * Float64Array.BYTES_PER_ELEMENT, length);
  return { length, start: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}
