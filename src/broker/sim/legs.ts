import { minDec, type Decimal } from '../../domain/decimal.js';
import type { TradeUpdateEvent } from '../port.js';
import { isLiveLeg, pairOf } from './order-family.js';
import { isOpen, remainingQty, type SimOrderBook, type SimOrderRecord } from './sim-orders.js';

/** What the legs need from the order flow. */
export interface LegActions {
  readonly book: SimOrderBook;
  /** Held → new, announced and routed: a take-profit leg going live. */
  acknowledge(record: SimOrderRecord): void;
  /** Follows a live leg with the market: its trigger, and an execution when it can trade. */
  watch(record: SimOrderRecord): void;
  /** Ends a working order now, as canceled. */
  cancel(record: SimOrderRecord): void;
  emit(event: TradeUpdateEvent, record: SimOrderRecord): void;
  now(): string;
}

/**
 * The legs of brackets, ocos and otos, as Alpaca runs them. Legs are made `held` with their parent.
 * When a bracket's or oto's entry has filled completely, the take-profit goes `new` and the
 * stop-loss stays `held` but live (its stop triggers and it fills from `held`); if the entry ends
 * with only part filled the legs are cut to that part and go live the same way, and with nothing
 * filled they are canceled. Within a live pair, a fill of one cancels the other (a held one goes
 * straight to `canceled`), and a partial fill cuts the other down to what is left, so the shares
 * are sold once.
 */
export class LegFlow {
  constructor(private readonly actions: LegActions) {}

  /** A parent has been acknowledged for the first time: its legs are announced, and live ones follow the market. */
  announce(parent: SimOrderRecord): void {
    for (const leg of this.actions.book.legsOf(parent)) {
      if (leg.order.status === 'held') this.actions.emit('held', leg);
    }
    this.follow(parent);
  }

  /** Live legs of the parent start (or go on) following the market. */
  follow(parent: SimOrderRecord): void {
    for (const leg of this.actions.book.legsOf(parent)) {
      if (isOpen(leg.order) && isLiveLeg(this.actions.book, leg)) this.actions.watch(leg);
    }
  }

  /** An execution was booked for the order. */
  executed(record: SimOrderRecord): void {
    const complete = record.order.status === 'filled';
    if (complete && record.parentId === undefined && record.order.orderClass !== 'oco') this.release(record);
    const pair = pairOf(this.actions.book, record);
    if (pair === undefined) return;
    for (const sibling of pair) {
      if (sibling === record || !isOpen(sibling.order)) continue;
      if (complete) this.actions.cancel(sibling);
      else this.cut(sibling, remainingQty(record.order));
    }
  }

  /** The order ended without filling completely (canceled, expired): its legs, or its pair, follow. */
  ended(record: SimOrderRecord): void {
    if (record.parentId === undefined && record.order.orderClass !== 'oco') {
      this.release(record);
      return;
    }
    for (const sibling of pairOf(this.actions.book, record) ?? []) {
      if (isOpen(sibling.order)) this.actions.cancel(sibling);
    }
  }

  /**
   * An oco's take-profit was replaced: its stop leg moves under the replacement, resized to the
   * replacement's quantity, so the pair still sells the same shares once.
   */
  replaced(original: SimOrderRecord, replacement: SimOrderRecord): void {
    if (original.order.orderClass !== 'oco' || original.parentId !== undefined) return;
    const { book } = this.actions;
    for (const leg of [...book.legsOf(original)]) {
      if (!isOpen(leg.order)) continue;
      book.relink(leg, replacement.order.id);
      this.resize(leg, leg.order.filledQty.plus(remainingQty(replacement.order)));
    }
  }

  /** A bracket's or oto's entry is done: the legs go live for what it filled, or are canceled. */
  private release(entry: SimOrderRecord): void {
    const filled = entry.order.filledQty;
    for (const leg of this.actions.book.legsOf(entry)) {
      if (!isOpen(leg.order)) continue;
      if (filled.isZero()) {
        this.actions.cancel(leg);
        continue;
      }
      if (entry.order.status !== 'filled') this.resize(leg, filled);
      if (leg.order.type === 'limit') this.actions.acknowledge(leg);
      else this.actions.watch(leg);
    }
  }

  private cut(sibling: SimOrderRecord, left: Decimal): void {
    const { order } = sibling;
    this.resize(sibling, order.filledQty.plus(minDec(remainingQty(order), left)));
  }

  private resize(record: SimOrderRecord, qty: Decimal): void {
    if (record.order.qty !== undefined && record.order.qty.eq(qty)) return;
    this.actions.book.set(record, { ...record.order, qty, updatedAt: this.actions.now() });
  }
}
