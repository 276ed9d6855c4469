import { ZERO, minDec, sumDec, type Decimal } from '../domain/decimal.js';
import { isTerminal } from '../domain/order-state.js';
import { oppositeSide, type OrderSpec } from '../domain/order-types.js';
import type { Order, ProtectiveRole } from '../domain/order.js';
import { orderLabel } from './describe-order.js';
import { sameQty } from './order-legs.js';
import type { OrderTracker } from './order-tracker.js';
import type { TraderLog } from './trader-log.js';

/** The one exit the core sends for an entry's filled shares. */
export interface ExitOrder {
  readonly spec: OrderSpec;
  readonly role: ProtectiveRole;
  /** `oco`: its limit takes profit and its stop leg, made by the exchange, stops the loss. */
  readonly orderClass: 'oco' | 'simple';
  readonly takeProfit?: Decimal;
  readonly stopLoss?: Decimal;
}

export interface ProtectionDeps {
  readonly tracker: OrderTracker;
  readonly log: TraderLog;
  /** Sends an exit (it reduces the position, so it passes while halted). */
  readonly place: (exit: ExitOrder, entry: Order) => Promise<Order>;
  readonly resize: (exit: Order, qty: Decimal) => Promise<Order>;
  readonly cancel: (exit: Order) => Promise<Order>;
  /** Runs a task the engine owns (tracked, its failure logged). */
  readonly run: (task: Promise<unknown>) => void;
}

interface Sync {
  running: boolean;
  again: boolean;
}

/** Exits nest no deeper than an oco's leg under the exit under its entry. */
const MAX_DEPTH = 3;

/**
 * Looks after an entry's take-profit and stop-loss so its shares are only ever held by one exit.
 * A bracket or oto entry brought its legs with it: they are the exchange's (held until the entry
 * fills, one cancelling the other, cut to what filled), and the core only cancels them once the
 * entry is over and the position went flat some other way. Any other entry gets one exit from the
 * core for what has filled: an oco (take-profit limit with a stop-loss leg), resized as the entry
 * fills more, or a single limit or stop, sent once the entry is done. Exits are cancelled once the
 * position is flat, however it got there. Converges from the book, so a lost event or a restart
 * only delays it until the next change.
 */
export class Protection {
  private readonly syncs = new Map<string, Sync>();
  /** Entries whose single exit was said to wait for them to end. */
  private readonly waitNoted = new Set<string>();
  /**
   * Entries whose exit the broker refused, by how much of the entry had filled then: the exit is not
   * sent or resized again until more fills (sending it again would only be refused again).
   */
  private readonly refusedAt = new Map<string, string>();

  constructor(private readonly deps: ProtectionDeps) {}

  /** Called after any change to an order has been applied. */
  after(before: Order, after: Order): void {
    const filled = !after.filledQty.eq(before.filledQty);
    const changed = filled || after.status !== before.status || !sameQty(before.qty, after.qty);
    if (!changed) return;
    const entry = this.entryOf(after);
    if (entry !== undefined && after.role !== undefined && after.status === 'rejected') this.refused(entry);
    if (entry !== undefined) this.schedule(entry.clientOrderId);
    if (filled) this.onFillIn(after.symbol);
  }

  /** Re-checks every protected entry (after a restart or reconciliation). */
  resyncAll(): void {
    for (const order of this.deps.tracker.book.all()) {
      if (isProtectedEntry(order) && order.filledQty.gt(0)) this.schedule(order.clientOrderId);
    }
  }

