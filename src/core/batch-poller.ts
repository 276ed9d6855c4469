import type { DetectionMethod } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import { isBrokerError } from '../broker/errors.js';
import { MAX_ACTIVITIES_PAGE, MAX_ORDERS_PAGE, type BrokerOrder, type FillActivity, type ListOrdersQuery } from '../broker/port.js';
import type { Clock } from '../kernel/clock.js';
import { inFillOrder, newsFromFillActivity, orderSeenInActivity } from './activity-news.js';
import type { BrokerGateway } from './broker-gateway.js';
import { fetchOrder } from './fetch-order.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { OrderBook } from './order-book.js';
import { sameQty } from './order-legs.js';
import { pollDelay, type PollSchedule, type PollStep } from './poll-schedule.js';
import type { OrderNews } from './trade-update-mapper.js';


/** Orders a fills read may look up one by one; the rest wait for reconciliation. */
const MAX_LOOKUPS_PER_POLL = 10;
export interface BatchPollerDeps {
  readonly clock: Clock;
  readonly schedule: PollSchedule;
  readonly gateway: BrokerGateway;
  readonly lanes: KeyedQueue;
  readonly book: OrderBook;
  readonly streamHealthy: () => boolean;
  /** Apply broker news to the local view; called inside the symbol's lane. */
  readonly applySnapshot: (order: BrokerOrder, method: DetectionMethod) => Order;
  readonly applyFill: (order: BrokerOrder, news: OrderNews) => Order;
  /** Whether an order unknown here had finished before the books opened (its fills are in the opening balances). */
  readonly isHistory: (order: BrokerOrder) => boolean;
  /** Whether a submit of this client order id is still being worked out (its outcome is the submit's to settle). */
  readonly isInFlight: (clientOrderId: string) => boolean;
  /** Closes an order the broker never got; runs in the order's lane, false when nothing was closed. */
  readonly closeNeverReached: (clientOrderId: string, by: string) => boolean;
  /** An order the broker does not know is judged lost only once it is this old (its answer may be on its way). */
  readonly settleMs: number;
  readonly onError: (error: unknown) => void;
}

/** Pages of fills read in one poll; a longer backlog is read on by the next. */
const FILL_PAGES_PER_POLL = 5;
/** Ended orders looked up one by one in one poll; more than this are looked for in the closed orders first. */
const SINGLE_LOOKUPS = 3;
/** Pages of closed orders read in one poll while looking for orders that ended. */
const CLOSED_PAGES_PER_POLL = 3;
/** How far before an order's local creation time its broker submission time is looked for (clocks differ). */
const CLOCK_SLACK_MS = 60_000;

/**
 * Polls for every working order at once, next to the trade-update stream, so a fill the stream
 * drops is still seen: one request reads the fills since the last one seen (the account's fill
 * activities, paged by id), one the open orders with their legs, and an order that has left the
 * open orders is looked up once to learn how it ended. The cost does not grow with the number of
 * working orders. Polls run one at a time on one timer, fast while the stream is unhealthy.
 */
