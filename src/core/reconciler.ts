import type { Adjustment } from '../domain/adjustment.js';
import { ZERO, formatAmount, formatQty } from '../domain/decimal.js';
import type { DetectionMethod } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import { flatPosition } from '../domain/position.js';
import { isBrokerError } from '../broker/errors.js';
import { listEveryOrder } from '../broker/paging.js';
import type { BrokerOrder, BrokerPosition, ListOrdersQuery } from '../broker/port.js';
import type { BooksWatch } from './books-watch.js';
import type { BrokerGateway } from './broker-gateway.js';
import { fetchOrder } from './fetch-order.js';
import type { Clock } from '../kernel/clock.js';
import { orderLabel } from './describe-order.js';
import type { KeyedQueue } from './keyed-queue.js';
import { METRIC, type Metrics } from './metrics.js';
import type { OrderTracker } from './order-tracker.js';
import { NO_RECONCILIATION, type ReconciliationCounts } from './reconciliation-counts.js';
import type { TraderLog } from './trader-log.js';

export type ReconcileReason = 'startup' | 'reconnect' | 'periodic';

export interface ReconcilerDeps {
  readonly gateway: BrokerGateway;
  readonly tracker: OrderTracker;
  readonly log: TraderLog;
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
 * differs the broker's figure wins. Every page of the broker's lists is read, and the legs nested in
 * a bracket, oco or oto are reconciled each as an order of its own. What it did is counted by kind
 * over the session. Runs at startup, after every stream reconnect and periodically.
 */
export class Reconciler {
  /** Orders already reported as holding fills the broker does not know: each is said once. */
  private readonly unknownFills = new Set<string>();
  private readonly done: { -readonly [K in keyof ReconciliationCounts]: number } = { ...NO_RECONCILIATION };

  constructor(private readonly deps: ReconcilerDeps) {}

  /** What reconciliation has done since the session started. */
  get counts(): ReconciliationCounts {
    return { ...this.done };
  }

  async run(reason: ReconcileReason): Promise<ReconcileReport> {
    const { gateway, clock, metrics, tracker, log } = this.deps;
    metrics.count(METRIC.reconcileRuns, reason);
    const since = new Date(clock.now() - this.deps.lookbackMs).toISOString();
    const list = (query: ListOrdersQuery): Promise<BrokerOrder[]> => gateway.listOrders(query);
    const [open, recent] = await Promise.all([
      listEveryOrder(list, { status: 'open' }),
      listEveryOrder(list, { status: 'all', after: since }),
    ]);
    const listed = new Map<string, BrokerOrder>();
    for (const order of [...recent, ...open]) listed.set(order.id, order);
    // Every order the broker showed, legs included; a leg listed on its own is reconciled with its parent.
    const seen = new Set<string>();
    const legs = new Set<string>();
    for (const order of listed.values()) {
      seen.add(order.id);
      for (const leg of order.legs ?? []) {
        seen.add(leg.id);
        legs.add(leg.id);
      }
    }

    let findings = 0;
    const suspects: Order[] = [];
    // Oldest first, so orders adopted after a crash (the broker has them, the books lost them) get
    // their row numbers in the order they were placed.
    // Orders that had finished before the books opened are not theirs: the opening balances hold their fills.
    const parents = [...listed.values()]
      .filter((o) => !legs.has(o.id) && !tracker.isHistory(o))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    for (const brokerOrder of parents) findings += await this.applyInLane(brokerOrder, suspects);
    await this.confirmUnknownFills(suspects);
    for (const order of tracker.book.working()) {
      if (order.brokerOrderId !== undefined && seen.has(order.brokerOrderId)) continue;
      if (clock.now() - order.updatedAt < this.deps.settleMs || this.deps.isInFlight(order.clientOrderId)) continue;
      findings += await this.resolveMissing(order);
    }
    findings += await this.checkPositions();
    metrics.count(METRIC.reconcileFindings, reason, findings);
    if (findings > 0) log.write('warn', `reconcile (${reason}): ${findings} difference${findings === 1 ? '' : 's'} found and fixed`);
    return { reason, findings };
  }

  /**
   * Applies a broker order and the legs nested in it, and returns how many of them it changed here
   * (an order adopted counts as a change).
   */
  private applyInLane(brokerOrder: BrokerOrder, suspects: Order[] = []): Promise<number> {
    return this.deps.lanes.run(brokerOrder.symbol, () => {
      const members = [brokerOrder, ...(brokerOrder.legs ?? [])];
      const before = members.map((member) => this.local(member));
      this.deps.applySnapshot(brokerOrder, 'reconcile');
      let changes = 0;
      members.forEach((member, i) => {
        const applied = this.local(member);
        if (applied === undefined) return;
        const after = this.releaseLostRequest(applied, member);
        if (after.filledQty.gt(member.filledQty) && !this.unknownFills.has(after.clientOrderId)) suspects.push(after);
        if (this.tally(before[i], after, member)) changes++;
      });
      return changes;
    });
  }

  /** Counts what reconciling one order did; returns whether it changed the local view. */
  private tally(before: Order | undefined, after: Order, member: BrokerOrder): boolean {
    // An order adopted from before the books opened brought its fills so far with it: none inferred.
    const filledBefore = before?.filledQty ?? this.deps.tracker.opening.brought(member)?.filledQty ?? ZERO;
    if (after.filledQty.gt(filledBefore)) this.done.inferredFills++;
    if (before === undefined) {
      this.done.adoptedOrders++;
      return true;
    }
    if (!isTerminal(before.status) && isTerminal(after.status) && after.status !== 'filled') this.done.closedOrders++;
    const changed = after.status !== before.status || !after.filledQty.eq(before.filledQty);
    if (changed) {
      this.deps.log.write(
        'warn',
        `reconcile: ${orderLabel(after)} was ${before.status} here, ${after.status} at the broker (filled ${formatQty(after.filledQty)}) — applied`,
      );
    }
    return changed;
  }

  private local(brokerOrder: BrokerOrder): Order | undefined {
    const { book } = this.deps.tracker;
    return book.byClientOrderId(brokerOrder.clientOrderId) ?? book.byBrokerOrderId(brokerOrder.id);
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
    this.deps.log.write(
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

  /** A working order the broker's lists did not show: ask for it by id before deciding anything. Returns the changes made. */
  private async resolveMissing(order: Order): Promise<number> {
    const { gateway, lanes } = this.deps;
    let snapshot: BrokerOrder;
    try {
      snapshot = await fetchOrder(gateway, order);
    } catch (error) {
      if (!isBrokerError(error, 'not_found')) throw error;
      const closed = await lanes.run(order.symbol, () => this.deps.closeNeverReached(order.clientOrderId, 'reconcile'));
      if (closed) this.done.closedOrders++;
      return closed ? 1 : 0;
    }
    return this.applyInLane(snapshot);
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
      const quiet = tracker.book.bySymbol(symbol).every((o) => isTerminal(o.status) && clock.now() - o.updatedAt >= this.deps.settleMs);
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
        this.done.cashOverrides++;
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
    this.done.positionOverrides++;
    return true;
  }

  /**
   * The broker's figure wins, booked as an adjustment with its reason rather than written over the
   * books: positions keep equalling their fills plus adjustments, and the trader sees why.
   */
  private adjust(change: Omit<Adjustment, 'id' | 'at'>): void {
    const { tracker, log, clock, books, newAdjustmentId } = this.deps;
    log.write('error', `reconcile: ${change.reason} — the broker's figure wins, booked as an adjustment`);
    tracker.adjust({ id: newAdjustmentId(), at: clock.now(), ...change });
    books.adjusted();
  }
}
