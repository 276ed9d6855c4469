import { formatAmount, type Decimal } from '../domain/decimal.js';
import { isTerminal } from '../domain/order-state.js';
import type { Order } from '../domain/order.js';
import type { Fill } from '../domain/fill.js';
import type { Clock } from '../kernel/clock.js';
import { orderLabel } from './describe-order.js';
import { METRIC, type Metrics } from './metrics.js';
import type { Applied } from './order-tracker.js';
import type { TraderLog } from './trader-log.js';

export interface FillReactionDeps {
  readonly log: TraderLog;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly slippageWarnBps: Decimal;
  /** Asks to cancel what is left of an order (its partial-fill policy says so). */
  readonly cancelRemainder: (order: Order) => void;
}

/**
 * What follows from a fill, once it is booked: it is counted and timed by how it was detected,
 * checked for slippage against the price the trader expected, and an order whose policy is to
 * cancel its remainder after a partial fill has that remainder cancelled (once).
 */
export class FillReactions {
  private readonly remaindersCancelled = new Set<string>();

  constructor(private readonly deps: FillReactionDeps) {}

  after(before: Order, applied: Applied): void {
    const { metrics } = this.deps;
    if (applied.duplicate) metrics.count(METRIC.fillsDuplicate);
    const fill = applied.fill;
    if (fill === undefined) return;
    metrics.count(METRIC.fillsApplied);
    const method = fill.detectedBy ?? 'stream';
    if (method !== 'stream') metrics.count(METRIC.fillsInferred, method);
    metrics.observe(METRIC.detectionLatency, Math.max(0, this.deps.clock.now() - fill.at), method);
    this.checkSlippage(applied.order, fill);
    this.applyPartialPolicy(before, applied.order);
  }

  private checkSlippage(order: Order, fill: Fill): void {
    const expected = order.expectedPrice;
    if (expected === undefined || expected.isZero()) return;
    const adverse = order.side === 'buy' ? fill.price.minus(expected) : expected.minus(fill.price);
    const bps = adverse.div(expected).times(10_000);
    if (bps.lte(this.deps.slippageWarnBps)) return;
    this.deps.log.write(
      'warn',
      `${orderLabel(order)} filled at ${formatAmount(fill.price)}, ${bps.toDecimalPlaces(0).toString()} bps worse than the expected ${formatAmount(expected)}`,
    );
  }

  private applyPartialPolicy(before: Order, after: Order): void {
    if (after.onPartial !== 'cancel' || isTerminal(after.status) || after.status === 'pending_cancel') return;
    if (!after.filledQty.gt(before.filledQty) || this.remaindersCancelled.has(after.clientOrderId)) return;
    this.remaindersCancelled.add(after.clientOrderId);
    this.deps.log.write('info', `${orderLabel(after)} partly filled; cancelling the remainder as asked (partial cancel)`);
    this.deps.cancelRemainder(after);
  }
}
