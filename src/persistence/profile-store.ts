import { systemClock, type Clock } from '../kernel/clock.js';
import type { LogEntry } from '../kernel/log-entry.js';
import { withoutUndefined } from '../kernel/without-undefined.js';
import type { Adjustment } from '../domain/adjustment.js';
import { carryForward, type Balances } from '../domain/books.js';
import { sourceOfClientOrderId } from '../domain/client-order-id.js';
import { isTerminal } from '../domain/order-state.js';
import { SourcePositions } from '../domain/source-positions.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import { wholePortfolio, type Portfolio, type PortfolioChange } from '../domain/portfolio.js';
import type { Position } from '../domain/position.js';
import type { Archive } from './archive.js';
import type { StoreError } from './errors.js';
import { openJsonStore, type JsonStore, type JsonStoreStats } from './json-store.js';
import type { StoreFs } from './store-fs.js';
import {
  decodeAdjustment,
  decodeBalances,
  decodeFill,
  decodeLogEntry,
  decodeOrder,
  decodePortfolio,
  decodeProfileDocument,
  encodeAdjustment,
  encodeBalances,
  encodeFill,
  encodeLogEntry,
  encodeOrder,
  encodePortfolioChange,
  fillKey,
} from './profile-codec.js';
import { LOG_LIMIT } from '../kernel/log-entry.js';
import { decodeStrategyInstance, encodeStrategyInstance, isFinishedStrategy, type StrategyInstanceRecord } from './strategy-instance.js';
import { emptyProfile, PROFILE_SCHEMA_VERSION, type ProfileDocument, type StoredFill, type StoredOrder } from './profile-schema.js';

/** Everything a profile remembers, as domain values. */
export interface ProfileSnapshot {
  readonly orders: Order[];
  readonly fills: Fill[];
  readonly portfolio?: Portfolio;
  readonly adjustments: Adjustment[];
  /** Balances brought forward; absent in books kept before there were any, until they are derived. */
  readonly brought?: Balances;
  readonly log: LogEntry[];
  readonly nextSeq: number;
  readonly watchlist: string[];
  readonly createdAt: number;
  /** The exchange these books are kept against, once they have been. */
  readonly exchange?: string;
  /** In the order they were started. */
  readonly strategies: StrategyInstanceRecord[];
}

/** What one archiving pass moved out of the live profile. */
export interface Archived {
  readonly orders: number;
  readonly fills: number;
  readonly adjustments: number;
  /** Stopped strategy instances dropped as history. */
  readonly strategies: number;
}

export interface ProfileStoreOptions {
  /** The profile file, usually `profileFile(resolveDataDir(flag), name)`. */
  readonly path: string;
  /** Background save failures and the loss of the lock, for the trader's log. */
  readonly onError: (error: StoreError) => void;
  readonly clock?: Clock;
  readonly writeIntervalMs?: number;
  /** A save succeeded after failing. */
  readonly onRecovered?: () => void;
  readonly fs?: StoreFs;
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
    ...(options.onRecovered !== undefined && { onRecovered: options.onRecovered }),
    ...(options.fs !== undefined && { fs: options.fs }),
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
   * The stored orders and fills as JSON text, one entry per record, kept in step with the document.
   * A write joins them instead of stringifying every record again: only what changed since the last
   * write is encoded, so a save costs what changed, not what the live file holds.
   */
  private orderTexts: string[] = [];
  private fillTexts: string[] = [];

  index(doc: ProfileDocument): void {
    this.orderIndex.clear();
    doc.orders.forEach((order, i) => this.orderIndex.set(order.clientOrderId, i));
    this.orderTexts = doc.orders.map((order) => JSON.stringify(order));
    this.fillTexts = doc.fills.map((fill) => JSON.stringify(fill));
  }

