import type { DetectionMethod, ExecutionReport } from '../domain/fill.js';
import { judgeFill, type FillSignal } from './fill-judgement.js';
import type { OrderEvent } from '../domain/order-state.js';
import type { BrokerOrder, TradeUpdate } from '../broker/port.js';

/** What one broker message means for the local order: a status event, an execution, or both. */
export interface OrderNews {
  readonly event: OrderEvent | undefined;
  readonly execution: ExecutionReport | undefined;
  /** For a polled snapshot: which field showed the fill. */
  readonly signal?: FillSignal | undefined;
}

const EVENT_FOR_UPDATE: Readonly<Record<TradeUpdate['event'], OrderEvent | undefined>> = {
  new: 'accepted',
  // A leg waiting on its entry or its sibling: the order exists, nothing has happened to it.
  held: undefined,
  pending_new: undefined,
  partial_fill: 'partial_fill',
  fill: 'fill',
  canceled: 'canceled',
  expired: 'expired',
  done_for_day: undefined,
  replaced: 'replaced',
  rejected: 'rejected',
  pending_cancel: 'cancel_requested',
  pending_replace: 'replace_requested',
  order_cancel_rejected: 'cancel_rejected',
  order_replace_rejected: 'replace_rejected',
  stopped: undefined,
  suspended: undefined,
  calculated: undefined,
};

export function newsFromTradeUpdate(update: TradeUpdate): OrderNews {
  const event = EVENT_FOR_UPDATE[update.event];
  const isExecution = update.event === 'fill' || update.event === 'partial_fill';
  if (!isExecution) return { event, execution: undefined };
  return {
    event: fillEvent(update.order),
    execution: {
      executionId: update.executionId ?? `${update.order.id}:${update.order.filledQty.toString()}`,
      cumulativeQty: update.order.filledQty,
      avgPrice: update.order.filledAvgPrice,
      lastQty: update.qty,
      lastPrice: update.price,
      commission: update.commission,
      cumulativeCommission: update.order.commission,
      at: Date.parse(update.timestamp),
      detectedBy: 'stream',
    },
  };
}

/**
 * Reads a broker order snapshot (a submit's answer, a poll, a final check or reconciliation) as
 * news. Executions found this way have no execution id of their own, so the id is derived from the
 * cumulative quantity: the same snapshot seen twice is the same execution, and a fill the stream
 * already booked is stale by its cumulative quantity. Its commission is the order's cumulative
 * commission less what is already booked, so the stream and a poll charge an execution once.
 */
export function newsFromBrokerOrder(order: BrokerOrder, method: DetectionMethod, now: number): OrderNews {
  const status = statusEvent(order);
  const judgement = judgeFill(order);
  if (judgement === undefined) return { event: status, execution: undefined, signal: undefined };
  const filledAt = Date.parse(order.filledAt ?? order.updatedAt);
  return {
    event: judgement.complete ? 'fill' : status === undefined || status === 'accepted' ? 'partial_fill' : status,
    signal: judgement.signal,
    execution: {
      executionId: `${order.id}:cum:${judgement.cumulativeQty.toString()}`,
      cumulativeQty: judgement.cumulativeQty,
      avgPrice: order.filledAvgPrice,
      cumulativeCommission: order.commission,
      at: Number.isNaN(filledAt) ? now : filledAt,
      detectedBy: method,
    },
  };
}

function fillEvent(order: BrokerOrder): OrderEvent {
  const complete = order.status === 'filled' || (order.qty !== undefined && order.filledQty.gte(order.qty));
  return complete ? 'fill' : 'partial_fill';
}

const EVENT_FOR_STATUS: Readonly<Partial<Record<BrokerOrder['status'], OrderEvent>>> = {
  new: 'accepted',
  partially_filled: 'partial_fill',
  filled: 'fill',
  canceled: 'canceled',
  expired: 'expired',
  replaced: 'replaced',
  rejected: 'rejected',
  pending_cancel: 'cancel_requested',
  pending_replace: 'replace_requested',
};

function statusEvent(order: BrokerOrder): OrderEvent | undefined {
  return EVENT_FOR_STATUS[order.status];
}
