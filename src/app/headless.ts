import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../core/engine.js';
import { errorText } from '../core/engine.js';
import type { StoreError } from '../persistence/errors.js';
import { resolveLogDir } from '../persistence/paths.js';
import type { RunConfig } from './config.js';
import { formatDuration } from '../kernel/duration.js';
import { readBrokerLedger, type BrokerReading } from './broker-ledger.js';
import { buildReport, type CommandRecord, type RunReport } from './report.js';
import { readStep, type ScriptLines } from './script.js';
import { openSession, type Session, type SessionOptions } from './session.js';

export interface HeadlessOptions extends Pick<SessionOptions, 'env' | 'configDir'> {
  /** Aborting (Ctrl-C) stops the script and the waiting; the report is still made and the stores saved. */
  readonly signal?: AbortSignal;
}

export interface HeadlessResult {
  /** 0: every command accepted, nothing working, local state equal to the exchange's (or the broker's API's); 1 otherwise. */
  readonly exitCode: 0 | 1;
  readonly report: RunReport;
}

/** How often the run looks whether anything is still working. */
const IDLE_CHECK_MS = 50;

/**
 * `blotter run`: opens a session (in a new temporary directory when `fresh`, removed afterwards),
 * runs the script's commands one at a time, waits until nothing is working or the deadline passes,
 * then makes the final comparison with the exchange meaningful: faults off, one reconciliation, so
 * news that was dropped or delayed is recovered the way a reconnecting console would. A broker with
 * no ledger of its own is read through its API instead, before the session closes. Throws only
 * when the session cannot be opened or the script's input fails; the session is closed either way.
 */
export async function runHeadless(config: RunConfig, lines: ScriptLines, options: HeadlessOptions = {}): Promise<HeadlessResult> {
  const dataDir = config.fresh ? await mkdtemp(join(tmpdir(), 'blotter-run-')) : config.dataDir;
  const extraProblems: string[] = [];
  // Before the broker opens: the session's orders are all the broker's orders from here on.
  const startedAt = Date.now();
  try {
    const session = await openSession(
      { ...config, dataDir },
      {
        onStoreError: (error: StoreError) => extraProblems.push(`store: ${error.message}`),
        onLogFileError: (error: Error) => extraProblems.push(`log file: ${error.message}`),
        // The log file outlives a fresh run's temporary profile: it goes where the trader's logs go.
        logDir: resolveLogDir(config.dataDir),
        ...(options.env !== undefined && { env: options.env }),
        ...(options.configDir !== undefined && { configDir: options.configDir }),
      },
    );
    let report: RunReport;
    try {
      const commands = await runScript(session, lines, options.signal);
      // Strategies the script left running stop (their orders cancelled) so the comparison is of books at rest.
      await session.strategies.stop('all');
      await session.strategies.settled();
      const deadlinePassed = await finish(session, config.deadlineMs, options.signal);
      const broker = await readBroker(session, startedAt);
      report = buildReport({ session, commands, deadlinePassed, ...(broker !== undefined && { broker }) });
    } finally {
      await session.close().catch((error: unknown) => extraProblems.push(`could not save on exit: ${errorText(error)}`));
    }
    if (options.signal?.aborted === true) extraProblems.unshift('interrupted before the run finished');
    if (extraProblems.length > 0) report = { ...report, ok: false, problems: [...report.problems, ...extraProblems] };
    return { exitCode: report.ok ? 0 : 1, report };
  } finally {
    if (config.fresh && dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

/** What a broker without a ledger of its own reports through its API; undefined for a simulator. */
async function readBroker(session: Session, startedAt: number): Promise<BrokerReading | undefined> {
  const { broker, engine } = session;
  if (broker.controls !== undefined) return undefined;
  const booksOpenedAt = engine.openedAt();
  return readBrokerLedger(broker.trading, engine.orders(), { startedAt, now: Date.now, ...(booksOpenedAt !== undefined && { booksOpenedAt }) });
}

/** Runs every line in order, each after the previous one answered; a refusal is recorded and the script goes on. */
async function runScript(session: Session, lines: ScriptLines, signal: AbortSignal | undefined): Promise<CommandRecord[]> {
  const records: CommandRecord[] = [];
  for await (const raw of lines) {
    if (signal?.aborted === true) break;
    // Redacted before anything keeps it: the report echoes the line, even a refused one.
    const line = session.redact(raw);
    const step = readStep(line);
    if (step.kind === 'skip') continue;
    if (step.kind === 'refused') {
      records.push({ line: step.line, ok: false, text: step.reason });
    } else if (step.kind === 'bad-wait') {
      records.push({ line: line.trim(), ok: false, text: 'wait needs a duration up to 24h, e.g. wait 2s or wait 500ms' });
    } else if (step.kind === 'wait') {
      await pause(step.ms, signal);
      records.push({ line: line.trim(), ok: true, text: `waited ${formatDuration(step.ms)}` });
    } else {
      const outcome = await session.runCommand(step.text);
      records.push({ line: step.text, ok: outcome.ok, text: outcome.text });
      if (outcome.ok && outcome.quit === true) break;
    }
  }
  return records;
}

/**
 * Waits for the engine to have nothing working, then switches a simulator's faults off and
 * reconciles: an update the faults dropped would otherwise stay unknown until the next periodic
 * pass. If that brings back work (an adopted order), it waits again within the same deadline.
 * Resolves to whether the deadline passed with work still left after that (an interrupted wait is
 * not a deadline).
 */
async function finish(session: Session, deadlineMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  const { engine, broker } = session;
  const deadline = Date.now() + deadlineMs;
  let idle = await waitUntilIdle(engine, deadline, signal);
  broker.controls?.setFaults({});
  await engine.settled();
  await engine.reconcile('periodic');
  await engine.settled();
  if (idle && engine.workingOrders().length > 0) {
    idle = await waitUntilIdle(engine, deadline, signal);
    await engine.reconcile('periodic');
    await engine.settled();
  }
  // The final reconciliation may settle what the wait could not (an order the crash left pending).
  return !idle && engine.workingOrders().length > 0 && signal?.aborted !== true;
}

/** Resolves true once nothing is working and the engine is settled, false at the deadline or on abort. */
async function waitUntilIdle(engine: Engine, deadline: number, signal: AbortSignal | undefined): Promise<boolean> {
  for (;;) {
    if (engine.workingOrders().length === 0) {
      await engine.settled();
      if (engine.workingOrders().length === 0) return true;
    }
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted === true) return false;
    await pause(Math.min(IDLE_CHECK_MS, left), signal);
  }
}

/** A real-time pause that an abort cuts short. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!(signal?.aborted === true)) throw error;
  }
}
