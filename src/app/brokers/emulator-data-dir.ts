import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimExchange } from '../../broker/sim/sim-exchange.js';
import type { SimDurability } from '../../broker/sim/sim-options.js';
import type { SimSnapshot } from '../../broker/sim/snapshot.js';
import { openExchangeStore, type ExchangeStore } from './exchange-store.js';

/** What an account's exchange is made from: where it writes, and what it continues from. */
export interface PersistedExchange {
  readonly durability: SimDurability;
  readonly snapshot?: SimSnapshot;
}

const FILE = /^(key-[0-9a-f]{32})\.exchange\.json$/;

/** An account whose exchange has been made, and the files it writes to (still opening for a new one). */
interface InUse {
  readonly store: Promise<ExchangeStore>;
  readonly exchange: SimExchange;
}

/**
 * `blotter emulator --data-dir DIR`: each account's exchange on its own journaled files under DIR,
 * so a restarted emulator has the same orders, positions and cash. A file is named by a hash of
 * the key id (a key id is not a safe file name); the secret is never written, so after a restart the
 * first secret presented for a key becomes its secret again.
 */
export class EmulatorDataDir {
  /** Accounts saved by an earlier run, opened at startup, whose key has not been seen yet. */
  private readonly saved = new Map<string, ExchangeStore>();
  private readonly inUse = new Map<string, InUse>();

  private constructor(
    private readonly dir: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Opens every account already saved under `dir` (creating it if need be), before anything is served. */
  static async open(dir: string, onError: (error: unknown) => void): Promise<EmulatorDataDir> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const opened = new EmulatorDataDir(dir, onError);
    try {
      for (const name of (await readdir(dir)).sort()) {
        const stem = FILE.exec(name)?.[1];
        if (stem !== undefined) opened.saved.set(stem, await opened.openStore(stem, false));
      }
    } catch (error) {
      await opened.close();
      throw error;
    }
    return opened;
  }

  /**
   * The exchange of `keyId`: the saved one on its key's first request; otherwise (a new key, or one
   * the admin API reset) a new exchange on new files, a reset key's old ones moved aside. An account
   * is made at once but files open asynchronously, so a new exchange's writes wait for its files.
   */
  exchange(keyId: string, make: (persisted: PersistedExchange) => SimExchange): SimExchange {
    const stem = stemFor(keyId);
    const saved = this.saved.get(stem);
    if (saved !== undefined) {
      this.saved.delete(stem);
      const exchange = make({ durability: saved.durability, ...(saved.saved !== undefined && { snapshot: saved.saved }) });
      this.inUse.set(stem, { store: Promise.resolve(saved), exchange });
      return exchange;
    }
    const previous = this.inUse.get(stem);
    const store = (async () => {
      if (previous !== undefined) {
        await previous.exchange.close();
        await (await previous.store).close();
      }
      return this.openStore(stem, previous !== undefined);
    })();
    const exchange = make({ durability: deferred(store, this.onError) });
    this.inUse.set(stem, { store, exchange });
    // A new exchange's first write is a whole snapshot, which its journal then follows.
    void exchange.checkpoint();
    return exchange;
  }

  /** Closes every account's files; the emulator has closed their exchanges first. */
  async close(): Promise<void> {
    const stores = [...this.saved.values()].map((store) => Promise.resolve(store));
    stores.push(...[...this.inUse.values()].map(({ store }) => store));
    this.saved.clear();
    this.inUse.clear();
    const settled = await Promise.allSettled(stores);
    await Promise.all(settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
  }

  private openStore(stem: string, reset: boolean): Promise<ExchangeStore> {
    return openExchangeStore({
      path: join(this.dir, `${stem}.exchange.json`),
      archiveDir: join(this.dir, 'archive', stem),
      reset,
      onError: this.onError,
    });
  }
}

function stemFor(keyId: string): string {
  return `key-${createHash('sha256').update(keyId).digest('hex').slice(0, 32)}`;
}

/** Writes that wait for the files being opened; a failure to open is reported as a failed write, and retried by the exchange. */
function deferred(opening: Promise<ExchangeStore>, onError: (error: unknown) => void): SimDurability {
  let opened: ExchangeStore | undefined;
  const ready = opening.then((store) => (opened = store));
  // A failure to open reaches the exchange through the first write that waits for it.
  ready.catch(() => undefined);
  return {
    append: async (delta) => (await ready).durability.append(delta),
    replace: async (snapshot, archived) => (await ready).durability.replace(snapshot, archived),
    get wantsSnapshot() {
      return opened?.durability.wantsSnapshot ?? false;
    },
    failed: (error) => (opened === undefined ? onError(error) : opened.durability.failed(error)),
  };
}
