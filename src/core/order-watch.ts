import type { DetectionMethod } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import type { BrokerOrder } from '../broker/port.js';
import { BatchPoller } from './batch-poller.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { Clock } from '../kernel/clock.js';
import { orderLabel } from './describe-order.js';
import { errorText } from './error-text.js';
import type { KeyedQueue } from './keyed-queue.js';
import { METRIC, type Metrics } from './metrics.js';
import type { OrderRequests } from './order-requests.js';
import type { OrderBook } from './order-book.js';
import { OrderTimeouts } from './order-timeouts.js';
import type { PollSchedule } from './poll-schedule.js';
import type { TaskSet } from './task-set.js';
import type { OrderNews } from './trade-update-mapper.js';
import type { TraderLog } from './trader-log.js';

export interface OrderWatchDeps {
  readonly clock: Clock;
  readonly poll: PollSchedule;
  readonly gateway: BrokerGateway;
  readonly lanes: KeyedQueue;
  readonly book: OrderBook;
  readonly log: TraderLog;
  readonly requests: OrderRequests;
  readonly metrics: Metrics;
  readonly tasks: TaskSet;
  readonly streamHealthy: () => boolean;
  readonly applySnapshot: (order: BrokerOrder, method: DetectionMethod) => Order;
  /** Books a fill read from the account's activities; `order` is its order as the activity shows it. */
  readonly applyFill: (order: BrokerOrder, news: OrderNews) => Order;
  /** Whether an order unknown here had finished before the books opened (not theirs to adopt). */
  readonly isHistory: (order: BrokerOrder) => boolean;
  /** An order the broker does not know is judged lost only once it is this old (its answer may be on its way). */
  readonly settleMs: number;
}

/** A timeout cancel that did not get through is tried again after this long. */
const TIMEOUT_RETRY_MS = 5_000;

/**
 * Looks after every working order until it is done: the batched poller reads the fills and the
 * open orders for all of them (so a fill the stream drops is still seen) and, at an order's
 * deadline, it is checked one final time and cancelled, through the same path that books a fill
 * the cancel lost to.
 */
export class OrderWatch {
  private readonly poller: BatchPoller;
  private readonly timeouts: OrderTimeouts;
  private stopped = false;
  /** Working orders whose deadline is looked after; an order is followed once, until it ends. */
  private readonly followed = new Set<string>();
  /** Orders whose timeout has been announced; a retried timeout cancel is not a second timeout. */
  private readonly timedOut = new Set<string>();

  constructor(private readonly deps: OrderWatchDeps) {
    this.poller = new BatchPoller({
      clock: deps.clock,
      schedule: deps.poll,
      gateway: deps.gateway,
      lanes: deps.lanes,
      book: deps.book,
      streamHealthy: deps.streamHealthy,
      applySnapshot: deps.applySnapshot,
      applyFill: deps.applyFill,
      isHistory: deps.isHistory,
      isInFlight: (clientOrderId) => deps.requests.isInFlight(clientOrderId),
      closeNeverReached: (clientOrderId, by) => deps.requests.closeNeverReached(clientOrderId, by),
      settleMs: deps.settleMs,
      onError: (error) => deps.log.write('warn', `poll failed: ${errorText(error)}`),
    });
    this.timeouts = new OrderTimeouts(deps.clock, (clientOrderId) => deps.tasks.track(this.expire(clientOrderId)));
  }

  /** Starts polling: the latest fill is read now, so only fills after it are read later. */
  start(): void {
    if (!this.stopped) this.poller.start();
  }

  /** Arms a working order's deadline; the poller covers every working order without being told. */
  follow(order: Order): void {
    if (isTerminal(order.status) || this.stopped || this.followed.has(order.clientOrderId)) return;
    this.followed.add(order.clientOrderId);
    if (order.timeoutAt !== undefined) this.timeouts.arm(order.clientOrderId, order.timeoutAt);
  }

  /** Keeps the watch in step with an order that just changed. */
  changed(order: Order): void {
    if (isTerminal(order.status)) {
      this.followed.delete(order.clientOrderId);
      this.timeouts.disarm(order.clientOrderId);
    } else {
      this.follow(order);
    }
  }

  /** The stream's health changed: polls speed up at once, or slow down from the next one. */
  streamChanged(): void {
    this.poller.streamChanged();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timeouts.stop();
    await this.poller.stop();
  }

  /** A working order reached its deadline: check it one last time, then cancel it. */
  private async expire(clientOrderId: string): Promise<void> {
    const { book, log, gateway, lanes, applySnapshot, requests, metrics, clock } = this.deps;
    const order = book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status) || this.stopped) return;
    if (!this.timedOut.has(clientOrderId)) {
      this.timedOut.add(clientOrderId);
      const ageSeconds = Math.round((clock.now() - order.createdAt) / 1000);
      metrics.count(METRIC.ordersTimedOut);
      log.write('warn', `${orderLabel(order)} timed out after ${ageSeconds}s: final check, then cancel`);
    }
    try {
      if (order.brokerOrderId !== undefined) {
        // The check goes with the cancel it decides: before any poll.
        const snapshot = await gateway.getOrder(order.brokerOrderId, orderLabel(order), 'trade');
        const checked = await lanes.run(order.symbol, () => applySnapshot(snapshot, 'final_check'));
        if (isTerminal(checked.status)) return;
      }
      await requests.cancel(clientOrderId, 'final_check');
    } catch (error) {
      // Broker down, or the order not acknowledged yet: the deadline still stands, so try again.
      log.write('warn', `${orderLabel(order)} timeout cancel failed (${errorText(error)}); retrying in ${TIMEOUT_RETRY_MS / 1000}s`);
      if (!this.stopped) this.timeouts.arm(clientOrderId, clock.now() + TIMEOUT_RETRY_MS);
    }
  }
}
