import { Decimal, ZERO } from '../domain/decimal.js';
import { legType, planIntent, type PositionIntent } from '../strategy/order-plan.js';
import type { WorkingOrderView } from '../strategy/strategy.js';

/** A working order's id as the strategy sees it: `bt-` and its number, made only when read. */
export function orderId(number: number): string {
  return `bt-${number}`;
}

export interface PendingIntent {
  /** The order's number in the run, from 1: its id is orderId(number). */
  readonly number: number;
  readonly intent: PositionIntent;
  /** The last price the strategy had seen when it made the intent (a close, or the open it heard a fill at). */
  readonly priceSeen: number | undefined;
}

/** The books a working order's shares are planned from. */
export interface PlanningBooks {
  readonly qty: Decimal;
  readonly cash: Decimal;
}

/**
 * Intents waiting for the next open, in the order they were made. Each is a market order working
 * until that open, so the strategy sees it in `workingOrders` and may cancel it; its shares there
 * are planned from the books at the price the strategy had seen, and planned again at the open it
 * fills at, where the books or the price may have moved. The views are made only when read: most
 * strategies never look, and a backtest should not pay a plan per intent for them.
 */
export class PendingIntents {
  private readonly queue: PendingIntent[] = [];
  /** Priced orders an open has not filled: they work on, each bar, until filled or cancelled. */
  private readonly resting: PendingIntent[] = [];
  private readonly views: WorkingOrderView[] = [];
  private viewsStale = false;
  /** Of the queue's head, how many the current open still executes: intents made during it wait for the next. */
  private batch = 0;
  private made = 0;

  get size(): number {
    return this.queue.length + this.resting.length;
  }

  /** Priced orders working on after the last open that did not reach them. */
  get restingCount(): number {
    return this.resting.length;
  }

  /** Back to work after an open that did not reach its price; it is tried again at the next bar. */
  rest(intent: PendingIntent): void {
    this.resting.push(intent);
    this.viewsStale = true;
  }

  add(intent: PositionIntent, priceSeen: number | undefined): void {
    this.queue.push({ number: ++this.made, intent, priceSeen });
    this.viewsStale = true;
  }

  /** The pending intents that would trade, as working orders, oldest first; the same array each time. */
  working(books: PlanningBooks): readonly WorkingOrderView[] {
    if (!this.viewsStale) return this.views;
    this.views.length = 0;
    for (const { number, intent, priceSeen } of [...this.resting, ...this.queue]) {
      const plan = planIntent(intent, books.qty, { cash: books.cash, price: priceSeen === undefined ? undefined : new Decimal(priceSeen) });
      const last = plan.ok ? plan.legs[plan.legs.length - 1] : undefined;
      if (!plan.ok || last === undefined) continue;
      const qty = plan.legs.reduce((sum, leg) => sum.plus(leg.qty), ZERO);
      const { limitPrice, stopPrice } = last;
      this.views.push({
        clientOrderId: orderId(number),
        side: last.side,
        type: legType(last),
        qty,
        filledQty: ZERO,
        ...(limitPrice !== undefined && { limitPrice }),
        ...(stopPrice !== undefined && { stopPrice }),
      });
    }
    this.viewsStale = false;
    return this.views;
  }

  /**
   * Starts an open: the intents pending now execute at it, those made while it runs wait for the
   * next. Resting priced orders come first, in the order they were made, then the new intents.
   */
  open(): void {
    if (this.resting.length > 0) {
      this.queue.unshift(...this.resting.splice(0));
      this.queue.sort((a, b) => a.number - b.number);
    }
    this.batch = this.queue.length;
  }

  /** The next intent this open executes, taken off the queue. */
  next(): PendingIntent | undefined {
    if (this.batch === 0) return undefined;
    this.batch--;
    this.viewsStale = true;
    return this.queue.shift();
  }

  /** Withdraws one pending intent by its order's id, or all of them; how many were withdrawn. */
  cancel(clientOrderId: string | undefined): number {
    let canceled = 0;
    for (let k = this.resting.length - 1; k >= 0; k--) {
      if (clientOrderId !== undefined && orderId((this.resting[k] as PendingIntent).number) !== clientOrderId) continue;
      this.resting.splice(k, 1);
      canceled++;
    }
    for (let k = this.queue.length - 1; k >= 0; k--) {
      if (clientOrderId !== undefined && orderId((this.queue[k] as PendingIntent).number) !== clientOrderId) continue;
      this.queue.splice(k, 1);
      if (k < this.batch) this.batch--;
      canceled++;
    }
    if (canceled > 0) this.viewsStale = true;
    return canceled;
  }
}
