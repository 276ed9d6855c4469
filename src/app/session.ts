import { join } from 'node:path';
import { createClientOrderIdFactory } from '../domain/client-order-id.js';
import { booksDifferences, openingBalances } from '../domain/books.js';
import { BlotterError } from '../domain/errors.js';
import { createSimExchange, simExchangeId, type SimExchange } from '../broker/sim/sim-exchange.js';
import { DEFAULT_WATCHLIST } from '../broker/sim/universe.js';
import { systemClock, type Clock } from '../core/clock.js';
import { Engine, errorText } from '../core/engine.js';
import type { EngineConfig } from '../core/engine-config.js';
import { createRedactor, secretsFromEnv, type Redactor } from '../kernel/redact.js';
import { openArchive, type Archive } from '../persistence/archive.js';
import type { StoreError } from '../persistence/errors.js';
import { archiveDir, exchangeArchiveDir, profileFile, resolveDataDir, resolveLogDir } from '../persistence/paths.js';
import { openProfileStore, type ProfileSnapshot, type ProfileStore } from '../persistence/profile-store.js';
import type { StoreFs } from '../persistence/store-fs.js';
import { MAX_LINE_LENGTH } from '../command/clip.js';
import { clipText } from '../kernel/clip-text.js';
import { runCommand, type CommandOutcome } from './command-runner.js';
import type { SessionConfig } from './config.js';
import { openExchangeStore, type ExchangeStore } from './exchange-store.js';
import { openLogFile, type LogFile } from './log-file.js';
import { persistCoreEvent } from './persist-events.js';
import { StoreHealth } from './store-health.js';

export class StartupError extends BlotterError {}

export interface Session {
  readonly engine: Engine;
  readonly exchange: SimExchange;
  readonly profile: ProfileStore;
  /** Where the profile's finished orders, fills and adjustments go once they are old. */
  readonly archive: Archive;
  readonly exchangeStore: ExchangeStore;
  /** The redaction every sink shares, built once from the configured keys, for what callers write themselves. */
  readonly redact: Redactor;
  /** A store the caller keeps beside the profile (the command history) failed: said as the profile's failures are. */
  storeFailed(error: StoreError): void;
  /** …and saves again. */
  storeRecovered(path: string): void;
  /** Runs one command line, as the console and `blotter run` do, and writes its answer to the log file. */
  runCommand(text: string): Promise<CommandOutcome>;
  /** Stops the engine and the exchange and saves everything; safe to call twice. */
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly clock?: Clock;
  /** Store failures after startup (a save that failed, a lost lock): shown to the trader. */
  readonly onStoreError?: (error: StoreError) => void;
  /** The log file could not be written: it gave up, trading goes on. */
  readonly onLogFileError?: (error: Error) => void;
  /** Where the JSON-lines log file goes; by default resolveLogDir(config.dataDir). */
  readonly logDir?: string;
  /** File-system calls for the stores; tests inject failing ones. */
  readonly fs?: StoreFs;
}

/**
 * How long a finished order stays in the live files before it moves to the archive. Longer than the
 * day reconciliation looks back over, so the broker never shows it an order the books have moved.
 */
export const RETENTION_MS = 48 * 60 * 60 * 1000;
/** How often, while trading, the exchange writes a whole snapshot and old history is archived. */
const CHECKPOINT_MS = 60_000;
const ARCHIVE_EVERY_MS = 60 * 60 * 1000;
/** How long closing waits for the exchange's final snapshot before it reports that it could not save it. */
const FINAL_SAVE_MS = 5_000;

/**
 * The simulator runs in-process, so the client-side limit only guards against a runaway loop; a
 * real broker's adapter brings its own (Alpaca allows 200 requests a minute per key, the engine's
 * default). At 200 a minute the polling of a few dozen working orders alone would queue for seconds.
 */
export const SIM_ENGINE_DEFAULTS: Partial<EngineConfig> = { rateLimit: { limit: 6000, intervalMs: 60_000 } };

/**
 * Opens a trading session on the built-in simulated exchange: the profile store (local view), the
 * exchange's own journaled store, the exchange (with the configured faults) and the engine, wired so
 * that every core event is persisted. The exchange writes ahead: nothing it announces can be lost
 * by a crash, so the profile, saved behind it, is never ahead of it.
 */
