import { withoutUndefined } from '../kernel/without-undefined.js';
import { isTerminal } from '../domain/order-state.js';
import { specOf, type OrderSpec } from '../domain/order-types.js';
import { newOrder, type Order } from '../domain/order.js';
import type { DetectionMethod } from '../domain/fill.js';
import { BrokerError, isBrokerError, isRejection } from '../broker/errors.js';
import type { BrokerOrder } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { Clock } from '../kernel/clock.js';
import type { KeyedQueue } from './keyed-queue.js';
import { orderLabel } from './describe-order.js';
import { classifyError, errorLabel, retryAfterMs } from './error-class.js';
import { errorText, refusalText } from './error-text.js';
import { OrderRefusedError } from './errors.js';
import { METRIC, type Metrics } from './metrics.js';
import type { OrderTracker } from './order-tracker.js';
import { backoffDelay, retryLogEntry, type RetryPolicy } from './retry.js';
import { submitRequestOf } from './submit-request.js';
import type { TraderLog } from './trader-log.js';

export interface ReplaceChanges {
  readonly qty?: OrderSpec['qty'];
  readonly limitPrice?: OrderSpec['limitPrice'];
  readonly stopPrice?: OrderSpec['stopPrice'];
}

export interface OrderRequestDeps {
  readonly gateway: BrokerGateway;
  readonly tracker: OrderTracker;
  readonly log: TraderLog;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly retryPolicy: RetryPolicy;
  readonly random: () => number;
  /** A fresh client order id, carrying who placed the order. */
  readonly newClientOrderId: (source: string) => string;
  /** Applies a broker snapshot to its local order; called inside the symbol's lane. */
  readonly applySnapshot: (order: BrokerOrder, method: DetectionMethod) => Order;
  readonly signal: AbortSignal;
  readonly lanes: KeyedQueue;
}

/**
 * The requests that change orders at the broker. Each one enters the order's symbol lane only for
 * a single attempt and for applying what came back; waits between attempts and the reads that
 * verify an unclear outcome happen outside the lane, so one struggling request never holds up the
 * fills and cancels of every other order in the symbol.
 *
 * A submit is never blindly re-sent. When it fails without a clear "no" — a timeout, a reset, a
 * 5xx, a 429 — the broker is asked for the order by its client order id first; only when the
 * broker says it has no such order is the same request (same client order id) sent again, after a
 * backoff. The broker refuses a second order with that id, so even an original that arrives late
 * cannot become two orders.
 */
