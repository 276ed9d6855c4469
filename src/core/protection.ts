import { ZERO, sumDec, type Decimal } from '../domain/decimal.js';
import { isTerminal } from '../domain/order-state.js';
import type { OrderSpec } from '../domain/order-types.js';
import type { Order, ProtectiveRole } from '../domain/order.js';
import { orderLabel } from './describe-order.js';
import type { OrderTracker } from './order-tracker.js';

export interface ProtectionDeps {
  readonly tracker: OrderTracker;
  /** Sends a protective order (it reduces the position, so it passes while halted). */
  readonly place: (spec: OrderSpec, role: ProtectiveRole, parent: Order) => Promise<Order>;
  readonly resize: (leg: Order, qty: Decimal) => Promise<Order>;
  readonly cancel: (leg: Order) => Promise<Order>;
  /** Runs a task the engine owns (tracked, its failure logged). */
  readonly run: (task: Promise<unknown>) => void;
}

interface Sync {
  running: boolean;
  again: boolean;
}

/**
 * Keeps an entry's take-profit and stop-loss orders sized to the quantity it actually holds: each
 * partial fill of the entry places or resizes them, a fill of either leg shrinks the other
 * (one-cancels-other), and once nothing is left to protect — or the position is flat, however it
 * got there — the remaining legs are cancelled. Converges from the book, so a lost event or a
 * restart only delays it until the next change.
 */
export class Protection {
  private readonly syncs = new Map<string, Sync>();

  constructor(private readonly deps: ProtectionDeps) {}

  /** Called after any change to an order has been applied. */
  after(before: Order, after: Order): void {
    const { tracker } = this.deps;
    const entry = isEntryWithProtection(after)
      ? after
      : after.parentClientOrderId === undefined
        ? undefined
        : tracker.book.byClientOrderId(after.parentClientOrderId);
    const changed = !after.filledQty.eq(before.filledQty) || after.status !== before.status;
    if (entry !== undefined && isEntryWithProtection(entry) && changed) this.schedule(entry.clientOrderId);
    if (changed && !after.filledQty.eq(before.filledQty)) this.cancelIfFlat(after.symbol);
  }

  /** Re-checks every protected entry (after a restart or reconciliation). */
  resyncAll(): void {
    for (const order of this.deps.tracker.book.all()) {
      if (isEntryWithProtection(order) && order.filledQty.gt(0)) this.schedule(order.clientOrderId);
    }
  }

  private schedule(entryId: string): void {
    const state = this.syncs.get(entryId) ?? { running: false, again: false };
    this.syncs.set(entryId, state);
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    this.deps.run(
      (async () => {
        try {
          do {
            state.again = false;
            await this.sync(entryId);
          } while (state.again);
        } finally {
          state.running = false;
          this.syncs.delete(entryId);
        }
      })(),
    );
  }

  private async sync(entryId: string): Promise<void> {
    const { tracker } = this.deps;
    const entry = tracker.book.byClientOrderId(entryId);
    if (entry === undefined) return;
    const legs = tracker.book.all().filter((o) => o.parentClientOrderId === entryId);
    const exited = sumDec(legs.map((l) => l.filledQty));
    const flat = tracker.position(entry.symbol)?.qty.isZero() ?? true;
    const target = flat ? ZERO : entry.filledQty.minus(exited);
    if (target.isNeg()) tracker.log('warn', `${orderLabel(entry)}: its protective orders closed more than it bought (${target.neg().toString()} over)`);
    for (const role of rolesOf(entry)) {
      const live = legs.filter((l) => l.role === role && !isTerminal(l.status));
      if (target.lte(0)) {
        for (const leg of live) if (leg.status !== 'pending_cancel') await this.deps.cancel(leg);
        continue;
      }
      const [leg, ...extra] = live;
      for (const spare of extra) await this.deps.cancel(spare);
      if (leg === undefined) {
        await this.deps.place(legSpec(entry, role, target), role, entry);
      } else if (leg.status === 'pending_new' || leg.status === 'pending_replace' || leg.status === 'pending_cancel' || leg.brokerOrderId === undefined) {
        // An answer is on its way; the change it brings schedules another pass.
      } else if (!(leg.qty ?? ZERO).minus(leg.filledQty).eq(target)) {
        await this.deps.resize(leg, target);
      }
    }
  }

  private cancelIfFlat(symbol: string): void {
    const { tracker } = this.deps;
    if (!(tracker.position(symbol)?.qty.isZero() ?? true)) return;
    const legs = tracker.book.working(symbol).filter((o) => o.role !== undefined && o.status !== 'pending_cancel');
    if (legs.length === 0) return;
    tracker.log('info', `${symbol} is flat: cancelling ${legs.length} protective order${legs.length === 1 ? '' : 's'}`);
    for (const leg of legs) this.deps.run(this.deps.cancel(leg));
  }
}

function isEntryWithProtection(order: Order): boolean {
  return order.role === undefined && (order.takeProfit !== undefined || order.stopLoss !== undefined);
}

function rolesOf(entry: Order): ProtectiveRole[] {
  return [...(entry.takeProfit === undefined ? [] : ['take_profit' as const]), ...(entry.stopLoss === undefined ? [] : ['stop_loss' as const])];
}

/** Target: a resting limit on the far side; stop: a stop on the near side. Both GTC and opposite the entry. */
function legSpec(entry: Order, role: ProtectiveRole, qty: Decimal): OrderSpec {
  const side = entry.side === 'buy' ? 'sell' : 'buy';
  return role === 'take_profit'
    ? { symbol: entry.symbol, side, type: 'limit', timeInForce: 'gtc', qty, limitPrice: entry.takeProfit }
    : { symbol: entry.symbol, side, type: 'stop', timeInForce: 'gtc', qty, stopPrice: entry.stopLoss };
}