  /** The protected entry an order is, or whose exit (or exit's leg) it is. */
  private entryOf(order: Order): Order | undefined {
    let current: Order | undefined = order;
    for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth++) {
      if (isProtectedEntry(current)) return current;
      current = current.parentClientOrderId === undefined ? undefined : this.deps.tracker.book.byClientOrderId(current.parentClientOrderId);
    }
    return undefined;
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
    const { tracker, log } = this.deps;
    const entry = tracker.book.byClientOrderId(entryId);
    if (entry === undefined) return;
    const exits = tracker.book.children(entry.clientOrderId);
    const all = [...exits, ...exits.flatMap((exit) => tracker.book.children(exit.clientOrderId))];
    const held = entry.filledQty.minus(sumDec(all.map((o) => o.filledQty)));
    if (held.isNeg()) log.write('warn', `${orderLabel(entry)}: its protective orders closed more than it bought (${held.neg().toString()} over)`);
    const flat = tracker.position(entry.symbol)?.qty.isZero() ?? true;
    if (entry.orderClass !== 'simple') {
      await this.syncLegs(entry, exits, all, flat);
      return;
    }
    const released = sumDec(exits.filter((exit) => fits(exit, entry) && (exit.status === 'canceled' || exit.status === 'expired')).map((exit) => this.openOf(exit)));
    await this.syncExit(entry, exits, flat ? ZERO : held.minus(released));
  }

  private refused(entry: Order): void {
    this.refusedAt.set(entry.clientOrderId, entry.filledQty.toString());
  }

  /** Sends an exit or resizes it; a refusal is remembered (see refusedAt) and passed on. */
  private async send(entry: Order, request: () => Promise<Order>): Promise<void> {
    try {
      await request();
    } catch (error) {
      this.refused(entry);
      throw error;
    }
  }

  /**
   * A bracket's or oto's legs are the exchange's while the entry works and once one of them has
   * filled (it cancels or cuts the other). Left over after the entry ended, with the position flat
   * and neither leg having traded, nothing will end them: they are cancelled, the pair by one cancel.
   */
  private async syncLegs(entry: Order, legs: readonly Order[], all: readonly Order[], flat: boolean): Promise<void> {
    if (!flat || !isTerminal(entry.status) || entry.filledQty.isZero() || all.some((o) => o.filledQty.gt(0))) return;
    if (legs.some((leg) => leg.status === 'pending_cancel')) return;
    const leg = legs.find(cancellable);
    if (leg === undefined) return;
    this.deps.log.write('info', `${entry.symbol} is flat: cancelling the legs of ${orderLabel(entry)}`);
    await this.deps.cancel(leg);
  }

  /**
   * Keeps one exit of the right shape working for `target` shares. A new exit is placed only once
   * every other has ended (the exchange holds the shares of an exit until it is cancelled), and
   * shares whose exit was cancelled by anyone but the core (the trader, a flatten) stay released.
   */
  private async syncExit(entry: Order, exits: readonly Order[], target: Decimal): Promise<void> {
    const live = exits.filter((o) => !isTerminal(o.status));
    if (target.lte(0)) {
      // An oco whose leg filled is ended by the exchange; cancelling it would race that.
      for (const exit of live) if (cancellable(exit) && !this.legFilled(exit, 'whole')) await this.deps.cancel(exit);
      return;
    }
    const keep = live.find((o) => fits(o, entry) && o.status !== 'pending_cancel');
    for (const spare of live) if (spare !== keep && cancellable(spare)) await this.deps.cancel(spare);
    const refused = this.refusedAt.get(entry.clientOrderId) === entry.filledQty.toString();
    if (keep === undefined) {
      const exit = exitFor(entry, target);
      if (live.length > 0 || refused || this.mustWait(entry, exit)) return;
      await this.send(entry, () => this.deps.place(exit, entry));
      return;
    }
    if (keep.status === 'pending_new' || keep.status === 'pending_replace' || keep.brokerOrderId === undefined) return;
    const remaining = (keep.qty ?? ZERO).minus(keep.filledQty);
    // Less to protect because an oco leg traded: the exchange cuts the oco itself.
    if (remaining.gt(target) && this.legFilled(keep, 'any')) return;
    if (!remaining.eq(target) && !refused) await this.send(entry, () => this.deps.resize(keep, target));
  }

  /**
   * The shares an ended exit was still holding when it ended, none if it or a leg of it sold them:
   * what is left of the exit and of each of its legs, whichever is least (a fill of one cuts the other).
   */
  private openOf(exit: Order): Decimal {
    const rest = (order: Order): Decimal => (order.qty ?? ZERO).minus(order.filledQty);
    return this.deps.tracker.book.children(exit.clientOrderId).reduce((least, leg) => minDec(least, rest(leg)), rest(exit));
  }

  /**
   * A fill left the symbol flat: every protected entry with something working is looked at again,
   * and a protective order whose entry is not known here (nor its parent working) is cancelled.
   */
  private onFillIn(symbol: string): void {
    const { tracker, log } = this.deps;
    if (!(tracker.position(symbol)?.qty.isZero() ?? true)) return;
    const orphans: Order[] = [];
    for (const order of tracker.book.working(symbol)) {
      if (order.role === undefined) continue;
      const entry = this.entryOf(order);
      if (entry !== undefined) this.schedule(entry.clientOrderId);
      else if (cancellable(order) && !this.parentWorking(order)) orphans.push(order);
    }
    if (orphans.length === 0) return;
    log.write('info', `${symbol} is flat: cancelling ${orphans.length} protective order${orphans.length === 1 ? '' : 's'}`);
    for (const orphan of orphans) this.deps.run(this.deps.cancel(orphan));
  }

  /**
   * The broker refuses a plain order opposite one still working in the symbol (a possible wash
   * trade); an oco is exempt. So a single exit waits for its entry to end, which it says once.
   */
  private mustWait(entry: Order, exit: ExitOrder): boolean {
    if (exit.orderClass === 'oco' || isTerminal(entry.status)) return false;
    if (!this.waitNoted.has(entry.clientOrderId)) {
      this.waitNoted.add(entry.clientOrderId);
      const what = exit.role === 'take_profit' ? 'take-profit' : 'stop-loss';
      this.deps.log.write('info', `${orderLabel(entry)}: its ${what} is sent once it is done (the broker refuses an opposite order while it works)`);
    }
    return true;
  }

  private legFilled(exit: Order, how: 'whole' | 'any'): boolean {
    return this.deps.tracker.book.children(exit.clientOrderId).some((leg) => (how === 'whole' ? leg.status === 'filled' : leg.filledQty.gt(0)));
  }

  private parentWorking(order: Order): boolean {
    const parent = order.parentClientOrderId === undefined ? undefined : this.deps.tracker.book.byClientOrderId(order.parentClientOrderId);
    return parent !== undefined && !isTerminal(parent.status);
  }
}

