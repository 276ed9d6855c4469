import { stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { BacktestIntent } from '../command/intent.js';
import { errorText } from '../core/error-text.js';
import { dec, formatAmount } from '../domain/decimal.js';
import { errorCode } from '../persistence/error-code.js';
import { resolveStrategyParams } from '../strategy/params.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import { DEFAULT_BACKTEST_CASH } from './backtest-config.js';
import {
  backtestSymbol,
  CONSOLE_BACKTEST_MARKER,
  type ConsoleBacktestMessage,
  type ConsoleBacktestRequest,
  type ConsoleBacktestResult,
} from './console-backtest-worker.js';
import { parseCommissionSpec, parseSlippageSpec } from './cost-spec.js';
import { startThread } from './thread-start.js';

export type { ConsoleBacktestResult } from './console-backtest-worker.js';

/** How a background run ended: with its result, with its one-line failure, or stopped by the console. */
export type BacktestJobOutcome =
  | { readonly kind: 'done'; readonly result: ConsoleBacktestResult }
  | { readonly kind: 'failed'; readonly problem: string }
  | { readonly kind: 'stopped' };

/** A backtest running in its own thread. */
export interface BacktestJob {
  /** `sma-cross on GOOG`. */
  readonly label: string;
  /** Settles when the run ends, however it ends; never rejects. */
  readonly ended: Promise<BacktestJobOutcome>;
  /** Ends the run if it still goes (the console quitting); `ended` then says stopped. */
  stop(): void;
}

export type BacktestStart = { readonly ok: true; readonly text: string; readonly job: BacktestJob } | { readonly ok: false; readonly text: string };

/** The thread a run goes in, as far as the desk uses it; a test may give a stand-in. */
export type BacktestThread = Pick<Worker, 'on' | 'terminate' | 'unref'>;

export interface ConsoleBacktestOptions {
  /** The strategies the session can start: a backtest can name the same ones. */
  readonly definitions: readonly StrategyDefinition[];
  /** Where the trader's own strategy files are (the worker loads them again: a thread gets no functions). */
  readonly strategiesDir: string;
  /** Progress, the end of a run and its failure, as log lines. */
  readonly note: (level: 'info' | 'warn' | 'error', text: string) => void;
  readonly barCacheDir?: string;
  /** Milliseconds, for spacing the progress lines. */
  readonly now?: () => number;
  readonly startThread?: (request: ConsoleBacktestRequest) => BacktestThread;
}

interface RunningJob {
  readonly label: string;
  readonly stop: () => void;
  /** `42% of 1,000,000 bars`. */
  readonly progress: () => string;
}

/** A run shorter than this says nothing until it is done; a longer one says how far it is this often. */
export const PROGRESS_NOTE_MS = 1_000;

const WORKER_ENTRY = new URL('./console-backtest-worker.ts', import.meta.url);

/**
 * The console's backtests: one at a time, each in a worker thread so that a run of a million bars
 * never holds up the screen (the kernel is synchronous). What can be checked at once (the strategy,
 * its settings, the costs, that the file exists) is refused at once, in one line; the rest (the
 * CSV's rows, the range, the strategy failing) ends the run with one log line. A second backtest
 * while one runs is refused, naming the first. `stop` ends a run, as quitting the console does.
 */
export class ConsoleBacktests {
  private current: RunningJob | undefined;

  constructor(private readonly options: ConsoleBacktestOptions) {}

  /** The label of the run going on, if any. */
  running(): string | undefined {
    return this.current?.label;
  }

  async start(intent: BacktestIntent): Promise<BacktestStart> {
    const symbol = backtestSymbol(intent.data);
    const label = `${intent.strategy} on ${symbol}`;
    if (this.current !== undefined) {
      return { ok: false, text: `backtest of ${this.current.label} is still running (${this.current.progress()}); wait for its result before starting another` };
    }
    const problem = this.problemOf(intent) ?? (await dataProblem(intent));
    if (problem !== undefined) return { ok: false, text: problem };
    // Taken again: the file check awaited, and another start may have come in meanwhile.
    const meanwhile = this.running();
    if (meanwhile !== undefined) return { ok: false, text: `backtest of ${meanwhile} is still running; wait for its result before starting another` };
    const request: ConsoleBacktestRequest = {
      strategy: intent.strategy,
      strategiesDir: this.options.strategiesDir,
      settings: intent.settings,
      data: intent.data,
      symbol,
      ...(intent.from !== undefined && { from: intent.from.at }),
      ...(intent.to !== undefined && { to: intent.to.at }),
      cash: intent.cash?.toString() ?? DEFAULT_BACKTEST_CASH,
      ...(intent.commission !== undefined && { commission: intent.commission }),
      ...(intent.slippage !== undefined && { slippage: intent.slippage }),
      ...(this.options.barCacheDir !== undefined && { barCacheDir: this.options.barCacheDir }),
    };
    const job = this.launch(label, request);
    return { ok: true, text: `backtest of ${label} running… the result opens over the panes when done`, job };
  }

  /** Ends the run going on, if any: its thread is terminated and its job ends as stopped. */
  stop(): void {
    this.current?.stop();
  }

  private problemOf(intent: BacktestIntent): string | undefined {
    const { definitions } = this.options;
    const definition = definitions.find((candidate) => candidate.name === intent.strategy);
    if (definition === undefined) return `no strategy named ${intent.strategy}; known are ${definitions.map((d) => d.name).join(', ')}`;
    const reading = resolveStrategyParams(definition, intent.settings);
    if (!reading.ok) return `${definition.name}: ${reading.problem}`;
    try {
      if (intent.commission !== undefined) parseCommissionSpec(intent.commission);
      if (intent.slippage !== undefined) parseSlippageSpec(intent.slippage);
    } catch (error) {
      return errorText(error);
    }
    return undefined;
  }

  private launch(label: string, request: ConsoleBacktestRequest): BacktestJob {
    const now = this.options.now ?? Date.now;
    const note = this.options.note;
    const thread = (this.options.startThread ?? defaultThread)(request);
    // Quitting never waits for a run: the thread alone does not keep the process alive.
    thread.unref();
    let progress = { done: 0, total: 0 };
    let noted = now();
    let finish: (outcome: BacktestJobOutcome) => void = () => undefined;
    const shown = (): string => (progress.total === 0 ? 'starting' : `${percent(progress)} of ${progress.total.toLocaleString('en-US')} bars`);
    const job: RunningJob = { label, stop: () => finish({ kind: 'stopped' }), progress: shown };
    this.current = job;
    const ended = new Promise<BacktestJobOutcome>((resolve) => {
      finish = (outcome) => {
        // Once only: the thread's exit follows its result, and a stop its exit.
        if (this.current !== job) return;
        this.current = undefined;
        void thread.terminate();
        if (outcome.kind === 'done') note('info', `backtest of ${label} done in ${seconds(outcome.result.elapsedMs)}: ${summary(outcome.result)}`);
        else if (outcome.kind === 'failed') note('error', `backtest of ${label} failed: ${outcome.problem}`);
        else note('info', `backtest of ${label} stopped`);
        resolve(outcome);
      };
    });
    thread.on('message', (message: ConsoleBacktestMessage) => {
      if (message.kind === 'progress') {
        progress = message;
        if (now() - noted >= PROGRESS_NOTE_MS && message.done < message.total) {
          noted = now();
          note('info', `backtest of ${label}: ${shown()}`);
        }
      } else if (message.kind === 'done') finish({ kind: 'done', result: message.result });
      else finish({ kind: 'failed', problem: message.problem });
    });
    thread.on('error', (error: unknown) => finish({ kind: 'failed', problem: errorText(error) }));
    thread.on('exit', (code: number) => finish({ kind: 'failed', problem: `its thread ended (exit code ${code}) before the result` }));
    return { label, ended, stop: job.stop };
  }
}

function defaultThread(request: ConsoleBacktestRequest): BacktestThread {
  return startThread(WORKER_ENTRY, 'runConsoleBacktestWorker', { [CONSOLE_BACKTEST_MARKER]: request });
}

/** A missing file or a folder is said at once; a file that is there is read in the thread. */
async function dataProblem(intent: BacktestIntent): Promise<string | undefined> {
  if (intent.data.kind !== 'file') return undefined;
  const { path } = intent.data;
  try {
    if ((await stat(path)).isDirectory()) return `--data ${path} is a folder; give one CSV file of bars, e.g. --data ${path}/GOOG.csv`;
    return undefined;
  } catch (error) {
    const why = errorCode(error) === 'ENOENT' ? 'no such file' : errorText(error);
    return `--data ${path}: ${why}; give a CSV file of bars or synthetic:SEED`;
  }
}

/** `return +12.34%, 14 trades, final equity $51,959.95`. */
function summary(result: ConsoleBacktestResult): string {
  const { returnPct, trades } = result.statistics;
  const sign = returnPct > 0 ? '+' : '';
  return `return ${sign}${returnPct.toFixed(2)}%, ${trades} trade${trades === 1 ? '' : 's'}, final equity $${formatAmount(dec(result.equityFinal))}`;
}

function percent({ done, total }: { done: number; total: number }): string {
  return `${Math.floor((done / total) * 100)}%`;
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
