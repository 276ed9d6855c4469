import { specOf } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import type { BrokerOrder, FillActivity } from '../broker/port.js';
import type { OrderNews } from './trade-update-mapper.js';

/**
 * A fill read from the account's activities, as news of its order: the execution's own price and
 * quantity, booked against the order's cumulative quantity. The duplicate rules of the stream hold
 * for it too: its execution id is the activity id's execution part (Alpaca's `<time>::<uuid>`),
 * which is the stream's execution id where the broker uses one id for both, and failing that its
 * cumulative quantity is stale once the stream or a snapshot has booked that much.
 */
export function newsFromFillActivity(activity: FillActivity, now: number): OrderNews {
  const at = Date.parse(activity.transactionTime);
  return {
    // The order's status in an activity may be its status now; what is left after this execution is what it was then.
    event: activity.leavesQty.isZero() ? 'fill' : 'partial_fill',
    execution: {
      executionId: executionIdOf(activity),
      cumulativeQty: activity.cumQty,
      lastQty: activity.qty,
      lastPrice: activity.price,
      ...(activity.commission !== undefined && { commission: activity.commission }),
      at: Number.isNaN(at) ? now : at,
      detectedBy: 'poll',
    },
  };
}

/**
 * The broker's order as far as the activity tells of it: the local order's terms, the broker's ids,
 * and the status and filled quantity right after this execution.
 */
export function orderSeenInActivity(local: Order, activity: FillActivity): BrokerOrder {
  const created = new Date(local.createdAt).toISOString();
  return {
    ...specOf(local),
    id: activity.orderId,
    clientOrderId: local.clientOrderId,
    orderClass: local.orderClass,
    status: activity.leavesQty.isZero() ? 'filled' : 'partially_filled',
    filledQty: activity.cumQty,
    createdAt: created,
    submittedAt: created,
    updatedAt: activity.transactionTime,
  };
}

/**
 * Sorts one order's activities by cumulative quantity, keeping the orders in the order they first
 * appear: Alpaca can list fills of one millisecond out of order, and booking a later execution first
 * would leave the earlier one stale.
 */
export function inFillOrder(activities: readonly FillActivity[]): FillActivity[] {
  const byOrder = new Map<string, FillActivity[]>();
  for (const activity of activities) {
    const list = byOrder.get(activity.orderId);
    if (list === undefined) byOrder.set(activity.orderId, [activity]);
    else list.push(activity);
  }
  return [...byOrder.values()].flatMap((list) => list.sort((a, b) => a.cumQty.comparedTo(b.cumQty)));
}

function executionIdOf(activity: FillActivity): string {
  const at = activity.id.indexOf('::');
  return at < 0 ? activity.id : activity.id.slice(at + 2);
}
