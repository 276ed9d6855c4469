import { createClientOrderIdFactory } from '../domain/client-order-id.js';
import { booksDifferences, openingBalances } from '../domain/books.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import { Engine, errorText } from '../core/engine.js';
import { createRedactor, secretsFromEnv, type Redactor } from '../kernel/redact.js';
import { openArchive, type Archive } from '../persistence/archive.js';
import type { StoreError } from '../persistence/errors.js';
import { archiveDir, profileFile, resolveDataDir, resolveLogDir } from '../persistence/paths.js';
import { openProfileStore, type ProfileSnapshot, type ProfileStore } from '../persistence/profile-store.js';
import type { StoreFs } from '../persistence/store-fs.js';
import { MAX_LINE_LENGTH } from '../command/clip.js';
import { clipText } from '../kernel/clip-text.js';
import { openBroker, type BooksOnFile, type OpenedBroker } from './brokers/open-broker.js';
import { runCommand, type CommandOutcome } from './command-runner.js';
import type { SessionConfig } from './config.js';
import { openLogFile, type LogFile } from './log-file.js';
import { persistCoreEvent } from './persist-events.js';
import { StoreHealth } from './store-health.js';
import { openSessionStrategies, type SessionStrategies } from './session-strategies.js';
import { strategiesDir, strategyDefinitions } from './strategy-definitions.js';
import { ConsoleBacktests } from './console-backtest.js';
import { DEFAULT_SIGNAL_SLOTS } from './strategy-flags.js';
import { SourcePositions } from '../domain/source-positions.js';
import { sourceOfClientOrderId } from '../domain/client-order-id.js';
import type { StrategyManager } from '../strategy/strategy-manager.js';

