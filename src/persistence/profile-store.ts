import { systemClock, type Clock } from '../core/clock.js';
import type { LogEntry } from '../core/events.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { StoreError } from './errors.js';
import { openJsonStore, type JsonStore, type JsonStoreStats } from './json-store.js';
import {
  decodeFill,
  decodeLogEntry,
  decodeOrder,
  decodePortfolio,
  decodeProfileDocument,
  encodeFill,
  encodeLogEntry,
  encodeOrder,
  encodePortfolio,
  fillKey,
} from './profile-codec.js';
import { emptyProfile, HISTORY_LIMIT, LOG_LIMIT, PROFILE_SCHEMA_VERSION, type ProfileDocument } from './profile-schema.js';

/** Everything a profile remembers, as domain values. */
export interface ProfileSnapshot {
  readonly orders: Order[];
  readonly fills: Fill[];
  readonly portfolio?: Portfolio;
  readonly log: LogEntry[];
  readonly nextSeq: number;
  readonly watchlist: string[];
  readonly commandHistory: string[];
  readonly createdAt: number;
}

export interface ProfileStoreOptions {
  /** The profile file, usually `profileFile(resolveDataDir(flag), name)`. */
  readonly path: string;
  /** Background save failures and the loss of the lock, for the trader's log. */
  readonly onError: (error: StoreError) => void;
  readonly clock?: Clock;
  readonly writeIntervalMs?: number;
}

/** Opens a profile for exclusive use; throws the store's errors for a locked, corrupt or newer file. */
export async function openProfileStore(options: ProfileStoreOptions): Promise<ProfileStore> {
  const clock = options.clock ?? systemClock;
  const store = await openJsonStore<ProfileDocument>({
    path: options.path,
    defaults: emptyProfile(clock.now()),
    decode: decodeProfileDocument,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    clock,
    onError: options.onError,
    writeIntervalMs: options.writeIntervalMs,
  });
  return new ProfileStore(store);
}

/**
 * Domain-typed operations over the profile document. Each mutation encodes one record into the
 * in-memory document (cheap) and leaves the saving to the coalescing writer.
 */
export class ProfileStore {
  /** clientOrderId → index in document.orders, so an upsert does not scan. */
  private readonly orderIndex = new Map<string, number>();
  private readonly fillKeys = new Set<string>();

  constructor(private readonly store: JsonStore<ProfileDocument>) {
    store.data.orders.forEach((order, i) => this.orderIndex.set(order.clientOrderId, i));
    for (const fill of store.data.fills) this.fillKeys.add(fillKey(fill));
  }

  get path(): string {
    return this.store.path;
  }

  /** False when the profile file did not exist and this is a fresh profile. */
  get existed(): boolean {
    return this.store.existed;
  }

  load(): ProfileSnapshot {
    const doc = this.store.data;
    const snapshot: ProfileSnapshot = {
      orders: doc.orders.map((o) => decodeOrder(o)),
      fills: doc.fills.map((f) => decodeFill(f)),
      log: doc.log.map((e) => decodeLogEntry(e)),
      nextSeq: doc.meta.nextSeq,
      watchlist: [...doc.watchlist],
      commandHistory: [...doc.commandHistory],
      createdAt: doc.meta.createdAt,
    };
    return doc.portfolio === undefined ? snapshot : { ...snapshot, portfolio: decodePortfolio(doc.portfolio) };
  }

  /** Inserts or replaces the order with the same clientOrderId, and keeps nextSeq past its row number. */
  upsertOrder(order: Order): void {
    const stored = encodeOrder(order);
    this.store.update((doc) => {
      const at = this.orderIndex.get(order.clientOrderId);
      if (at === undefined) {
        this.orderIndex.set(order.clientOrderId, doc.orders.length);
        doc.orders.push(stored);
      } else {
        doc.orders[at] = stored;
      }
      doc.meta.nextSeq = Math.max(doc.meta.nextSeq, order.seq + 1);
    });
  }

  /** Appends a fill unless the same execution of the same order is already stored; true if added. */
  addFill(fill: Fill): boolean {
    const key = fillKey(fill);
    if (this.fillKeys.has(key)) return false;
    const stored = encodeFill(fill);
    this.store.update((doc) => {
      doc.fills.push(stored);
    });
    this.fillKeys.add(key);
    return true;
  }

  setPortfolio(portfolio: Portfolio): void {
    const stored = encodePortfolio(portfolio);
    this.store.update((doc) => {
      doc.portfolio = stored;
    });
  }

  /** Keeps the last LOG_LIMIT entries. */
  appendLog(entry: LogEntry): void {
    const stored = encodeLogEntry(entry);
    this.store.update((doc) => {
      doc.log.push(stored);
      if (doc.log.length > LOG_LIMIT) doc.log.splice(0, doc.log.length - LOG_LIMIT);
    });
  }

  setWatchlist(symbols: readonly string[]): void {
    this.store.update((doc) => {
      doc.watchlist = [...symbols];
    });
  }

  /** Never moves backwards: a row number once handed out is not reused. */
  setNextSeq(nextSeq: number): void {
    if (!Number.isSafeInteger(nextSeq) || nextSeq < 1) throw new RangeError(`nextSeq must be a positive integer, got ${nextSeq}`);
    this.store.update((doc) => {
      doc.meta.nextSeq = Math.max(doc.meta.nextSeq, nextSeq);
    });
  }

  /** Keeps the last HISTORY_LIMIT command lines. */
  addHistory(line: string): void {
    this.store.update((doc) => {
      doc.commandHistory.push(line);
      if (doc.commandHistory.length > HISTORY_LIMIT) doc.commandHistory.splice(0, doc.commandHistory.length - HISTORY_LIMIT);
    });
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  stats(): JsonStoreStats {
    return this.store.stats();
  }
}