export class OrderRequests {
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: OrderRequestDeps) {}

  /** Whether a submit or replace for this client order id is still being worked out. */
  isInFlight(clientOrderId: string): boolean {
    return this.inFlight.has(clientOrderId);
  }

  /**
   * The broker answered "no such order" for an order no request of ours is still working out: it
   * never arrived, so it is closed as rejected. Runs in the order's lane; false when there was
   * nothing to close. `by` names who found out, for the log.
   */
  closeNeverReached(clientOrderId: string, by: string): boolean {
    const current = this.deps.tracker.book.byClientOrderId(clientOrderId);
    if (current === undefined || isTerminal(current.status) || this.isInFlight(clientOrderId)) return false;
    this.deps.tracker.transition(current, 'rejected', 'never reached the broker');
    this.deps.log.write('warn', `${by}: ${orderLabel(current)} never reached the broker — closed as rejected`);
    return true;
  }

  async submit(order: Order): Promise<Order> {
    this.inFlight.add(order.clientOrderId);
    try {
      return await this.submitUntilKnown(order);
    } finally {
      this.inFlight.delete(order.clientOrderId);
    }
  }

  private async submitUntilKnown(order: Order): Promise<Order> {
    const { gateway, retryPolicy, lanes } = this.deps;
    const request = submitRequestOf(order);
    for (let attempt = 1; ; attempt++) {
      const token = await gateway.reserve();
      const outcome = await lanes.run(order.symbol, async (): Promise<{ placed: Order } | { failed: unknown }> => {
        try {
          return { placed: this.deps.applySnapshot(await gateway.submitOnce(request, token), 'poll') };
        } catch (error) {
          return { failed: error };
        }
      });
      if ('placed' in outcome) return outcome.placed;
      const error = outcome.failed;
      const errorClass = classifyError(error);
      // A duplicate client order id is no refusal: an earlier attempt arrived after all, and the lookup below finds it.
      if (errorClass === 'permanent' && !isRejection(error, 'duplicate_client_order_id')) {
        const reason = refusalText(error, order, this.deps.tracker.book);
        await this.reject(order, reason);
        throw new OrderRefusedError(`${orderLabel(order)} rejected: ${reason}`, { cause: error });
      }
      // A transient failure or a 429 means the request was not taken: nothing to verify. Anything
      // else may have created the order, so only the broker's "no such order" permits a resend.
      if (errorClass !== 'transient' && errorClass !== 'rate_limited') {
        const found = await this.lookUpUntilKnown(order);
        if (found === 'unknown') return this.current(order);
        if (found !== 'absent') return lanes.run(order.symbol, () => this.deps.applySnapshot(found, 'poll'));
      }
      if (attempt >= retryPolicy.maxAttempts) {
        await this.reject(order, `not accepted after ${attempt} attempts (${errorLabel(error)})`);
        throw new OrderRefusedError(`${orderLabel(order)} not accepted after ${attempt} attempts: ${errorText(error)}`, { cause: error });
      }
      await this.backoff(`submit #${order.seq}`, attempt, error);
    }
  }

  /**
   * Asks for the order until the broker gives a definite answer. If it never does, the outcome
   * stays unknown: the order is left pending (not re-sent), and polling and reconciliation settle it.
   */
  private async lookUpUntilKnown(order: Order): Promise<BrokerOrder | 'absent' | 'unknown'> {
    for (let round = 1; ; round++) {
      const found = await this.lookUp(order);
      if (found !== 'unknown' || round >= this.deps.retryPolicy.maxAttempts || this.deps.signal.aborted) return found;
      await this.backoff(`look up #${order.seq}`, round, new BrokerError('ambiguous', 'the broker could not say whether it has the order'));
    }
  }

  async cancel(clientOrderId: string, method: DetectionMethod): Promise<Order> {
    const { tracker, gateway, lanes } = this.deps;
    const known = tracker.book.byClientOrderId(clientOrderId);
    if (known === undefined) throw new OrderRefusedError(`no order ${clientOrderId}`);
    const pending = await lanes.run(known.symbol, () => {
      const order = this.current(known);
      if (isTerminal(order.status)) return order;
      if (order.brokerOrderId === undefined) {
        throw new OrderRefusedError(`${orderLabel(order)} is not acknowledged by the broker yet; try again in a moment`);
      }
      if (order.status === 'pending_replace') {
        throw new OrderRefusedError(`${orderLabel(order)} is being replaced; cancel it once the replace is answered`);
      }
      return order.status === 'pending_cancel' ? order : tracker.transition(order, 'cancel_requested');
    });
    if (isTerminal(pending.status) || pending.brokerOrderId === undefined) return pending;
    const brokerOrderId = pending.brokerOrderId;
    try {
      await gateway.cancelOrder(brokerOrderId, orderLabel(pending));
      return this.current(pending);
    } catch (error) {
      if (isBrokerError(error, 'not_cancelable') || isBrokerError(error, 'not_found')) {
        // The order finished before the cancel landed — usually it filled. Book what the broker says.
        const snapshot = await gateway.getOrder(brokerOrderId, orderLabel(pending), 'trade');
        return lanes.run(pending.symbol, () => this.deps.applySnapshot(snapshot, method));
      }
      await lanes.run(pending.symbol, () => {
        const current = this.current(pending);
        if (current.status === 'pending_cancel') tracker.transition(current, 'cancel_rejected');
      });
      throw new OrderRefusedError(`cancel ${orderLabel(pending)} failed: ${refusalText(error, pending, tracker.book)}`, { cause: error });
    }
  }

  /**
   * Replaces a working order: its replacement is made locally and sent only once the order is in a
   * state the broker can replace, so a refusal leaves nothing behind.
   */
  async replace(clientOrderId: string, changes: ReplaceChanges): Promise<Order> {
    const { tracker, gateway, clock, lanes } = this.deps;
    const known = tracker.book.byClientOrderId(clientOrderId);
    if (known === undefined) throw new OrderRefusedError(`no order ${clientOrderId}`);
    // Asked before waiting on a rate-limit token, and again in the lane, where the answer holds.
    refuseReplace(known, changes);
    const token = await gateway.reserve();
    const begun = await lanes.run(known.symbol, async (): Promise<{ replacement: Order; answer?: BrokerOrder; failed?: unknown }> => {
      const order = this.current(known);
      const brokerOrderId = refuseReplace(order, changes);
      const { role, parentClientOrderId, timeoutAt, onPartial, expectedPrice, takeProfit, stopLoss, source, orderClass } = order;
      const replacement = tracker.put({
        ...newOrder({ ...specOf(order), ...changes }, this.deps.newClientOrderId(source), tracker.takeSeq(), clock.now(), { source, orderClass }),
        ...withoutUndefined({ role, parentClientOrderId, timeoutAt, onPartial, expectedPrice, takeProfit, stopLoss }),
      });
      tracker.transition(order, 'replace_requested');
      try {
        const answer = await gateway.replaceOnce(brokerOrderId, { ...changes, clientOrderId: replacement.clientOrderId }, token);
        return { replacement: this.deps.applySnapshot(answer, 'poll'), answer };
      } catch (error) {
        return { replacement, failed: error };
      }
    });
    if (begun.failed === undefined) return begun.replacement;
    const error = begun.failed;
    this.inFlight.add(begun.replacement.clientOrderId);
    let found: BrokerOrder | 'absent' | 'unknown';
    try {
      found = classifyError(error) === 'permanent' ? 'absent' : await this.lookUp(begun.replacement);
    } finally {
      this.inFlight.delete(begun.replacement.clientOrderId);
    }
    if (found === 'unknown') return this.current(begun.replacement);
    return lanes.run(known.symbol, () => {
      if (found !== 'absent') return this.deps.applySnapshot(found, 'poll');
      const original = this.current(known);
      if (original.status === 'pending_replace') tracker.transition(original, 'replace_rejected');
      const reason = refusalText(error, begun.replacement, tracker.book);
      this.rejectNow(begun.replacement.clientOrderId, reason);
      throw new OrderRefusedError(`replace ${orderLabel(known)} failed: ${reason}`, { cause: error });
    });
  }

  /** Asks the broker for an order by client id: the order, `absent`, or `unknown` when it can't say. */
  private async lookUp(order: Order): Promise<BrokerOrder | 'absent' | 'unknown'> {
    try {
      // Whether a submit may be sent again waits on this answer: it goes with the trades.
      return await this.deps.gateway.getOrderByClientId(order.clientOrderId, orderLabel(order), 'trade');
    } catch (error) {
      if (isBrokerError(error, 'not_found')) return 'absent';
      this.deps.log.write(
        'warn',
        `${orderLabel(order)}: the broker could not say whether it has it (${errorLabel(error)}); it stays pending and is checked again`,
      );
      return 'unknown';
    }
  }

  private async backoff(operation: string, attempt: number, error: unknown): Promise<void> {
    const { clock, retryPolicy, random, log, metrics, signal } = this.deps;
    const errorClass = classifyError(error);
    // After a 429 the broker says how long to wait; that is the wait, not the backoff.
    const told = errorClass === 'rate_limited' ? retryAfterMs(error) : undefined;
    const delayMs = told === undefined ? backoffDelay(retryPolicy, attempt, random) : Math.min(told, retryPolicy.maxRetryAfterMs);
    metrics.count(METRIC.retries, errorClass);
    const entry = retryLogEntry(
      { operation, attempt: attempt + 1, maxAttempts: retryPolicy.maxAttempts, delayMs, errorClass, label: errorLabel(error) },
      clock.now(),
    );
    log.write(entry.level, entry.text);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        cancel();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const cancel = clock.setTimer(done, delayMs);
      signal.addEventListener('abort', done, { once: true });
    });
    if (signal.aborted) throw new OrderRefusedError(`${operation}: shutting down before it could be sent again; it stays pending`);
  }

  private reject(order: Order, reason: string): Promise<void> {
    return this.deps.lanes.run(order.symbol, () => this.rejectNow(order.clientOrderId, reason));
  }

  private rejectNow(clientOrderId: string, reason: string): void {
    const current = this.deps.tracker.book.byClientOrderId(clientOrderId);
    if (current === undefined || isTerminal(current.status)) return;
    this.deps.tracker.transition(current, 'rejected', reason);
    this.deps.log.write('error', `${orderLabel(current)} rejected: ${reason}`);
  }

  private current(order: Order): Order {
    return this.deps.tracker.book.byClientOrderId(order.clientOrderId) ?? order;
  }
}

