import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY, TerminalSession } from '../test/e2e/terminal.js';

/** The benchmarks run bundled from dist/, next to the console they start. */
const BIN = fileURLToPath(new URL('blotter.js', import.meta.url));
const COLS = 120;
const ROWS = 32;
/** A new data directory's market; a stored exchange keeps its own seed. */
const SEED = '1';

function start(dir: string): TerminalSession {
  return new TerminalSession({ bin: BIN, args: ['--data-dir', dir, '--seed', SEED], cols: COLS, rows: ROWS });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ctrl-C twice; with orders working the console asks first, and `l` leaves them working. */
async function leave(term: TerminalSession): Promise<void> {
  await term.ctrlCTwice();
  const asked = await term.waitFor(/working order/, 3_000).then(
    () => true,
    () => false,
  );
  if (asked) term.press('l');
  const code = await term.waitForExit(15_000);
  if (code !== 0) throw new Error(`blotter exited with ${code}`);
}

/** Milliseconds from spawning the built console in a PTY to the first frame showing the Orders pane, once per run. */
export async function firstFrames(dir: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const term = start(dir);
    try {
      await term.waitFor('Orders', 15_000);
      times.push(performance.now() - started);
      await leave(term);
    } finally {
      term.kill();
    }
  }
  return times;
}

export interface Memory {
  /** VmRSS in MB about 3 s after the first frame. */
  readonly upMb: number;
  /** VmRSS in MB once the orders below have filled. */
  readonly tradedMb: number;
  /** VmHWM: the most the process held at any moment. */
  readonly peakMb: number;
  readonly orders: number;
}

/** Small market orders, each different so none is refused as a repeat. */
const ORDERS = ['buy 1 AAPL', 'buy 2 MSFT', 'buy 3 KO', 'sell 1 AAPL'];

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no ${field} for process ${pid}`);
  return Number(kb) / 1024;
}

/** The console's resident memory (the PTY's child is the node process itself) when up, and after trading. */
export async function memory(dir: string): Promise<Memory> {
  const term = start(dir);
  try {
    await term.waitFor('Orders', 15_000);
    await sleep(3_000);
    const upMb = statusMb(term.pid, 'VmRSS');
    for (const line of ORDERS) {
      await term.type(line);
      term.press(KEY.enter);
      const [, side = '', qty = '', symbol = ''] = /^(\w+) (\d+) (\w+)$/.exec(line) ?? [];
      const label = `${side.toUpperCase()} ${qty} ${symbol}`;
      const answer = await term.waitFor(new RegExp(`#(\\d+) ${label} sent`), 10_000);
      const seq = new RegExp(`#(\\d+) ${label} sent`).exec(answer)?.[1];
      await term.waitFor(new RegExp(`#${seq} ${label} filled`), 10_000);
    }
    await sleep(1_000);
    const tradedMb = statusMb(term.pid, 'VmRSS');
    const peakMb = statusMb(term.pid, 'VmHWM');
    await leave(term);
    return { upMb, tradedMb, peakMb, orders: ORDERS.length };
  } finally {
    term.kill();
  }
}

export interface LogCounts {
  readonly errors: number;
  /** Warnings from startup checks that changed something: reconciliation fixes, adopted orders. */
  readonly fixes: number;
  /** The first error line, to say what went wrong. */
  readonly firstError?: string;
}

/** ERROR lines in the log files the consoles wrote (`DIR/logs/*.jsonl`). */
export function logCounts(dir: string): LogCounts {
  let errors = 0;
  let fixes = 0;
  let firstError: string | undefined;
  const logs = join(dir, 'logs');
  let names: string[] = [];
  try {
    names = readdirSync(logs).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return { errors, fixes };
  }
  for (const name of names) {
    for (const line of readFileSync(join(logs, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const entry = JSON.parse(line) as { level?: string; message?: string };
      if (entry.level === 'error') {
        errors++;
        firstError ??= entry.message;
      }
      if (entry.level === 'warn' && /reconcile|adopted|books do not balance/.test(entry.message ?? '')) fixes++;
    }
  }
  return { errors, fixes, ...(firstError !== undefined && { firstError }) };
}