export async function openSession(config: SessionConfig, options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? systemClock;
  const health = new StoreHealth(options.onStoreError ?? (() => {}));
  const dataDir = resolveDataDir(config.dataDir);
  const profilePath = profileFile(dataDir, config.profile);
  const profile = await openProfileStore({
    path: profilePath,
    onError: (error) => health.failed(error),
    onRecovered: () => health.recovered(profilePath),
    clock,
    ...(options.fs !== undefined && { fs: options.fs }),
  });
  const archive = openArchive(archiveDir(dataDir, config.profile), options.fs);
  let exchangeStore: ExchangeStore | undefined;
  let exchange: SimExchange | undefined;
  let engine: Engine | undefined;
  let logFile: LogFile | undefined;
  try {
    exchangeStore = await openExchangeStore({
      path: join(dataDir, `${config.profile}.exchange.json`),
      archiveDir: exchangeArchiveDir(dataDir, config.profile),
      reset: config.resetExchange === true,
      onError: (error) => health.failed(error),
      onRecovered: (path) => health.recovered(path),
      now: () => clock.now(),
      ...(options.fs !== undefined && { fs: options.fs }),
    });
    const redact = createRedactor(secretsFromEnv(process.env));
    const stored = profile.load();
    assertSameExchange(stored, profile.existed, exchangeStore, config.resetExchange === true);
    exchange = createExchange(exchangeStore, config, clock);
    // A new exchange is on disk before anyone hears of it, and the books name it before they trade.
    if (!exchangeStore.existed) await exchange.checkpoint();
    if (stored.exchange !== exchange.id) profile.linkExchange(exchange.id);
    await profile.flush();
    const restored = await archiveOldHistory(profile, stored, archive, clock.now());
    engine = new Engine({
      broker: exchange,
      clock,
      config: { ...SIM_ENGINE_DEFAULTS, ...config.engine },
      newClientOrderId: createClientOrderIdFactory(() => clock.now()),
      redact,
      restored: {
        orders: restored.orders,
        portfolio: restored.portfolio,
        nextSeq: restored.nextSeq,
        watchlist: restored.watchlist.length > 0 ? restored.watchlist : DEFAULT_WATCHLIST,
      },
    });
    const core = engine;
    core.subscribe((event) => persistCoreEvent(profile, event));
    health.attach(core);
    const log = (logFile = await openLogFile({
      dir: options.logDir ?? resolveLogDir(config.dataDir),
      profile: config.profile,
      redact,
      onError: (error) => {
        options.onLogFileError?.(error);
        core.note('warn', `the log file is no longer written: ${errorText(error)}`);
      },
    }));
    core.subscribe((event) => {
      if (event.type === 'log') log.write({ at: event.entry.at, level: event.entry.level, source: 'core', message: event.entry.text });
    });
    exchange.start();
    await core.start();
    if (restored.brought === undefined) {
      // New books: they open with the account's cash (and whatever has been booked since start).
      const now = profile.load();
      profile.setBrought(openingBalances(core.portfolio(), now.fills, now.adjustments));
      // On disk before the first command: books that lost their opening cash to a crash would
      // take the exchange's cash after its fills as the opening one, and count those fills twice.
      await profile.flush();
    } else {
      core.booksChecked(booksDifferences(restored.brought, restored.fills, restored.adjustments, core.portfolio()));
    }
    const sim = exchange;
    const stopCheckpoints = clock.setRepeating(() => void sim.checkpoint(), CHECKPOINT_MS);
    const stopArchiving = clock.setRepeating(() => {
      profile.archiveBefore(clock.now() - RETENTION_MS, archive).catch((error: unknown) => core.note('error', `archiving old history failed: ${errorText(error)}`));
    }, ARCHIVE_EVERY_MS);

    const exchangeFiles = exchangeStore;
    let closing: Promise<void> | undefined;
    return {
      engine: core,
      exchange: sim,
      profile,
      archive,
      exchangeStore: exchangeFiles,
      redact,
      storeFailed: (error) => health.failed(error),
      storeRecovered: (path) => health.recovered(path),
      async runCommand(typed) {
        // Redacted before anything sees it: the answer, the log file and the report all echo the line.
        const text = redact(typed);
        const answer = await runCommand(core, text);
        const outcome = { ...answer, text: redact(answer.text) };
        const level = outcome.ok ? 'info' : 'warn';
        log.write({ at: clock.now(), level, source: 'command', message: outcome.text, fields: { command: clipText(text, MAX_LINE_LENGTH), ok: outcome.ok } });
        return outcome;
      },
      close() {
        closing ??= (async () => {
          await core.stop();
          stopCheckpoints();
          stopArchiving();
          const failures: unknown[] = [];
          await saveFinalSnapshot(sim).catch((error: unknown) => failures.push(error));
          await sim.close();
          const closed = await Promise.allSettled([exchangeFiles.close(), profile.close(), log.close()]);
          for (const result of closed) if (result.status === 'rejected') failures.push(result.reason);
          if (failures.length > 0) throw failures[0];
        })();
        return closing;
      },
    };
  } catch (error) {
    await engine?.stop().catch(() => undefined);
    await Promise.allSettled([exchange?.close(), exchangeStore?.close(), profile.close(), logFile?.close()]);
    throw error;
  }
}

