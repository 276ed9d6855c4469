import { ZERO, maxDec, type Decimal } from './decimal.js';
import { BlotterError } from './errors.js';
import type { Side } from './order-types.js';
import type { Order } from './order.js';

/**
 * How a fill came to be known: the broker's trade-update stream, a poll of the order, the final
 * check before a timeout cancel, or reconciliation (a fill found missing, booked as inferred).
 */
export type DetectionMethod = 'stream' | 'poll' | 'final_check' | 'reconcile';

export const DETECTION_METHODS: readonly DetectionMethod[] = ['stream', 'poll', 'final_check', 'reconcile'];

/** One execution as the local view books it. */
export interface Fill {
  readonly executionId: string;
  readonly clientOrderId: string;
  readonly orderSeq: number;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  readonly at: number;
  readonly detectedBy?: DetectionMethod;
  /**
   * The exact value of the fill when it stands for several executions known only through the
   * broker's cumulative average: its price is then that average, which no decimal holds exactly.
   */
  readonly notional?: Decimal;
}

/**
 * What the broker says about an order's executions. The cumulative filled quantity is the fact that
 * counts; the last execution's own quantity and price are used when they account for all of the
 * new quantity, otherwise the new fill is derived from the change in cumulative quantity and average.
 */
export interface ExecutionReport {
  readonly executionId: string;
  readonly cumulativeQty: Decimal;
  readonly avgPrice?: Decimal;
  readonly lastQty?: Decimal;
  readonly lastPrice?: Decimal;
  /** This execution's own commission. */
  readonly commission?: Decimal;
  /** The order's commission over all its executions so far, where the broker reports it. */
  readonly cumulativeCommission?: Decimal;
  readonly at: number;
  readonly detectedBy?: DetectionMethod;
}

/** Decimal places of an execution's value: prices to 4 places times quantities to 9. */
const VALUE_PLACES = 13;

export type ExecutionOutcome =
  | { readonly kind: 'applied'; readonly order: Order; readonly fill: Fill }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'stale' };

export class FillPriceUnknownError extends BlotterError {
  constructor(readonly executionId: string) {
    super(`execution ${executionId} carries neither a price nor an average price`);
  }
}

/**
 * Books the part of the cumulative filled quantity that is new. A repeated execution id is a
 * duplicate; a cumulative quantity at or below what is already booked is stale news. Neither books
 * anything, so the same execution seen twice (stream and poll, or a replay) counts once.
 */
export function applyExecution(order: Order, report: ExecutionReport): ExecutionOutcome {
  if (order.executionIds.includes(report.executionId)) return { kind: 'duplicate' };
  const delta = report.cumulativeQty.minus(order.filledQty);
  if (delta.lte(0)) return { kind: 'stale' };

  let price: Decimal;
  let notional: Decimal | undefined;
  if (report.lastPrice !== undefined && report.lastQty !== undefined && report.lastQty.eq(delta)) {
    price = report.lastPrice;
  } else if (report.avgPrice !== undefined) {
    // Value = cumulative value − value already booked, each rounded to the finest an equity
    // execution can be (4-decimal prices × 9-decimal quantities): exact whenever the executions were.
    const bookedValue = (order.avgFillPrice ?? ZERO).times(order.filledQty).toDecimalPlaces(VALUE_PLACES);
    notional = report.avgPrice.times(report.cumulativeQty).toDecimalPlaces(VALUE_PLACES).minus(bookedValue);
    price = notional.div(delta);
  } else if (report.lastPrice !== undefined) {
    price = report.lastPrice;
  } else {
    throw new FillPriceUnknownError(report.executionId);
  }

  const commissionPaid = order.commissionPaid ?? ZERO;
  const commission = commissionOwed(report, commissionPaid);
  const avgFillPrice =
    report.avgPrice ?? (order.avgFillPrice ?? ZERO).times(order.filledQty).plus(price.times(delta)).div(report.cumulativeQty);
  const fill: Fill = {
    executionId: report.executionId,
    clientOrderId: order.clientOrderId,
    orderSeq: order.seq,
    symbol: order.symbol,
    side: order.side,
    qty: delta,
    price,
    commission,
    at: report.at,
    ...(report.detectedBy !== undefined && { detectedBy: report.detectedBy }),
    ...(notional !== undefined && !notional.eq(delta.times(price)) && { notional }),
  };
  return {
    kind: 'applied',
    fill,
    order: {
      ...order,
      filledQty: report.cumulativeQty,
      avgFillPrice,
      commissionPaid: commissionPaid.plus(commission),
      executionIds: [...order.executionIds, report.executionId],
      updatedAt: Math.max(order.updatedAt, report.at),
    },
  };
}

/**
 * The commission a newly booked fill carries. The broker's cumulative figure, less what is already
 * booked, is right however many executions the fill stands for (a lost stream message, a poll that
 * saw two executions at once); an execution's own commission is used only when there is no
 * cumulative figure. Never negative: a stale total books nothing rather than a refund.
 */
function commissionOwed(report: ExecutionReport, paid: Decimal): Decimal {
  if (report.cumulativeCommission !== undefined) return maxDec(ZERO, report.cumulativeCommission.minus(paid));
  return report.commission ?? ZERO;
}
