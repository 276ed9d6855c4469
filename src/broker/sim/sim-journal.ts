import type { PendingChanges } from './announcements.js';
import type { SimChangeLog } from './change-log.js';
import { writeDelta } from './delta.js';
import type { SimIds } from './ids.js';
import type { SimDurability } from './sim-options.js';
import type { SimLedger } from './sim-ledger.js';
import { familyOf } from './order-family.js';
import { isOpen, type SimOrderBook } from './sim-orders.js';
import type { SimSnapshot } from './snapshot.js';

export interface SimJournalDeps {
  readonly durability: SimDurability;
  readonly changes: SimChangeLog;
  readonly book: SimOrderBook;
  readonly ledger: SimLedger;
  readonly ids: SimIds;
  /** The whole exchange, as `SimExchange.snapshot()` gives it. */
  readonly snapshot: () => SimSnapshot;
  readonly now: () => number;
  /** How long a finished order stays in the live book before a whole snapshot archives it. */
  readonly retentionMs: number;
}

/**
 * What the exchange writes to make its changes durable: a delta of what changed since the last
 * write, or now and then (and on request) a whole snapshot that also moves long-finished orders to
 * the archive. A write that fails leaves its changes marked, so the next one carries them.
 */
export class SimJournal implements PendingChanges {
  constructor(private readonly deps: SimJournalDeps) {}

  get dirty(): boolean {
    return this.deps.changes.dirty;
  }

  failed(error: unknown): void {
    this.deps.durability.failed(error);
  }

  async commit(whole: boolean): Promise<void> {
    if (whole || this.deps.durability.wantsSnapshot) {
      await this.commitWhole();
      return;
    }
    const { changes, ledger, ids, durability } = this.deps;
    const taken = changes.take();
    const fills = ledger.fills();
    const positions = ledger.positions();
    const delta = writeDelta({
      ids: ids.state(),
      cash: ledger.cash(),
      lastEquity: ledger.lastEquity(),
      positions: taken.symbols.flatMap((symbol) => (positions[symbol] === undefined ? [] : [positions[symbol]])),
      orders: taken.orders,
      fills: fills.slice(fills.length - taken.fills),
    });
    try {
      await durability.append(delta);
    } catch (error) {
      changes.restore(taken);
      throw error;
    }
  }

  /**
   * A full snapshot. Orders finished longer than the retention ago go to the archive first, then
   * leave the live book (they cannot change again), so the book and every later snapshot stay the
   * size of recent trading however long the exchange runs. A parent and its legs go together, once
   * all of them have finished.
   */
  private async commitWhole(): Promise<void> {
    const { changes, book, ledger, durability } = this.deps;
    const cutoff = this.deps.now() - this.deps.retentionMs;
    const leaving = book
      .all()
      .filter((r) => r.parentId === undefined)
      .map((r) => familyOf(book, r))
      .filter((family) => family.every((r) => !isOpen(r.order) && Date.parse(r.order.updatedAt) < cutoff))
      .flat();
    const ids = new Set(leaving.map((r) => r.order.id));
    const whole = this.deps.snapshot();
    const archived = {
      orders: whole.orders.filter((o) => ids.has(o.id)),
      fills: whole.fills.filter((f) => ids.has(f.orderId)),
    };
    const live = { ...whole, orders: whole.orders.filter((o) => !ids.has(o.id)), fills: whole.fills.filter((f) => !ids.has(f.orderId)) };
    const taken = changes.take();
    try {
      await durability.replace(live, archived);
    } catch (error) {
      changes.restore(taken);
      throw error;
    }
    book.remove(leaving);
    ledger.forget(ids);
  }
}
