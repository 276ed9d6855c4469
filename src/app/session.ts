import { join } from 'node:path';
import { createClientOrderIdFactory } from '../domain/client-order-id.js';
import { BlotterError } from '../domain/errors.js';
import { createSimExchange, type SimExchange } from '../broker/sim/sim-exchange.js';
import { DEFAULT_WATCHLIST } from '../broker/sim/universe.js';
import { systemClock, type Clock } from '../core/clock.js';
import { Engine, errorText } from '../core/engine.js';
import type { CoreEvent } from '../core/events.js';
import type { StoreError } from '../persistence/errors.js';
import { profileFile, resolveDataDir } from '../persistence/paths.js';
import { openProfileStore, type ProfileStore } from '../persistence/profile-store.js';
import type { JsonStore } from '../persistence/json-store.js';
import type { ConsoleConfig } from './config.js';
import { openExchangeStore, type ExchangeDocument } from './exchange-store.js';

export class StartupError extends BlotterError {}

export interface Session {
  readonly engine: Engine;
  readonly exchange: SimExchange;
  readonly profile: ProfileStore;
  /** Stops the engine and the exchange and saves everything; safe to call twice. */
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly clock?: Clock;
  /** Store failures after startup (a save that failed, a lost lock): shown to the trader. */
  readonly onStoreError?: (error: StoreError) => void;
}

/** How often the exchange's book is saved while it changes. */
const EXCHANGE_SAVE_MS = 250;

/**
 * Opens a trading session on the built-in simulated exchange: the profile store (local view), the
 * exchange's own store, the exchange and the engine, wired so that every core event is persisted.
 */
export async function openSession(config: ConsoleConfig, options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? systemClock;
  const onStoreError = options.onStoreError ?? (() => {});
  const dataDir = resolveDataDir(config.dataDir);
  const profile = await openProfileStore({ path: profileFile(dataDir, config.profile), onError: onStoreError, clock });
  let exchangeStore: JsonStore<ExchangeDocument> | undefined;
  let exchange: SimExchange | undefined;
  try {
    exchangeStore = await openExchangeStore(join(dataDir, `${config.profile}.exchange.json`), clock, onStoreError);
    exchange = createExchange(exchangeStore.data.exchange, config, clock, exchangeStore.path);
    const saver = saveExchangeWhileTrading(exchange, exchangeStore);
    const restored = profile.load();
    const engine = new Engine({
      broker: exchange,
      clock,
      newClientOrderId: createClientOrderIdFactory(() => clock.now()),
      restored: {
        orders: restored.orders,
        portfolio: restored.portfolio,
        nextSeq: restored.nextSeq,
        watchlist: restored.watchlist.length > 0 ? restored.watchlist : DEFAULT_WATCHLIST,
      },
    });
    engine.subscribe((event) => persist(profile, event));
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
      close() {
        closing ??= (async () => {
          await engine.stop();
          stopSaving();
          await sim.close();
          saver.save();
          await Promise.all([store.close(), profile.close()]);
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled([exchange?.close(), exchangeStore?.close(), profile.close()]);
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

function createExchange(saved: ExchangeDocument['exchange'], config: ConsoleConfig, clock: Clock, path: string): SimExchange {
  try {
    return createSimExchange({ clock, seed: config.seed, snapshot: saved ?? undefined });
  } catch (error) {
    throw new StartupError(`${path} holds a simulator state this build cannot read (${errorText(error)}); move it aside or use --data-dir`);
  }
}

function persist(profile: ProfileStore, event: CoreEvent): void {
  switch (event.type) {
    case 'order':
      profile.upsertOrder(event.order);
      break;
    case 'fill':
      profile.addFill(event.fill);
      break;
    case 'portfolio':
      profile.setPortfolio(event.portfolio);
      break;
    case 'watchlist':
      profile.setWatchlist([...event.symbols]);
      break;
    case 'log':
      if (event.entry.level !== 'debug') profile.appendLog(event.entry);
      break;
    default:
      break;
  }
}
