import type { Adjustment } from '../domain/adjustment.js';
import { ZERO, formatAmount, formatQty } from '../domain/decimal.js';
import type { DetectionMethod } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import { flatPosition } from '../domain/position.js';
import { isBrokerError } from '../broker/errors.js';
import type { BrokerOrder, BrokerPosition } from '../broker/port.js';
import type { BooksWatch } from './books-watch.js';
import type { BrokerGateway } from './broker-gateway.js';
import { fetchOrder } from './fetch-order.js';
import type { Clock } from './clock.js';
import { orderLabel } from './describe-order.js';
import type { KeyedQueue } from './keyed-queue.js';
import { METRIC, type Metrics } from './metrics.js';
import type { OrderTracker } from './order-tracker.js';

export type ReconcileReason = 'startup' | 'reconnect' | 'periodic';

export interface ReconcilerDeps {
  readonly gateway: BrokerGateway;
  readonly tracker: OrderTracker;
  readonly lanes: KeyedQueue;
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** Applies a broker snapshot to the matching local order (adopting it if unknown), in its lane. */
  readonly applySnapshot: (order: BrokerOrder, method: DetectionMethod) => Order;
  /** A submit or replace still being worked out: its order is the request's to settle, not ours. */
  readonly isInFlight: (clientOrderId: string) => boolean;
  /** Closes an order the broker says it never got (unless a request is still working it out). */
  readonly closeNeverReached: (clientOrderId: string, by: string) => boolean;
  /** Orders sent less than this long ago are left alone: their answer may still be on its way. */
  readonly settleMs: number;
  /** How far back closed orders are fetched. */
  readonly lookbackMs: number;
  readonly books: BooksWatch;
  readonly newAdjustmentId: () => string;
}

export interface ReconcileReport {
  readonly reason: ReconcileReason;
  readonly findings: number;
}

/**
 * Compares the broker's orders, fills and positions with the local view and makes the local view
 * agree: missing transitions and fills are applied (booked as inferred), unknown open orders are
 * adopted, an order the broker never received is closed, and where a quiet symbol's position still
 * differs the broker's figure wins. Runs at startup, after every stream reconnect and periodically.
 */
export class Reconciler {
  /** Orders already reported as holding fills the broker does not know: each is said once. */
  private readonly unknownFills = new Set<string>();

  constructor(private readonly deps: ReconcilerDeps) {}

