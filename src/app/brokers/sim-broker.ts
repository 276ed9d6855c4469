import { join } from 'node:path';
import type { SimControls } from '../../broker/controls.js';
import { createSimExchange, type SimExchange, type SimExchangeOptions } from '../../broker/sim/sim-exchange.js';
import { DEFAULT_WATCHLIST } from '../../broker/sim/universe.js';
import { errorText } from '../../core/engine.js';
import type { EngineConfig } from '../../core/engine-config.js';
import { exchangeArchiveDir } from '../../persistence/paths.js';
import { StartupError } from '../startup-error.js';
import { assertSameExchange } from './exchange-file-check.js';
import { openExchangeStore, type ExchangeStore } from './exchange-store.js';
import type { BrokerOptions, OpenedBroker } from './opened-broker.js';
import { loadReplaySources, type ReplaySettings } from './replay-bars.js';
import { commissionModel, slippageModel } from './sim-costs.js';

/**
 * The simulator runs in-process, so the client-side limit only guards against a runaway loop; a
 * real broker's adapter brings its own (Alpaca allows 200 requests a minute per key, the engine's
 * default). At 200 a minute the polling of a few dozen working orders alone would queue for seconds.
 */
export const SIM_ENGINE_DEFAULTS: Partial<EngineConfig> = { rateLimit: { limit: 6000, intervalMs: 60_000 } };

/** Beside the profiles, as the backtest keeps its parsed CSVs (bar-cache). */
const BAR_CACHE_DIR = 'bars-cache';
/** How often, while trading, the exchange writes a whole snapshot. */
const CHECKPOINT_MS = 60_000;
/** How long closing waits for the exchange's final snapshot before it reports that it could not save it. */
const FINAL_SAVE_MS = 5_000;

/** The simulator's options: a replay (`--replay`) is the simulator's alone. */
export type SimBrokerOptions = BrokerOptions & { readonly replay?: ReplaySettings };

/**
 * Opens the built-in simulated exchange on its own journaled files beside the profile's. The
 * exchange writes ahead: nothing it announces can be lost by a crash, so the profile, saved behind
 * it, is never ahead of it. Replayed files are read first, so a bad one stops the start before
 * any file is locked.
 */
export async function openSimBroker(options: SimBrokerOptions): Promise<OpenedBroker> {
  const { clock } = options;
  const replay =
    options.replay === undefined
      ? undefined
      : { sources: await loadReplaySources(options.replay, join(options.dataDir, BAR_CACHE_DIR)), barMs: options.replay.barMs };
  const store = await openExchangeStore({
    path: join(options.dataDir, `${options.profile}.exchange.json`),
    archiveDir: exchangeArchiveDir(options.dataDir, options.profile),
    reset: options.resetExchange === true,
    onError: options.onStoreError,
    onRecovered: options.onStoreRecovered,
    now: () => clock.now(),
    ...(options.fs !== undefined && { fs: options.fs }),
  });
  let exchange: SimExchange | undefined;
  try {
    assertSameExchange(options.books, store, options.resetExchange === true);
    exchange = createExchange(store, options, replay);
    // A new exchange is on disk before anyone hears of it.
    if (!store.existed) await exchange.checkpoint();
  } catch (error) {
    await Promise.allSettled([exchange?.close(), store.close()]);
    throw error;
  }
  return simBroker(exchange, store, options);
}

function simBroker(exchange: SimExchange, store: ExchangeStore, { clock }: BrokerOptions): OpenedBroker {
  const controls: SimControls = exchange;
  let stopCheckpoints: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  return {
    name: 'sim',
    mode: exchange.mode,
    trading: exchange,
    marketData: exchange,
    id: exchange.id,
    engineDefaults: SIM_ENGINE_DEFAULTS,
    defaultWatchlist: DEFAULT_WATCHLIST,
    controls,
    start() {
      exchange.start();
      stopCheckpoints ??= clock.setRepeating(() => void exchange.checkpoint(), CHECKPOINT_MS);
    },
    close() {
      closing ??= (async () => {
        stopCheckpoints?.();
        const failures: unknown[] = [];
        await saveFinalSnapshot(exchange).catch((error: unknown) => failures.push(error));
        await exchange.close();
        await store.close().catch((error: unknown) => failures.push(error));
        if (failures.length > 0) throw failures[0];
      })();
      return closing;
    },
  };
}

function createExchange(store: ExchangeStore, options: BrokerOptions, replay: SimExchangeOptions['replay']): SimExchange {
  try {
    return createSimExchange({
      clock: options.clock,
      seed: options.seed,
      faults: options.faults,
      tickIntervalMs: options.tickMs,
      commission: commissionModel(options.commission),
      slippage: slippageModel(options.slippage),
      retentionMs: options.retentionMs,
      durability: store.durability,
      ...(replay !== undefined && { replay }),
      ...(store.saved !== undefined && { snapshot: store.saved }),
    });
  } catch (error) {
    throw new StartupError(`${store.path} holds a simulator state this build cannot read (${errorText(error)}); move it aside or use --data-dir`);
  }
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