export class BatchPoller {
  /** The id of the last fill read; undefined until the latest one is known (history is never read). */
  private cursor: { readonly afterId: string | undefined } | undefined;
  private readonly due: Record<PollStep, number> = { fills: Number.POSITIVE_INFINITY, openOrders: Number.POSITIVE_INFINITY };
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: BatchPollerDeps) {}

  /** Takes the fill cursor now and polls on the schedule from then on. */
  start(): void {
    this.due.fills = this.deps.clock.now();
    this.arm();
  }

  /**
   * The stream's health changed. Unhealthy: each next poll comes forward to the fast pace (never
   * later than it was due). Healthy again: polls stay where they are and slow down from the next one.
   */
  streamChanged(): void {
    if (this.deps.streamHealthy() || this.stopped) return;
    const now = this.deps.clock.now();
    for (const step of ['fills', 'openOrders'] as const) {
      this.due[step] = Math.min(this.due[step], now + pollDelay(this.deps.schedule, step, false));
    }
    if (this.running !== undefined) return;
    this.disarm();
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.running;
  }

  private arm(): void {
    if (this.stopped || this.cancelTimer !== undefined || this.running !== undefined) return;
    const delay = Math.max(0, Math.min(this.due.fills, this.due.openOrders) - this.deps.clock.now());
    this.cancelTimer = this.deps.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.running = this.poll().finally(() => {
        this.running = undefined;
        this.arm();
      });
    }, delay);
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.due.fills <= this.deps.clock.now()) await this.step('fills', () => this.pollFills());
    // The first read of the open orders is one period after the cursor, in step with the fills.
    if (this.due.openOrders === Number.POSITIVE_INFINITY) {
      this.due.openOrders = this.deps.clock.now() + pollDelay(this.deps.schedule, 'openOrders', this.deps.streamHealthy());
    }
    if (this.due.openOrders <= this.deps.clock.now() && !this.stopped) await this.step('openOrders', () => this.pollOpenOrders());
  }

  /** The next read of a step is counted from when this one was answered, so polls never overlap. */
  private async step(step: PollStep, read: () => Promise<void>): Promise<void> {
    try {
      await read();
    } catch (error) {
      this.deps.onError(error);
    }
    this.due[step] = this.deps.clock.now() + pollDelay(this.deps.schedule, step, this.deps.streamHealthy());
  }

  private async pollFills(): Promise<void> {
    const { gateway, book } = this.deps;
    if (this.cursor === undefined) {
      const [latest] = await gateway.listFillActivities({ newestFirst: true, pageSize: 1 }, 'poll');
      this.cursor = { afterId: latest?.id };
      return;
    }
    if (book.working().length === 0) return;
    for (let page = 0; page < FILL_PAGES_PER_POLL && !this.stopped; page++) {
      const { afterId } = this.cursor;
      const activities = await gateway.listFillActivities({ ...(afterId !== undefined && { afterId }), pageSize: MAX_ACTIVITIES_PAGE }, 'poll');
      await this.applyFills(activities);
      const last = activities.at(-1);
      if (last !== undefined) this.cursor = { afterId: last.id };
      if (activities.length < MAX_ACTIVITIES_PAGE) return;
    }
  }

  /**
   * Books each fill on its order, found by the broker's id, each symbol in its own lane (one order's
   * fills in the order they happened). An order not known by that id yet (its submit not answered,
   * or one placed elsewhere) is looked up once, and its snapshot books its fills; so is an order
   * whose activity leaves a gap it cannot price (an earlier execution never seen), since only the
   * order's average price values the gap exactly.
   */
  private async applyFills(activities: readonly FillActivity[]): Promise<void> {
    if (activities.length === 0) return;
    const { book, lanes, clock } = this.deps;
    const lookUp = new Set<string>();
    const applying: Promise<unknown>[] = [];
    try {
      for (const activity of inFillOrder(activities)) {
        const local = book.byBrokerOrderId(activity.orderId);
        if (local === undefined) {
          lookUp.add(activity.orderId);
          continue;
        }
        applying.push(
          lanes.run(local.symbol, () => {
            const current = book.byBrokerOrderId(activity.orderId) ?? local;
            const gap = activity.cumQty.minus(current.filledQty);
            if (gap.gt(0) && !gap.eq(activity.qty)) {
              lookUp.add(activity.orderId);
              return current;
            }
            return this.deps.applyFill(orderSeenInActivity(current, activity), newsFromFillActivity(activity, clock.now()));
          }),
        );
      }
      await Promise.all(applying);
      // A burst of orders placed elsewhere would be one lookup each out of the polls' budget: past a
      // few, they are left to the next reconciliation, which reads them all in one listing.
      for (const orderId of [...lookUp].slice(0, MAX_LOOKUPS_PER_POLL)) {
        try {
          const order = await this.deps.gateway.getOrder(orderId, `order ${orderId}`, 'poll');
          if (!this.deps.isHistory(order)) applying.push(this.applyOrder(order));
        } catch (error) {
          if (!isBrokerError(error, 'not_found')) throw error;
        }
      }
    } finally {
      // Work already handed to a lane is waited for even when a lookup fails: nothing is left running unowned.
      await Promise.allSettled(applying);
    }
    await Promise.all(applying);
  }

  private async pollOpenOrders(): Promise<void> {
    const { book, clock } = this.deps;
    if (book.working().length === 0) return;
    const askedAt = clock.now();
    const open = await this.everyPage({ status: 'open' }, () => true, Number.POSITIVE_INFINITY);
    const listed = new Set<string>();
    for (const order of open) {
      for (const one of [order, ...(order.legs ?? [])]) {
        listed.add(one.id);
        listed.add(one.clientOrderId);
      }
    }
    await Promise.all(open.filter((order) => this.known(order) !== undefined && !this.unchanged(order)).map((order) => this.applyOrder(order)));
    // An order made after the list was asked for is missing from it only because it is new.
    const missing = (): Order[] =>
      book
        .working()
        .filter((o) => o.createdAt < askedAt && !listed.has(o.clientOrderId) && (o.brokerOrderId === undefined || !listed.has(o.brokerOrderId)));
    // Most orders leave the list by filling: one read of the fills settles them all at once, and
    // only what is left (cancelled, expired, never placed) is looked up.
    if (missing().length > 0 && this.cursor !== undefined) await this.step('fills', () => this.pollFills());
    await this.settleMissing(missing());
  }

  /**
   * Working orders the open orders leave out have ended (filled, canceled, expired), or never reached
   * the broker. A few are looked up one by one; more are looked for in the closed orders first.
   */
  private async settleMissing(missing: readonly Order[]): Promise<void> {
    const { book } = this.deps;
    let left = missing.filter((o) => !this.deps.isInFlight(o.clientOrderId));
    if (left.filter((o) => o.brokerOrderId !== undefined).length > SINGLE_LOOKUPS) {
      const since = Math.min(...left.map((o) => this.submittedNoEarlierThan(o)));
      const wanted = new Set(left.flatMap((o) => (o.brokerOrderId === undefined ? [] : [o.brokerOrderId])));
      const allFound = (orders: readonly BrokerOrder[]): boolean => {
        const ids = new Set(orders.flatMap((o) => [o.id, ...(o.legs ?? []).map((leg) => leg.id)]));
        return [...wanted].every((id) => ids.has(id));
      };
      const closed = await this.everyPage(
        { status: 'closed', after: new Date(since).toISOString() },
        (sofar) => !allFound(sofar),
        CLOSED_PAGES_PER_POLL,
      );
      for (const order of closed) {
        const family = [order, ...(order.legs ?? [])];
        if (!family.some((one) => wanted.has(one.id))) continue;
        await this.applyOrder(order);
        for (const one of family) wanted.delete(one.id);
      }
      left = left.filter((o) => o.brokerOrderId === undefined || wanted.has(o.brokerOrderId));
    }
    for (const order of left.slice(0, SINGLE_LOOKUPS)) {
      const current = book.byClientOrderId(order.clientOrderId);
      if (current !== undefined && !isTerminal(current.status)) await this.lookUp(current);
    }
  }

  /** One order looked up on its own: by the broker's id once known, else by client order id. */
  private async lookUp(order: Order): Promise<void> {
    let snapshot: BrokerOrder;
    try {
      snapshot = await fetchOrder(this.deps.gateway, order, 'poll');
    } catch (error) {
      if (!isBrokerError(error, 'not_found')) throw error;
      // Asked too soon, its answer may still be coming; later, the broker's "no" is final (an order
      // left pending by a crash before it was ever sent, or one the broker has lost).
      if (this.deps.clock.now() - order.updatedAt < this.deps.settleMs) return;
      await this.deps.lanes.run(order.symbol, () => this.deps.closeNeverReached(order.clientOrderId, 'poll'));
      return;
    }
    await this.applyOrder(snapshot);
  }

  /** Pages of a list, newest first: on while a page is full and `more` says so of what was read, at most `pages` pages. */
  private async everyPage(
    query: Pick<ListOrdersQuery, 'status' | 'after'>,
    more: (sofar: readonly BrokerOrder[]) => boolean,
    pages: number,
  ): Promise<BrokerOrder[]> {
    const seen = new Set<string>();
    const orders: BrokerOrder[] = [];
    let beforeOrderId: string | undefined;
    for (let read = 0; read < pages; read++) {
      const page = await this.deps.gateway.listOrders(
        { ...query, limit: MAX_ORDERS_PAGE, ...(beforeOrderId !== undefined && { beforeOrderId }) },
        'poll',
      );
      for (const order of page) {
        if (seen.has(order.id)) continue;
        seen.add(order.id);
        orders.push(order);
      }
      const last = page.at(-1);
      if (page.length < MAX_ORDERS_PAGE || last === undefined || last.id === beforeOrderId || !more(orders)) break;
      beforeOrderId = last.id;
    }
    return orders;
  }

  private applyOrder(order: BrokerOrder): Promise<Order> {
    return this.deps.lanes.run(order.symbol, () => this.deps.applySnapshot(order, 'poll'));
  }

  private known(order: BrokerOrder): Order | undefined {
    return this.deps.book.byClientOrderId(order.clientOrderId) ?? this.deps.book.byBrokerOrderId(order.id);
  }

  /** Whether the local view already shows what the broker says of the order and its legs. */
  private unchanged(order: BrokerOrder): boolean {
    const local = this.known(order);
    const same =
      local !== undefined &&
      local.brokerOrderId === order.id &&
      local.status === order.status &&
      local.filledQty.eq(order.filledQty) &&
      sameQty(local.qty, order.qty);
    return same && (order.legs ?? []).every((leg) => this.unchanged(leg));
  }

  /** The earliest the broker can have taken the order: a leg was submitted with its parent. */
  private submittedNoEarlierThan(order: Order): number {
    const parent = order.parentClientOrderId === undefined ? undefined : this.deps.book.byClientOrderId(order.parentClientOrderId);
    return Math.min(order.createdAt, parent?.createdAt ?? order.createdAt) - CLOCK_SLACK_MS;
  }
}
