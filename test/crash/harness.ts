import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimRunReport } from '../../src/app/report.js';

/**
 * The crash suite: a real `blotter run` child trades a random script and is killed with SIGKILL at a
 * random moment; then every file it left must parse, and a restart must end equal to the exchange,
 * with every fill the trader had seen still there, nothing invented and no id handed out twice.
 *
 * What the trader saw is read independently, while the child runs, from the profile file on disk
 * (what the console would show after a restart at that instant): every fill and every exchange order
 * id in it is remembered, and after the restart each must still be there, unchanged.
 */

export const BLOTTER_BIN = fileURLToPath(new URL('../../dist/blotter.js', import.meta.url));

export interface TrialOptions {
  readonly seed: number;
  readonly faults: boolean;
  /** When the child is killed, after its profile first appears on disk. */
  readonly killAfterMs: number;
}

export interface TrialResult {
  readonly seed: number;
  readonly faults: boolean;
  readonly killAfterMs: number;
  /** Fills the trader had seen before the kill (read from the profile while the child ran). */
  readonly seenFills: number;
  readonly finalFills: number;
  readonly finalOrders: number;
  /** Everything that is wrong; empty for a clean trial. */
  readonly failures: string[];
}

interface SeenFill {
  readonly clientOrderId: string;
  readonly qty: string;
  readonly price: string;
  readonly notional?: string;
}

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'KO', 'INTC', 'F', 'BAC', 'PFE'];

