import { systemClock, type Clock } from '../core/clock.js';
import type { LogEntry } from '../core/events.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import { wholePortfolio, type Portfolio, type PortfolioChange } from '../domain/portfolio.js';
import type { Position } from '../domain/position.js';
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
  encodePortfolioChange,
  fillKey,
} from './profile-codec.js';
import { emptyProfile, LOG_LIMIT, PROFILE_SCHEMA_VERSION, type ProfileDocument } from './profile-schema.js';

/** Everything a profile remembers, as domain values. */
export interface ProfileSnapshot {
  readonly orders: Order[];
  readonly fills: Fill[];
  readonly portfolio?: Portfolio;
  readonly log: LogEntry[];
  readonly nextSeq: number;
  readonly watchlist: string[];
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
  const pending = new PendingChanges();
  const store = await openJsonStore<ProfileDocument>({
    beforeWrite: (doc) => pending.applyTo(doc),
    stringify: (doc) => pending.stringify(doc),
    path: options.path,
    defaults: emptyProfile(clock.now()),
    decode: decodeProfileDocument,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    clock,
    onError: options.onError,
    writeIntervalMs: options.writeIntervalMs,
  });
  return new ProfileStore(store, pending);
}

/**
 * Orders and the portfolio change on every fill; encoding them (and each fill and log line) as they
 * came cost more than the rest of the core together. Changes wait here as domain values — orders
 * and the portfolio in their latest version only, the log bounded — and are encoded once per write.
 */
class PendingChanges {
  readonly orders = new Map<string, Order>();
  cash: Portfolio['cash'] | undefined;
  /** Replace every stored position with `positions`, not just the ones named. */
  wholePortfolio = false;
  readonly positions = new Map<string, Position>();
  readonly fills: Fill[] = [];
  readonly log: LogEntry[] = [];
  private readonly orderIndex = new Map<string, number>();

  /**
   * The stored fills as JSON text, one fill appended per fill booked. Fills are only ever appended, so
   * a write re-uses this text instead of stringifying every fill of the profile's life again; it was
   * the largest single cost of a busy session.
   */
  private fillsText = '';
  private fillsInText = 0;

  index(doc: ProfileDocument): void {
    doc.orders.forEach((order, i) => this.orderIndex.set(order.clientOrderId, i));
    this.fillsText = doc.fills.map((fill) => JSON.stringify(fill)).join(',');
    this.fillsInText = doc.fills.length;
  }

  stringify(doc: ProfileDocument): string {
    // Anything but appends since the last write (none are made today) falls back to the plain way.
    if (doc.fills.length !== this.fillsInText) return JSON.stringify(doc);
    const { fills: _fills, ...rest } = doc;
    const head = JSON.stringify(rest);
    return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"fills":[${this.fillsText}]}`;
  }

  applyTo(doc: ProfileDocument): void {
    for (const order of this.orders.values()) {
      const stored = encodeOrder(order);
      const at = this.orderIndex.get(order.clientOrderId);
      if (at === undefined) {
        this.orderIndex.set(order.clientOrderId, doc.orders.length);
        doc.orders.push(stored);
      } else {
        doc.orders[at] = stored;
      }
    }
    this.orders.clear();
    if (this.cash !== undefined) {
      doc.portfolio = encodePortfolioChange(doc.portfolio, { cash: this.cash, positions: [...this.positions.values()], whole: this.wholePortfolio });
    }
    this.cash = undefined;
    this.wholePortfolio = false;
    this.positions.clear();
    for (const fill of this.fills.splice(0)) {
      const stored = encodeFill(fill);
      doc.fills.push(stored);
      this.fillsText += `${this.fillsInText > 0 ? ',' : ''}${JSON.stringify(stored)}`;
      this.fillsInText++;
    }
    if (this.log.length > 0) {
      doc.log.push(...this.log.splice(0).slice(-LOG_LIMIT).map((entry) => encodeLogEntry(entry)));
      if (doc.log.length > LOG_LIMIT) doc.log.splice(0, doc.log.length - LOG_LIMIT);
    }
  }
}

/**
 * Domain-typed operations over the profile document. Each change is recorded in memory at once and
 * encoded at write time; saving is left to the coalescing writer.
 */
export class ProfileStore {
  private readonly fillKeys = new Set<string>();

  constructor(
    private readonly store: JsonStore<ProfileDocument>,
    private readonly pending: PendingChanges,
  ) {
    pending.index(store.data);
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
    this.pending.applyTo(doc);
    const snapshot: ProfileSnapshot = {
      orders: doc.orders.map((o) => decodeOrder(o)),
      fills: doc.fills.map((f) => decodeFill(f)),
      log: doc.log.map((e) => decodeLogEntry(e)),
      nextSeq: doc.meta.nextSeq,
      watchlist: [...doc.watchlist],
      createdAt: doc.meta.createdAt,
    };
    return doc.portfolio === undefined ? snapshot : { ...snapshot, portfolio: decodePortfolio(doc.portfolio) };
  }

  /** Inserts or replaces the order with the same clientOrderId, and keeps nextSeq past its row number. */
  upsertOrder(order: Order): void {
    this.pending.orders.set(order.clientOrderId, order);
    this.store.update((doc) => {
      doc.meta.nextSeq = Math.max(doc.meta.nextSeq, order.seq + 1);
    });
  }

  /** Appends a fill unless the same execution of the same order is already stored; true if added. */
  addFill(fill: Fill): boolean {
    const key = fillKey(fill);
    if (this.fillKeys.has(key)) return false;
    this.pending.fills.push(fill);
    this.store.update(() => {});
    this.fillKeys.add(key);
    return true;
  }

  setPortfolio(portfolio: Portfolio): void {
    this.changePortfolio(wholePortfolio(portfolio));
  }

  changePortfolio(change: PortfolioChange): void {
    const { pending } = this;
    if (change.whole === true) {
      pending.positions.clear();
      pending.wholePortfolio = true;
    }
    pending.cash = change.cash;
    for (const position of change.positions) pending.positions.set(position.symbol, position);
    this.store.update(() => {});
  }

  /** Keeps the last LOG_LIMIT entries. */
  appendLog(entry: LogEntry): void {
    this.pending.log.push(entry);
    // Trimmed in bulk: cutting one line off the front on every append would move them all each time.
    if (this.pending.log.length > 2 * LOG_LIMIT) this.pending.log.splice(0, this.pending.log.length - LOG_LIMIT);
    this.store.update(() => {});
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
