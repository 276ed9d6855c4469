import type { DetectionMethod } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import { isBrokerError } from '../broker/errors.js';
import type { BrokerOrder } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { Clock } from '../kernel/clock.js';
import { orderLabel } from './describe-order.js';
import { errorText } from './error-text.js';
import { fetchOrder } from './fetch-order.js';
import { FillDetector } from './fill-detector.js';
import type { KeyedQueue } from './keyed-queue.js';
import { METRIC, type Metrics } from './metrics.js';
import type { OrderRequests } from './order-requests.js';
import type { OrderBook } from './order-book.js';
import { OrderTimeouts } from './order-timeouts.js';
import type { PollSchedule } from './poll-schedule.js';
import type { TaskSet } from './task-set.js';
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
  /** An order the broker does not know is judged lost only once it is this old (its answer may be on its way). */
  readonly settleMs: number;
}

/** A timeout cancel that did not get through is tried again after this long. */
const TIMEOUT_RETRY_MS = 5_000;

/**
 * Looks after every working order until it is done: polls it on the adaptive schedule (so a fill
 * the stream drops is still seen) and, at its deadline, checks it one final time and cancels it,
 * through the same path that books a fill the cancel lost to.
 */
export class OrderWatch {
  private readonly detector: FillDetector;
  private readonly timeouts: OrderTimeouts;
  private stopped = false;
  /** Orders whose timeout has been announced; a retried timeout cancel is not a second timeout. */
  private readonly timedOut = new Set<string>();

  constructor(private readonly deps: OrderWatchDeps) {
    this.detector = new FillDetector({
      clock: deps.clock,
      schedule: deps.poll,
      streamHealthy: deps.streamHealthy,
      poll: (clientOrderId) => this.poll(clientOrderId),
      onError: (error) => deps.log.write('warn', `poll failed: ${errorText(error)}`),
    });
    this.timeouts = new OrderTimeouts(deps.clock, (clientOrderId) => deps.tasks.track(this.expire(clientOrderId)));
  }

  /** Starts polling a working order and arms its deadline. */
  follow(order: Order): void {
    if (isTerminal(order.status) || this.stopped) return;
    this.detector.watch(order.clientOrderId);
    if (order.timeoutAt !== undefined) this.timeouts.arm(order.clientOrderId, order.timeoutAt);
  }

  /** Keeps the watch in step with an order that just changed. */
  changed(order: Order): void {
    if (isTerminal(order.status)) {
      this.detector.unwatch(order.clientOrderId);
      this.timeouts.disarm(order.clientOrderId);
    } else if (!this.detector.isWatching(order.clientOrderId)) {
      this.follow(order);
    }
  }

  /** The stream's health changed: polls speed up or slow down from the next one. */
  streamChanged(): void {
    this.detector.streamChanged();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timeouts.stop();
    await this.detector.stop();
  }

  /** Polls one order; resolves to whether it is still working. */
  private async poll(clientOrderId: string): Promise<boolean> {
    const { book, gateway, lanes, applySnapshot } = this.deps;
    const order = book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status)) return false;
    let snapshot: BrokerOrder;
    try {
      snapshot = await fetchOrder(gateway, order);
    } catch (error) {
      if (!isBrokerError(error, 'not_found')) throw error;
      // Asked too soon, its answer may still be coming; later, the broker's "no" is final (an order
      // left pending by a crash before it was ever sent, or one the broker has lost).
      if (this.deps.clock.now() - order.updatedAt < this.deps.settleMs) return true;
      return !(await lanes.run(order.symbol, () => this.deps.requests.closeNeverReached(clientOrderId, 'poll')));
    }
    const after = await lanes.run(order.symbol, () => applySnapshot(snapshot, 'poll'));
    return !isTerminal(after.status);
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
        const snapshot = await gateway.getOrder(order.brokerOrderId, orderLabel(order));
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