/** An entry that asked for protection: not itself an exit, nor an oco (which is one). */
function isProtectedEntry(order: Order): boolean {
  return order.role === undefined && order.orderClass !== 'oco' && (order.takeProfit !== undefined || order.stopLoss !== undefined);
}

function cancellable(order: Order): boolean {
  return !isTerminal(order.status) && order.status !== 'pending_cancel';
}

/** Whether an exit is the one the entry asks for: an oco for both prices, else the one limit or stop. */
function fits(exit: Order, entry: Order): boolean {
  if (entry.takeProfit !== undefined && entry.stopLoss !== undefined) return exit.orderClass === 'oco';
  return exit.orderClass === 'simple' && exit.role === (entry.takeProfit !== undefined ? 'take_profit' : 'stop_loss');
}

/**
 * The exit for `qty` filled shares, GTC and opposite the entry: an oco whose limit takes profit and
 * whose stop leg stops the loss, or the one limit (take profit) or stop (stop loss) asked for.
 */
function exitFor(entry: Order, qty: Decimal): ExitOrder {
  const base = { symbol: entry.symbol, side: oppositeSide(entry.side), timeInForce: 'gtc' as const, qty };
  const { takeProfit, stopLoss } = entry;
  if (takeProfit !== undefined && stopLoss !== undefined) {
    return { spec: { ...base, type: 'limit', limitPrice: takeProfit }, role: 'take_profit', orderClass: 'oco', takeProfit, stopLoss };
  }
  if (takeProfit !== undefined) return { spec: { ...base, type: 'limit', limitPrice: takeProfit }, role: 'take_profit', orderClass: 'simple' };
  return { spec: { ...base, type: 'stop', stopPrice: stopLoss }, role: 'stop_loss', orderClass: 'simple' };
}