/**
 * Books kept against an exchange need that exchange: a missing exchange file is not a new, empty
 * exchange (that would silently close every working order and zero every position), and another
 * exchange's file is not this one's. Starting afresh is the trader's explicit choice.
 */
function assertSameExchange(stored: ProfileSnapshot, profileExisted: boolean, exchangeStore: ExchangeStore, reset: boolean): void {
  if (reset) return;
  const hasBooks = profileExisted && (stored.exchange !== undefined || stored.portfolio !== undefined);
  const saved = exchangeStore.saved;
  if (saved === undefined) {
    if (!hasBooks) return;
    throw new StartupError(
      `${exchangeStore.path} is missing, but ${stored.exchange === undefined ? 'the profile' : `the profile (kept against ${stored.exchange})`} ` +
        `holds ${stored.orders.length} orders and its positions; restore that file, or start a new simulated exchange with --reset-exchange ` +
        '(its working orders are then gone and positions are corrected by adjustments)',
    );
  }
  const id = simExchangeId(saved.ids.tag);
  if (stored.exchange !== undefined && stored.exchange !== id) {
    throw new StartupError(
      `${exchangeStore.path} holds exchange ${id}, but the profile is kept against ${stored.exchange}; ` +
        'put the right file back, or start a new simulated exchange with --reset-exchange',
    );
  }
  if (!hasBooks && (saved.orders.length > 0 || saved.fills.length > 0)) {
    throw new StartupError(
      `${exchangeStore.path} holds ${saved.orders.length} orders, but their profile is missing; restore it, ` +
        'or start a new simulated exchange and profile with --reset-exchange',
    );
  }
}

/**
 * Moves finished history older than the retention to the archive before the engine loads the
 * books, so startup reads recent trading only however long the books have been kept. Books from
 * before balances brought forward get them first, from their figures as they stand.
 */
async function archiveOldHistory(profile: ProfileStore, stored: ProfileSnapshot, archive: Archive, now: number): Promise<ProfileSnapshot> {
  if (stored.brought === undefined) {
    // New books get theirs once the opening cash is known.
    if (stored.portfolio === undefined) return stored;
    profile.setBrought(openingBalances(stored.portfolio, stored.fills, stored.adjustments));
  }
  const moved = await profile.archiveBefore(now - RETENTION_MS, archive);
  return moved.orders === 0 && moved.adjustments === 0 && stored.brought !== undefined ? stored : profile.load();
}

async function saveFinalSnapshot(exchange: SimExchange): Promise<void> {
  let stop: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`the exchange's final snapshot was not written within ${FINAL_SAVE_MS / 1000} s`)), FINAL_SAVE_MS);
    timer.unref();
    stop = () => clearTimeout(timer);
  });
  try {
    await Promise.race([exchange.checkpoint(), timeout]);
  } finally {
    stop?.();
  }
}

function createExchange(store: ExchangeStore, config: SessionConfig, clock: Clock): SimExchange {
  try {
    return createSimExchange({
      clock,
      seed: config.seed,
      faults: config.faults,
      tickIntervalMs: config.tickMs,
      retentionMs: RETENTION_MS,
      durability: store.durability,
      ...(store.saved !== undefined && { snapshot: store.saved }),
    });
  } catch (error) {
    throw new StartupError(`${store.path} holds a simulator state this build cannot read (${errorText(error)}); move it aside or use --data-dir`);
  }
}