  async run(reason: ReconcileReason): Promise<ReconcileReport> {
    const { gateway, clock, metrics, tracker } = this.deps;
    metrics.count(METRIC.reconcileRuns, reason);
    const since = new Date(clock.now() - this.deps.lookbackMs).toISOString();
    const [open, recent] = await Promise.all([
      gateway.listOrders({ status: 'open', limit: 500 }),
      gateway.listOrders({ status: 'all', after: since, limit: 500 }),
    ]);
    const seen = new Map<string, BrokerOrder>();
    for (const order of [...recent, ...open]) seen.set(order.id, order);

    let findings = 0;
    const suspects: Order[] = [];
    // Oldest first, so orders adopted after a crash (the broker has them, the books lost them) get
    // their row numbers in the order they were placed.
    for (const brokerOrder of [...seen.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))) {
      const known = tracker.book.byClientOrderId(brokerOrder.clientOrderId) ?? tracker.book.byBrokerOrderId(brokerOrder.id);
      if (await this.applyInLane(brokerOrder, known, suspects)) findings++;
    }
    await this.confirmUnknownFills(suspects);
    for (const order of tracker.book.working()) {
      if (order.brokerOrderId !== undefined && seen.has(order.brokerOrderId)) continue;
      if (clock.now() - order.updatedAt < this.deps.settleMs || this.deps.isInFlight(order.clientOrderId)) continue;
      if (await this.resolveMissing(order)) findings++;
    }
    findings += await this.checkPositions();
    metrics.count(METRIC.reconcileFindings, reason, findings);
    if (findings > 0) tracker.log('warn', `reconcile (${reason}): ${findings} difference${findings === 1 ? '' : 's'} found and fixed`);
    return { reason, findings };
  }

  /** Returns whether the snapshot changed the local view. */
  private applyInLane(brokerOrder: BrokerOrder, known: Order | undefined, suspects: Order[] = []): Promise<boolean> {
    return this.deps.lanes.run(brokerOrder.symbol, () => {
      const before = known === undefined ? undefined : this.deps.tracker.book.byClientOrderId(known.clientOrderId);
      const after = this.releaseLostRequest(this.deps.applySnapshot(brokerOrder, 'reconcile'), brokerOrder);
      if (after.filledQty.gt(brokerOrder.filledQty) && !this.unknownFills.has(after.clientOrderId)) suspects.push(after);
      if (before === undefined) return true;
      const changed = after.status !== before.status || !after.filledQty.eq(before.filledQty);
      if (changed) {
        this.deps.tracker.log(
          'warn',
          `reconcile: ${orderLabel(after)} was ${before.status} here, ${after.status} at the broker (filled ${formatQty(after.filledQty)}) — applied`,
        );
      }
      return changed;
    });
  }

  /**
   * More filled here than the broker's list said: either the list was older than fills the stream
   * brought meanwhile, or the books hold fills the broker never made. The order is asked for afresh;
   * only if the broker still has less filled is it reported. Such fills stay in the list (the trader
   * saw them), and the position and cash are corrected by adjustments once the symbol is quiet.
   */
  private async confirmUnknownFills(suspects: readonly Order[]): Promise<void> {
    for (const suspect of suspects) {
      if (suspect.brokerOrderId === undefined) continue;
      const fresh = await this.deps.gateway.getOrder(suspect.brokerOrderId, orderLabel(suspect));
      const order = this.deps.tracker.book.byClientOrderId(suspect.clientOrderId) ?? suspect;
      if (order.filledQty.gt(fresh.filledQty)) this.reportUnknownFills(order, fresh);
    }
  }

  private reportUnknownFills(order: Order, brokerOrder: BrokerOrder): void {
    if (this.unknownFills.has(order.clientOrderId)) return;
    this.unknownFills.add(order.clientOrderId);
    this.deps.books.unknownFill();
    this.deps.tracker.log(
      'error',
      `reconcile: ${orderLabel(order)} has ${formatQty(order.filledQty)} filled here but ${formatQty(brokerOrder.filledQty)} at the broker — ` +
        'fills the broker does not know; its position and cash are corrected by adjustments',
    );
  }

  /**
   * A cancel or replace that never reached the broker leaves the order pending here while the
   * broker still has it plainly working; once the request has had time to land, it is taken as
   * refused, so the order can be cancelled or replaced again.
   */
  private releaseLostRequest(order: Order, brokerOrder: BrokerOrder): Order {
    const { tracker, clock, settleMs, isInFlight } = this.deps;
    const plainlyWorking = brokerOrder.status === 'new' || brokerOrder.status === 'partially_filled' || brokerOrder.status === 'accepted';
    if (!plainlyWorking || clock.now() - order.updatedAt < settleMs || isInFlight(order.clientOrderId)) return order;
    if (order.status === 'pending_cancel') return tracker.transition(order, 'cancel_rejected', 'the cancel never reached the broker');
    if (order.status === 'pending_replace') return tracker.transition(order, 'replace_rejected', 'the replace never reached the broker');
    return order;
  }

  /** A working order the broker's lists did not show: ask for it by id before deciding anything. */
  private async resolveMissing(order: Order): Promise<boolean> {
    const { gateway, lanes } = this.deps;
    let snapshot: BrokerOrder;
    try {
      snapshot = await fetchOrder(gateway, order);
    } catch (error) {
      if (!isBrokerError(error, 'not_found')) throw error;
      return lanes.run(order.symbol, () => this.deps.closeNeverReached(order.clientOrderId, 'reconcile'));
    }
    return this.applyInLane(snapshot, order);
  }

  /**
   * Positions are compared only for symbols with no working order and no recent activity: a fill
   * in flight would otherwise look like a mismatch, and overriding it would count that fill twice.
   */
  private async checkPositions(): Promise<number> {
    const { gateway, tracker, lanes, clock } = this.deps;
    const positions = await gateway.getPositions();
    const brokerBySymbol = new Map(positions.map((p) => [p.symbol, p]));
    const symbols = new Set([...brokerBySymbol.keys(), ...tracker.positionSymbols()]);
    let findings = 0;
    for (const symbol of symbols) {
      const quiet = tracker.book
        .all()
        .every((o) => o.symbol !== symbol || (isTerminal(o.status) && clock.now() - o.updatedAt >= this.deps.settleMs));
      if (!quiet) continue;
      const fixed = await lanes.run(symbol, () => this.alignPosition(symbol, brokerBySymbol.get(symbol)));
      if (fixed) findings++;
    }
    // Cash too is compared only when nothing is working or recently changed, and the broker wins.
    const quiet = tracker.book.all().every((o) => isTerminal(o.status) && clock.now() - o.updatedAt >= this.deps.settleMs);
    if (quiet) {
      const account = await gateway.getAccount();
      if (!account.cash.eq(tracker.cash)) {
        const reason = `cash here ${formatAmount(tracker.cash)}, broker ${formatAmount(account.cash)}`;
        this.adjust({ qty: ZERO, cash: account.cash.minus(tracker.cash), reason });
        findings++;
      }
    }
    return findings;
  }

  private alignPosition(symbol: string, broker: BrokerPosition | undefined): boolean {
    const { tracker } = this.deps;
    const local = tracker.position(symbol) ?? flatPosition(symbol);
    const brokerQty = broker?.qty ?? ZERO;
    if (local.qty.eq(brokerQty)) return false;
    const reason = `${symbol} position here ${formatQty(local.qty)}, broker ${formatQty(brokerQty)}`;
    this.adjust({ symbol, qty: brokerQty.minus(local.qty), cash: ZERO, ...(broker !== undefined && { avgCost: broker.avgEntryPrice }), reason });
    return true;
  }

  /**
   * The broker's figure wins, booked as an adjustment with its reason rather than written over the
   * books: positions keep equalling their fills plus adjustments, and the trader sees why.
   */
  private adjust(change: Omit<Adjustment, 'id' | 'at'>): void {
    const { tracker, clock, books, newAdjustmentId } = this.deps;
    tracker.log('error', `reconcile: ${change.reason} — the broker's figure wins, booked as an adjustment`);
    tracker.adjust({ id: newAdjustmentId(), at: clock.now(), ...change });
    books.adjusted();
  }
}