/**
 * Refuses, in the trader's words, a replace the broker could not take: before the broker has
 * acknowledged the order (Alpaca refuses pending_new and accepted ones), while a cancel or another
 * replace is pending, once the order has ended, and for a dollar amount or a fractional quantity,
 * which Alpaca never replaces. Returns the broker's id of the order to replace.
 */
function refuseReplace(order: Order, changes: ReplaceChanges): string {
  const label = orderLabel(order);
  if (isTerminal(order.status)) throw new OrderRefusedError(`${label} is already ${order.status}; there is nothing to replace`);
  if (order.brokerOrderId === undefined || order.status === 'pending_new') {
    throw new OrderRefusedError(`${label} is not acknowledged yet; try again in a moment`);
  }
  if (order.status === 'pending_cancel') throw new OrderRefusedError(`${label} is being canceled, so it can't be replaced`);
  if (order.status === 'pending_replace') {
    throw new OrderRefusedError(`${label} is already being replaced; try again once that replace is answered`);
  }
  if (order.notional !== undefined) {
    throw new OrderRefusedError(`${label} is a dollar amount, which the broker can't replace; cancel it and send a new order`);
  }
  const fractional = [order.qty, changes.qty].some((qty) => qty !== undefined && !qty.isInteger());
  if (changes.qty !== undefined && fractional) {
    throw new OrderRefusedError(`${label}: a fractional quantity can't be changed by a replace; cancel it and send a new order`);
  }
  return order.brokerOrderId;
}