/** A random trading script: market orders that fill, limits that rest, cancels, short timeouts. */
export function randomScript(seed: number, lines = 60): string {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const roll = next();
    const symbol = pick(SYMBOLS);
    const qty = 1 + Math.floor(next() * 20);
    if (roll < 0.45) out.push(`${pick(['buy', 'sell'])} ${qty} ${symbol}`);
    else if (roll < 0.55) out.push(`buy ${qty} ${symbol} @ 1.00 gtc`);
    // A bracket whose legs rest far away: the exchange's journal carries held and live legs.
    else if (roll < 0.62) out.push(`buy ${qty} ${symbol} tp 99999 sl 0.01`);
    else if (roll < 0.7) out.push(`sell ${qty} ${symbol} @ 99999 gtc`);
    else if (roll < 0.78) out.push(`buy ${qty} ${symbol} @ 2.00 ttl 1s`);
    else if (roll < 0.86) out.push(`cancel ${symbol}`);
    else out.push(`wait ${10 + Math.floor(next() * 60)}ms`);
  }
  return `${out.join('\n')}\n`;
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runBlotter(args: readonly string[], timeoutMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BLOTTER_BIN, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Reads the profile file if it is there and whole; a file caught mid-rename is simply read next time. */
function readProfile(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function runTrial(options: TrialOptions): Promise<TrialResult> {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-crash-'));
  const failures: string[] = [];
  const seen = new Map<string, SeenFill>();
  const seenOrderIds = new Map<string, string>();
  let finalFills = 0;
  let finalOrders = 0;
  try {
    const script = join(dir, 'script.txt');
    writeFileSync(script, randomScript(options.seed));
    const profilePath = join(dir, 'sim.json');
    const args = ['run', '--data-dir', dir, '--seed', String(options.seed), '--order-timeout', '2s', '--deadline', '30s', '--script', script];
    if (options.faults) args.push('--faults', 'chaos');
    const child = spawn(process.execPath, [BLOTTER_BIN, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let killAt: number | undefined;
    let running = true;
    void exited.then(() => {
      running = false;
    });
    while (running) {
      const profile = readProfile(profilePath);
      if (profile !== undefined) {
        killAt ??= Date.now() + options.killAfterMs;
        for (const fill of (profile['fills'] as Record<string, string>[] | undefined) ?? []) {
          seen.set(`${fill['clientOrderId']}\n${fill['executionId']}`, {
            clientOrderId: fill['clientOrderId'] as string,
            qty: fill['qty'] as string,
            price: fill['price'] as string,
            ...(fill['notional'] !== undefined && { notional: fill['notional'] }),
          });
        }
        for (const order of (profile['orders'] as Record<string, string>[] | undefined) ?? []) {
          if (order['brokerOrderId'] !== undefined) seenOrderIds.set(order['brokerOrderId'], order['clientOrderId'] as string);
        }
      }
      if (killAt !== undefined && Date.now() >= killAt) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await exited;
    if (stderr.includes('crashed')) failures.push(`the first run crashed on its own: ${stderr.trim().slice(0, 300)}`);

    failures.push(...unreadableFiles(dir, false));

    const restart = await runBlotter(['run', '--data-dir', dir, '--deadline', '20s', '--script', writeRestartScript(dir)], 60_000);
    let report: SimRunReport;
    try {
      report = JSON.parse(restart.stdout) as SimRunReport;
    } catch {
      failures.push(`the restart printed no report (exit ${restart.code}): ${restart.stderr.trim().slice(0, 300)}`);
      return { ...options, seenFills: seen.size, finalFills, finalOrders, failures };
    }
    finalFills = report.fills.length;
    finalOrders = report.orders.length;
    for (const [name, same] of Object.entries(report.matches)) if (!same) failures.push(`after the restart ${name} differ: ${report.differences.join('; ')}`);
    // `cancel all` may find an order the crash left unacknowledged and say "try again in a moment":
    // that is the command doing its job; the order is settled by its polls before the run ends.
    const problems = report.problems.filter((p) => !/^command \d+ rejected: cancel all — \d+ not cancelled: .* is not acknowledged by the broker yet/.test(p));
    if (problems.length > 0) failures.push(`the restart was not clean: ${problems.join('; ')}`);
    if (report.workingLeft.length > 0) failures.push(`${report.workingLeft.length} orders still working after the restart`);
    if (report.books.adjustments > 0) failures.push(`${report.books.adjustments} adjustments were needed: ${report.adjustments.map((a) => a.reason).join('; ')}`);
    failures.push(...lostOrChangedFills(seen, report), ...reusedIds(seenOrderIds, report));
    failures.push(...unreadableFiles(dir, true));
    return { ...options, seenFills: seen.size, finalFills, finalOrders, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** After the restart: cancel whatever still rests, so the run can end with nothing working. */
function writeRestartScript(dir: string): string {
  const path = join(dir, 'restart.txt');
  // Once the startup reconciliation has brought back what the crash left working.
  writeFileSync(path, 'wait 1s\ncancel all\n');
  return path;
}

/**
 * Every fill the trader saw must still be booked, locally and at the exchange, with the same order,
 * quantity and price. A fill known only from an order's cumulative figures (seen by a poll) has no
 * exchange execution of its own; for those, the exchange must have filled at least as much.
 */
function lostOrChangedFills(seen: ReadonlyMap<string, SeenFill>, report: SimRunReport): string[] {
  const failures: string[] = [];
  const local = new Map(report.fills.map((f) => [`${f.clientOrderId}\n${f.executionId}`, f]));
  const exchange = new Map(report.exchange.fills.map((f) => [f.executionId, f]));
  const exchangeFilled = new Map<string, number>();
  for (const f of report.exchange.fills) exchangeFilled.set(f.clientOrderId, (exchangeFilled.get(f.clientOrderId) ?? 0) + Number(f.qty));
  const seenByOrder = new Map<string, number>();
  for (const [key, fill] of seen) {
    const executionId = key.split('\n')[1] as string;
    seenByOrder.set(fill.clientOrderId, (seenByOrder.get(fill.clientOrderId) ?? 0) + Number(fill.qty));
    const kept = local.get(key);
    if (kept === undefined) failures.push(`fill ${executionId} of ${fill.clientOrderId} was seen before the crash and is gone from the books`);
    else if (kept.qty !== fill.qty || kept.price !== fill.price) failures.push(`fill ${executionId} changed from ${fill.qty} @ ${fill.price} to ${kept.qty} @ ${kept.price}`);
    const theirs = exchange.get(executionId);
    if (theirs !== undefined && (theirs.clientOrderId !== fill.clientOrderId || theirs.qty !== fill.qty || theirs.price !== fill.price)) {
      failures.push(`execution id ${executionId} now names ${theirs.qty} @ ${theirs.price} of ${theirs.clientOrderId}, not the fill seen before the crash`);
    }
  }
  for (const [clientOrderId, qty] of seenByOrder) {
    if ((exchangeFilled.get(clientOrderId) ?? 0) < qty - 1e-9) failures.push(`${clientOrderId}: ${qty} filled before the crash, ${exchangeFilled.get(clientOrderId) ?? 0} at the exchange after it`);
  }
  return failures;
}

/** Ids once handed out keep naming the same thing, and the exchange never hands one out twice. */
function reusedIds(seenOrderIds: ReadonlyMap<string, string>, report: SimRunReport): string[] {
  const failures: string[] = [];
  const orders = new Map<string, string>();
  for (const order of report.exchange.orders) {
    if (orders.has(order.id)) failures.push(`exchange order id ${order.id} is used twice`);
    orders.set(order.id, order.clientOrderId);
  }
  const executions = new Set<string>();
  for (const fill of report.exchange.fills) {
    if (executions.has(fill.executionId)) failures.push(`execution id ${fill.executionId} is used twice`);
    executions.add(fill.executionId);
  }
  for (const [id, clientOrderId] of seenOrderIds) {
    const now = orders.get(id);
    if (now === undefined) failures.push(`exchange order ${id} (${clientOrderId}) was seen before the crash and the exchange no longer has it`);
    else if (now !== clientOrderId) failures.push(`exchange order id ${id} named ${clientOrderId} before the crash and ${now} after it`);
  }
  return failures;
}

/**
 * Every file Blotter keeps must parse; a journal may end in one line a crash cut short. A temporary
 * file is what a kill in the middle of a save leaves; once Blotter has opened the books again
 * (`afterRestart`) none may be left.
 */
function unreadableFiles(dir: string, afterRestart: boolean): string[] {
  const failures: string[] = [];
  const check = (path: string): void => {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch (error) {
        failures.push(`${path} does not parse: ${(error as Error).message}`);
      }
      return;
    }
    if (path.endsWith('.journal') || path.endsWith('.jsonl')) {
      const lines = text.split('\n');
      const tail = lines.pop();
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          JSON.parse(line);
        } catch {
          if (!(path.endsWith('.journal') && i === lines.length - 1 && tail === '')) failures.push(`${path} line ${i + 1} does not parse`);
        }
      });
    }
  };
  const walk = (at: string): void => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) {
        if (!name.endsWith('.lock')) walk(path);
      } else if (!name.endsWith('.tmp') && !name.endsWith('.owner')) {
        check(path);
      }
    }
  };
  walk(dir);
  if (afterRestart) for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) failures.push(`a temporary file was left behind: ${name}`);
  return failures;
}