  stringify(doc: ProfileDocument): string {
    // A document changed some other way than through here falls back to the plain way.
    if (doc.orders.length !== this.orderTexts.length || doc.fills.length !== this.fillTexts.length) return JSON.stringify(doc);
    const { orders: _orders, fills: _fills, ...rest } = doc;
    const head = JSON.stringify(rest);
    return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"orders":[${this.orderTexts.join(',')}],"fills":[${this.fillTexts.join(',')}]}`;
  }

  /** Drops the named orders and their fills from the document and from the texts kept beside it. */
  remove(doc: ProfileDocument, clientOrderIds: ReadonlySet<string>): void {
    const keptOrders = doc.orders.map((order, i) => (clientOrderIds.has(order.clientOrderId) ? -1 : i)).filter((i) => i >= 0);
    const keptFills = doc.fills.map((fill, i) => (clientOrderIds.has(fill.clientOrderId) ? -1 : i)).filter((i) => i >= 0);
    doc.orders = keptOrders.map((i) => doc.orders[i] as StoredOrder);
    this.orderTexts = keptOrders.map((i) => this.orderTexts[i] as string);
    doc.fills = keptFills.map((i) => doc.fills[i] as StoredFill);
    this.fillTexts = keptFills.map((i) => this.fillTexts[i] as string);
    this.orderIndex.clear();
    doc.orders.forEach((order, i) => this.orderIndex.set(order.clientOrderId, i));
  }

  applyTo(doc: ProfileDocument): void {
    for (const order of this.orders.values()) {
      const stored = encodeOrder(order);
      const text = JSON.stringify(stored);
      const at = this.orderIndex.get(order.clientOrderId);
      if (at === undefined) {
        this.orderIndex.set(order.clientOrderId, doc.orders.length);
        doc.orders.push(stored);
        this.orderTexts.push(text);
      } else {
        doc.orders[at] = stored;
        this.orderTexts[at] = text;
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
      this.fillTexts.push(JSON.stringify(stored));
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
    return {
      orders: doc.orders.map((o) => decodeOrder(o)),
      fills: doc.fills.map((f) => decodeFill(f)),
      adjustments: doc.adjustments.map((a) => decodeAdjustment(a)),
      strategies: doc.strategies.map((r) => decodeStrategyInstance(r)),
      log: doc.log.map((e) => decodeLogEntry(e)),
      nextSeq: doc.meta.nextSeq,
      watchlist: [...doc.watchlist],
      createdAt: doc.meta.createdAt,
      ...(doc.portfolio !== undefined && { portfolio: decodePortfolio(doc.portfolio) }),
      ...(doc.brought !== undefined && { brought: decodeBalances(doc.brought) }),
      ...(doc.meta.exchange !== undefined && { exchange: doc.meta.exchange }),
    };
  }

  /**
   * What each order source's books are rebuilt from (fills, the balances brought forward, the
   * strategy instances), decoded without the orders and the log: read at startup after the engine
   * has opened, when load() has already been paid for once.
   */
  sourceBooks(): Pick<ProfileSnapshot, 'fills' | 'brought' | 'strategies'> {
    const doc = this.store.data;
    this.pending.applyTo(doc);
    return {
      fills: doc.fills.map((f) => decodeFill(f)),
      strategies: doc.strategies.map((r) => decodeStrategyInstance(r)),
      ...(doc.brought !== undefined && { brought: decodeBalances(doc.brought) }),
    };
  }

  /** The recent log alone, decoded (the console shows it at start without decoding every order). */
  log(): LogEntry[] {
    const doc = this.store.data;
    this.pending.applyTo(doc);
    return doc.log.map((e) => decodeLogEntry(e));
  }

  /** Fills as the file holds them, without decoding them (for a report). */
  storedFills(): ProfileDocument['fills'] {
    this.pending.applyTo(this.store.data);
    return this.store.data.fills;
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

  addAdjustment(adjustment: Adjustment): void {
    const stored = encodeAdjustment(adjustment);
    this.store.update((doc) => {
      doc.adjustments.push(stored);
    });
  }

  /** Inserts a strategy instance, or replaces the one with the same id where it stands. */
  saveStrategy(record: StrategyInstanceRecord): void {
    const stored = encodeStrategyInstance(record);
    this.store.update((doc) => {
      const at = doc.strategies.findIndex((s) => s.id === record.id);
      if (at === -1) doc.strategies.push(stored);
      else doc.strategies[at] = stored;
    });
  }

  setBrought(balances: Balances): void {
    const stored = encodeBalances(balances);
    this.store.update((doc) => {
      doc.brought = stored;
    });
  }

  /** Records which exchange these books are kept against. */
  linkExchange(id: string): void {
    this.store.update((doc) => {
      doc.meta.exchange = id;
    });
  }

  /**
   * Moves orders finished before `cutoff`, their fills and adjustments made before it to the
   * archive, and carries their effect into the balances brought forward, so the live profile (what
   * startup reads and every save writes) holds recent trading only. The archive is written first;
   * the live file without them is saved after, so a crash between leaves them in both places and
   * nothing anywhere else. Stopped strategy instances last updated before `cutoff` are dropped as
   * history; the rest are kept however old. Needs balances brought forward.
   */
  async archiveBefore(cutoff: number, archive: Archive): Promise<Archived> {
    const doc = this.store.data;
    this.pending.applyTo(doc);
    if (doc.brought === undefined) throw new Error('archiving needs balances brought forward');
    const leaving = leavingOrders(doc, cutoff);
    const orders = doc.orders.filter((o) => leaving.has(o.clientOrderId));
    const fills = doc.fills.filter((f) => leaving.has(f.clientOrderId));
    const adjustments = doc.adjustments.filter((a) => a.at < cutoff);
    const finished = doc.strategies.filter((s) => isFinishedStrategy(s.state) && s.updatedAt < cutoff);
    if (orders.length === 0 && adjustments.length === 0 && finished.length === 0) return { orders: 0, fills: 0, adjustments: 0, strategies: 0 };
    await archive.append('orders', orders, (o) => o.updatedAt);
    await archive.append('fills', fills, (f) => f.at);
    await archive.append('adjustments', adjustments, (a) => a.at);
    await archive.append('strategies', finished, (s) => s.updatedAt);
    this.pending.applyTo(doc);
    const before = decodeBalances(doc.brought);
    const moved = fills.map((f) => decodeFill(f));
    const brought = withoutUndefined<Balances>({
      ...carryForward(before, moved, adjustments.map((a) => decodeAdjustment(a))),
      sources: moved.length === 0 ? before.sources : SourcePositions.restore(before.sources, moved).snapshot(),
    });
    const movedAdjustments = new Set(adjustments);
    const dropped = new Set(finished);
    this.store.update((d) => {
      this.pending.remove(d, leaving);
      d.adjustments = d.adjustments.filter((a) => !movedAdjustments.has(a));
      d.strategies = d.strategies.filter((s) => !dropped.has(s));
      d.brought = encodeBalances(brought);
    });
    for (const fill of fills) this.fillKeys.delete(fillKey(fill));
    await this.store.flush();
    return { orders: orders.length, fills: fills.length, adjustments: adjustments.length, strategies: finished.length };
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

/**
 * The orders finished before `cutoff` that can leave. Each source's books fold the fills that leave
 * into what it brought forward, and a position's average cost and realized P&L depend on the order
 * of its fills; so, for each source and symbol, the fills that leave must all come before any that
 * stay (a partly filled order still working holds back the later finished ones), or the books
 * rebuilt after a restart would differ from the ones kept while trading.
 */
function leavingOrders(doc: ProfileDocument, cutoff: number): Set<string> {
  const leaving = new Set(doc.orders.filter((o) => isTerminal(o.status) && o.updatedAt < cutoff).map((o) => o.clientOrderId));
  const keyOf = (fill: StoredFill): string => `${sourceOfClientOrderId(fill.clientOrderId)}\n${fill.symbol}`;
  // Holding one order back can hold back another, whose fills came before the first's.
  for (let changed = true; changed; ) {
    changed = false;
    const firstStaying = new Map<string, number>();
    doc.fills.forEach((fill, i) => {
      const key = keyOf(fill);
      if (!leaving.has(fill.clientOrderId) && !firstStaying.has(key)) firstStaying.set(key, i);
    });
    doc.fills.forEach((fill, i) => {
      if (leaving.has(fill.clientOrderId) && i > (firstStaying.get(keyOf(fill)) ?? Infinity)) {
        leaving.delete(fill.clientOrderId);
        changed = true;
      }
    });
  }
  return leaving;
}
