import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BacktestStatistics } from '../backtest/statistics.js';
import { errorText } from '../core/error-text.js';
import { SWEEP_WORKER_MARKER, type SweepReply, type SweepRequest, type SweepWorkerData } from './backtest-sweep-protocol.js';
import { startThread } from './thread-start.js';

/** The worker module, from source; from the bundle, the bundle's entry runs its runSweepWorker. */
const WORKER_SOURCE = new URL('./backtest-sweep-worker.ts', import.meta.url);

/** What a worker sent back for one parameter set. */
export interface SweepCellResult {
  readonly statistics: BacktestStatistics;
  /** Exact, to the cent. */
  readonly equityFinal: string;
}

export interface SweepPoolOptions {
  /** Threads to start; os.availableParallelism() when absent, never more than there are parameter sets. */
  readonly workers?: number;
  /** Aborting stops every worker and rejects with SweepInterrupted. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run threw in a worker: `index` is its parameter set's. */
export class SweepRunError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

export class SweepInterrupted extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`stopped after ${done} of ${total} parameter sets`);
  }
}

/**
 * Runs every parameter set on a pool of worker threads, each handed one set at a time as it
 * finishes the last, and gives the results in the sets' order. Every worker is terminated before
 * this settles, whether the sweep finished, a run failed or it was aborted.
 */
export async function runSweepPool(
  data: Omit<SweepWorkerData, typeof SWEEP_WORKER_MARKER>,
  paramSets: ReadonlyArray<SweepRequest['params']>,
  options: SweepPoolOptions = {},
): Promise<SweepCellResult[]> {
  const total = paramSets.length;
  const results = new Array<SweepCellResult>(total);
  if (total === 0) return results;
  const { signal, onProgress } = options;
  const workers: Worker[] = [];
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      onAbort = () => reject(new SweepInterrupted(done, total));
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), total));
      for (let w = 0; w < size; w++) {
        const worker = startThread(WORKER_SOURCE, 'runSweepWorker', { ...data, [SWEEP_WORKER_MARKER]: true } satisfies SweepWorkerData);
        workers.push(worker);
        let current = -1;
        const give = (): void => {
          if (next >= total) return;
          current = next++;
          worker.postMessage({ index: current, params: paramSets[current] as SweepRequest['params'] } satisfies SweepRequest);
        };
        worker.on('message', (reply: SweepReply) => {
          if (reply.kind === 'failed') return reject(new Error(reply.message));
          if (reply.kind === 'error') return reject(new SweepRunError(reply.index, reply.message));
          results[reply.index] = { statistics: reply.statistics, equityFinal: reply.equityFinal };
          done++;
          onProgress?.(done, total);
          if (done === total) resolve();
          else give();
        });
        worker.on('error', (error) => reject(current >= 0 ? new SweepRunError(current, errorText(error)) : error));
        // After the sweep settles this is the terminate below, and the rejection is a no-op.
        worker.on('exit', (code) => reject(new Error(`a sweep worker stopped (exit code ${code}) before the sweep was done`)));
        give();
      }
    });
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
