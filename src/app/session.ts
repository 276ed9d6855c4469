import { join } from 'node:path';
import { createClientOrderIdFactory } from '../domain/client-order-id.js';
import { BlotterError } from '../domain/errors.js';
import { createSimExchange, type SimExchange } from '../broker/sim/sim-exchange.js';
import { DEFAULT_WATCHLIST } from '../broker/sim/universe.js';
import { systemClock, type Clock } from '../core/clock.js';
import { Engine, errorText } from '../core/engine.js';
import type { EngineConfig } from '../core/engine-config.js';
import type { StoreError } from '../persistence/errors.js';
import { profileFile, resolveDataDir, resolveLogDir } from '../persistence/paths.js';
import { openProfileStore, type ProfileStore } from '../persistence/profile-store.js';
import type { JsonStore } from '../persistence/json-store.js';
import { runCommand, type CommandOutcome } from './command-runner.js';
import type { SessionConfig } from './config.js';
import { openExchangeStore, type ExchangeDocument } from './exchange-store.js';
import { openLogFile, type LogFile } from './log-file.js';
import { persistCoreEvent } from './persist-events.js';
import { secretsFromEnv } from './redact.js';

export class StartupError extends BlotterError {}

export interface Session {
  readonly engine: Engine;
  readonly exchange: SimExchange;
  readonly profile: ProfileStore;
  /** Runs one command line, as the console and `blotter run` do, and writes its answer to the log file. */
  runCommand(text: string): Promise<CommandOutcome>;
  /** Stops the engine and the exchange and saves everything; safe to call twice. */
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly clock?: Clock;
  /** Store failures after startup (a save that failed, a lost lock): shown to the trader. */
  readonly onStoreError?: (error: StoreError) => void;
  /** Where the JSON-lines log file goes; by default resolveLogDir(config.dataDir). */
  readonly logDir?: string;
}

/** How often the exchange's book is saved while it changes. */
const EXCHANGE_SAVE_MS = 250;

/**
 * The simulator runs in-process, so the client-side limit only guards against a runaway loop; a
 * real broker's adapter brings its own (Alpaca allows 200 requests a minute per key, the engine's
 * default). At 200 a minute the polling of a few dozen working orders alone would queue for seconds.
 */
export const SIM_ENGINE_DEFAULTS: Partial<EngineConfig> = { rateLimit: { limit: 6000, intervalMs: 60_000 } };

/**
 * Opens a trading session on the built-in simulated exchange: the profile store (local view), the
 * exchange's own store, the exchange (with the configured faults) and the engine, wired so that
 * every core event is persisted.
 */
export async function openSession(config: SessionConfig, options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? systemClock;
  const onStoreError = options.onStoreError ?? (() => {});
  const dataDir = resolveDataDir(config.dataDir);
  const profile = await openProfileStore({ path: profileFile(dataDir, config.profile), onError: onStoreError, clock });
  let exchangeStore: JsonStore<ExchangeDocument> | undefined;
  let exchange: SimExchange | undefined;
  let logFile: LogFile | undefined;
  try {
    exchangeStore = await openExchangeStore(join(dataDir, `${config.profile}.exchange.json`), clock, onStoreError);
    exchange = createExchange(exchangeStore.data.exchange, config, clock, exchangeStore.path);
    const saver = saveExchangeWhileTrading(exchange, exchangeStore);
    const restored = profile.load();
    const engine = new Engine({
      broker: exchange,
      clock,
      config: { ...SIM_ENGINE_DEFAULTS, ...config.engine },
      newClientOrderId: createClientOrderIdFactory(() => clock.now()),
      restored: {
        orders: restored.orders,
        portfolio: restored.portfolio,
        nextSeq: restored.nextSeq,
        watchlist: restored.watchlist.length > 0 ? restored.watchlist : DEFAULT_WATCHLIST,
      },
    });
    engine.subscribe((event) => persistCoreEvent(profile, event));
    const log = (logFile = await openLogFile({
      dir: options.logDir ?? resolveLogDir(config.dataDir),
      profile: config.profile,
      secrets: secretsFromEnv(process.env),
      onError: (error) => engine.note('warn', `the log file is no longer written: ${errorText(error)}`),
    }));
    engine.subscribe((event) => {
      if (event.type === 'log') log.write({ at: event.entry.at, level: event.entry.level, source: 'core', message: event.entry.text });
    });
    exchange.start();
    await engine.start();
    const stopSaving = clock.setRepeating(saver.saveIfChanged, EXCHANGE_SAVE_MS);

    const sim = exchange;
    const store = exchangeStore;
    let closing: Promise<void> | undefined;
    return {
      engine,
      exchange: sim,
      profile,
      async runCommand(text) {
        const outcome = await runCommand(engine, text);
        const level = outcome.ok ? 'info' : 'warn';
        log.write({ at: clock.now(), level, source: 'command', message: outcome.text, fields: { command: text, ok: outcome.ok } });
        return outcome;
      },
      close() {
        closing ??= (async () => {
          await engine.stop();
          stopSaving();
          await sim.close();
          saver.save();
          await Promise.all([store.close(), profile.close(), log.close()]);
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled([exchange?.close(), exchangeStore?.close(), profile.close(), logFile?.close()]);
    throw error;
  }
}

/** Saves the exchange's book when trading changed it, and once for a new exchange; the subscription ends when the exchange closes. */
function saveExchangeWhileTrading(exchange: SimExchange, store: JsonStore<ExchangeDocument>) {
  let changed = store.data.exchange === null;
  exchange.subscribeTradeUpdates(() => {
    changed = true;
  });
  const save = (): void => store.set({ schemaVersion: 1, exchange: exchange.snapshot() });
  return {
    save,
    saveIfChanged(): void {
      if (!changed) return;
      changed = false;
      save();
    },
  };
}

function createExchange(saved: ExchangeDocument['exchange'], config: SessionConfig, clock: Clock, path: string): SimExchange {
  try {
    return createSimExchange({ clock, seed: config.seed, snapshot: saved ?? undefined, faults: config.faults, tickIntervalMs: config.tickMs });
  } catch (error) {
    throw new StartupError(`${path} holds a simulator state this build cannot read (${errorText(error)}); move it aside or use --data-dir`);
  }
}
