import type { ExecutionReport } from '../domain/fill.js';
import type { OrderEvent } from '../domain/order-state.js';
import type { BrokerOrder, TradeUpdate } from '../broker/port.js';

/** What one broker message means for the local order: a status event, an execution, or both. */
export interface OrderNews {
  readonly event: OrderEvent | undefined;
  readonly execution: ExecutionReport | undefined;
}

const EVENT_FOR_UPDATE: Readonly<Record<TradeUpdate['event'], OrderEvent | undefined>> = {
  new: 'accepted',
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
      at: Date.parse(update.timestamp),
    },
  };
}

/**
 * Reads a broker order snapshot (a submit's answer or a poll) as news. Executions found this way have
 * no execution id of their own, so the id is derived from the cumulative quantity: the same snapshot
 * seen twice is the same execution.
 */
export function newsFromBrokerOrder(order: BrokerOrder, at: number): OrderNews {
  const execution: ExecutionReport | undefined = order.filledQty.gt(0)
    ? {
        executionId: `${order.id}:cum:${order.filledQty.toString()}`,
        cumulativeQty: order.filledQty,
        avgPrice: order.filledAvgPrice,
        at,
      }
    : undefined;
  return { event: statusEvent(order), execution };
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