export interface Session {
  readonly engine: Engine;
  /** The broker `--broker` picked: its ports, the id the books are kept against, and a simulator's controls. */
  readonly broker: OpenedBroker;
  readonly profile: ProfileStore;
  /** Where the profile's finished orders, fills and adjustments go once they are old. */
  readonly archive: Archive;
  /** The redaction every sink shares, built once from the configured keys, for what callers write themselves. */
  readonly redact: Redactor;
  /** A store the caller keeps beside the profile (the command history) failed: said as the profile's failures are. */
  storeFailed(error: StoreError): void;
  /** …and saves again. */
  storeRecovered(path: string): void;
  /** The strategy instances: started, stopped and listed by commands; stopped first when the session closes. */
  readonly strategies: StrategyManager;
  /** Runs one command line, as the console and `blotter run` do, and writes its answer to the log file. */
  runCommand(text: string): Promise<CommandOutcome>;
  /** Stops the engine and the broker and saves everything; safe to call twice. */
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
  /** For a live Alpaca session: shows the account number and resolves to what the trader typed. */
  readonly confirmLive?: (accountNumber: string) => Promise<string>;
  /** Where broker credentials are read from; the process's environment and config directory by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly configDir?: string;
}

/**
 * How long a finished order stays in the live files before it moves to the archive. Longer than the
 * day reconciliation looks back over, so the broker never shows it an order the books have moved.
 */
export const RETENTION_MS = 48 * 60 * 60 * 1000;
/** How often, while trading, old history is archived. */
const ARCHIVE_EVERY_MS = 60 * 60 * 1000;

/**
 * Opens a trading session on the broker `--broker` names: the profile store (local view), the
 * broker (checked to be the one the books are kept against) and the engine, wired so that every
 * core event is persisted.
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
  let broker: OpenedBroker | undefined;
  let engine: Engine | undefined;
  let logFile: LogFile | undefined;
  let sessionStrategies: SessionStrategies | undefined;
  let consoleBacktests: ConsoleBacktests | undefined;
  try {
    const env = options.env ?? process.env;
    // The broker's news before the engine exists (a stream connecting as the session opens) waits for it.
    const early: [level: 'info' | 'warn' | 'error', text: string][] = [];
    let notice = (level: 'info' | 'warn' | 'error', text: string): void => void early.push([level, text]);
    const stored = profile.load();
    const opened = (broker = await openBroker(config.broker, {
      clock,
      dataDir,
      profile: config.profile,
      books: booksOnFile(stored, profile.existed),
      retentionMs: RETENTION_MS,
      onStoreError: (error) => health.failed(error),
      onStoreRecovered: (path) => health.recovered(path),
      ...(options.fs !== undefined && { fs: options.fs }),
      seed: config.seed,
      ...(config.tickMs !== undefined && { tickMs: config.tickMs }),
      ...(config.faults !== undefined && { faults: config.faults }),
      ...(config.commission !== undefined && { commission: config.commission }),
      ...(config.slippage !== undefined && { slippage: config.slippage }),
      ...(config.resetExchange === true && { resetExchange: true }),
      ...(config.replay !== undefined && { replay: config.replay }),
      alpaca: {
        live: config.live === true,
        ...(config.alpacaUrl !== undefined && { url: config.alpacaUrl }),
        ...(options.confirmLive !== undefined && { confirmLive: options.confirmLive }),
      },
      env,
      ...(options.configDir !== undefined && { configDir: options.configDir }),
      notice: (level, text) => notice(level, text),
    }));
    const redact = createRedactor([...secretsFromEnv(env), ...(opened.secrets ?? [])]);
    // The books name their broker before they trade.
    if (stored.exchange !== opened.id) profile.linkExchange(opened.id);
    await profile.flush();
    const restored = await archiveOldHistory(profile, stored, archive, clock.now());
    engine = new Engine({
      broker: opened.trading,
      marketData: opened.marketData,
      clock,
      config: { ...opened.engineDefaults, ...config.engine },
      newClientOrderId: createClientOrderIdFactory(() => clock.now()),
      redact,
      restored: {
        orders: restored.orders,
        portfolio: restored.portfolio,
        nextSeq: restored.nextSeq,
        watchlist: restored.watchlist.length > 0 ? restored.watchlist : opened.defaultWatchlist,
        ...(restored.brought?.openedAt !== undefined && { openedAt: restored.brought.openedAt }),
      },
    });
    const core = engine;
    notice = (level, text) => core.note(level, redact(text));
    for (const [level, text] of early.splice(0)) notice(level, text);
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
    opened.start();
    await core.start();
    if (restored.brought === undefined) {
      // New books: they open with the account's positions and cash as they stood at start (the
      // portfolio less whatever has been booked since), and from when they opened.
      const now = profile.load();
      const openedAt = core.openedAt();
      profile.setBrought({ ...openingBalances(core.portfolio(), now.fills, now.adjustments), ...(openedAt !== undefined && { openedAt }) });
      // On disk before the first command: books that lost their opening cash to a crash would
      // take the exchange's cash after its fills as the opening one, and count those fills twice.
      await profile.flush();
    } else {
      core.booksChecked(booksDifferences(restored.brought, restored.fills, restored.adjustments, core.portfolio()));
    }
    const definitions = await strategyDefinitions(config, options.configDir, (level, text) => core.note(level, text));
    // Read now, not at startup: fills the engine booked since (reconciliation at open, updates that
    // arrived while the files loaded) are in the profile, and the executor hears every later one.
    const books = profile.sourceBooks();
    const strategies = (sessionStrategies = await openSessionStrategies({
      engine: core,
      marketData: opened.marketData,
      clock,
      definitions,
      slots: config.signalSlots ?? DEFAULT_SIGNAL_SLOTS,
      books: SourcePositions.restore(books.brought?.sources, books.fills),
      saved: books.strategies,
      // Every id these books have known: kept instances, sources of live fills, and of fills archived.
      usedIds: [
        ...books.strategies.map((saved) => saved.id),
        ...new Set(books.fills.map((fill) => sourceOfClientOrderId(fill.clientOrderId))),
        ...Object.keys(books.brought?.sources ?? {}),
      ],
      onChange: (status) => profile.saveStrategy({ ...status, args: [...status.args], updatedAt: clock.now() }),
    }));
    // `backtest …` in the console: the same strategies, on history, in a worker thread.
    const backtests = (consoleBacktests = new ConsoleBacktests({
      definitions,
      strategiesDir: strategiesDir(config, options.configDir),
      note: (level, text) => core.note(level, text),
    }));
    const stopArchiving = clock.setRepeating(() => {
      profile.archiveBefore(clock.now() - RETENTION_MS, archive).catch((error: unknown) => core.note('error', `archiving old history failed: ${errorText(error)}`));
    }, ARCHIVE_EVERY_MS);

    let closing: Promise<void> | undefined;
    return {
      engine: core,
      broker: opened,
      profile,
      archive,
      redact,
      strategies: strategies.manager,
      storeFailed: (error) => health.failed(error),
      storeRecovered: (path) => health.recovered(path),
      async runCommand(typed) {
        // Redacted before anything sees it: the answer, the log file and the report all echo the line.
        const text = redact(typed);
        const answer = await runCommand(core, text, strategies.manager, backtests);
        const outcome = { ...answer, text: redact(answer.text) };
        const level = outcome.ok ? 'info' : 'warn';
        log.write({ at: clock.now(), level, source: 'command', message: outcome.text, fields: { command: clipText(text, MAX_LINE_LENGTH), ok: outcome.ok } });
        return outcome;
      },
      close() {
        closing ??= (async () => {
          backtests.stop();
          // Strategies first, while the engine can still cancel their orders.
          await strategies.close();
          await core.stop();
          stopArchiving();
          const failures: unknown[] = [];
          await opened.close().catch((error: unknown) => failures.push(error));
          const closed = await Promise.allSettled([profile.close(), log.close()]);
          for (const result of closed) if (result.status === 'rejected') failures.push(result.reason);
          if (failures.length > 0) throw failures[0];
        })();
        return closing;
      },
    };
  } catch (error) {
    consoleBacktests?.stop();
    await sessionStrategies?.close();
    await engine?.stop().catch(() => undefined);
    await Promise.allSettled([broker?.close(), profile.close(), logFile?.close()]);
    throw error;
  }
}

/** The books the profile holds (the broker opened must be the one they are kept against); undefined when there are none. */
function booksOnFile(stored: ProfileSnapshot, existed: boolean): BooksOnFile | undefined {
  const hasBooks = existed && (stored.exchange !== undefined || stored.portfolio !== undefined);
  return hasBooks ? { keptAgainst: stored.exchange, orders: stored.orders.length } : undefined;
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
  return moved.orders === 0 && moved.adjustments === 0 && moved.strategies === 0 && stored.brought !== undefined ? stored : profile.load();
}
