import { specOf, type OrderClass, type OrderType } from '../domain/order-types.js';
import { newOrder, type Order, type ProtectiveRole } from '../domain/order.js';
import type { BrokerOrder } from '../broker/port.js';

/**
 * What a leg does, by its type: a limit leg takes profit, a stop or stop-limit leg stops the loss.
 * (Reconciliation reads nested legs by the same rule.)
 */
export function legRole(type: OrderType): ProtectiveRole | undefined {
  if (type === 'limit') return 'take_profit';
  return type === 'stop' || type === 'stop_limit' ? 'stop_loss' : undefined;
}

/** The links a leg takes from the order it is nested in: its parent, its class and who placed it. */
export interface LegParent {
  readonly order: Order;
  /** The group's class, as the broker reports the parent. */
  readonly orderClass: OrderClass;
}

/**
 * A leg's own local order, a row of its own: the broker made its ids, and it waits (`held`) or
 * works as the broker says.
 */
export function newLegOrder(leg: BrokerOrder, parent: LegParent, seq: number, now: number): Order {
  const created = Date.parse(leg.createdAt);
  const role = legRole(leg.type);
  return {
    ...newOrder(specOf(leg), leg.clientOrderId, seq, Number.isNaN(created) ? now : created, {
      source: parent.order.source,
      orderClass: parent.orderClass,
    }),
    brokerOrderId: leg.id,
    ...(leg.status === 'held' && { status: 'held' as const }),
    ...(role !== undefined && { role }),
    parentClientOrderId: parent.order.clientOrderId,
  };
}

/**
 * A known order as its place in the nest says it is. What the nest says wins: a leg first heard of
 * on its own (adopted with no link) gets its parent, role, class and source, and a leg the exchange
 * resized (an entry cancelled after a partial fill cuts its legs; a leg's partial fill cuts its
 * sibling) gets its new size. The same object when nothing differs.
 */
export function linkedLeg(order: Order, leg: BrokerOrder, parent: LegParent): Order {
  const role = order.role ?? legRole(leg.type);
  const qty = leg.qty ?? order.qty;
  const same =
    order.parentClientOrderId === parent.order.clientOrderId &&
    order.role === role &&
    order.orderClass === parent.orderClass &&
    order.source === parent.order.source &&
    sameQty(order.qty, qty);
  if (same) return order;
  return {
    ...order,
    parentClientOrderId: parent.order.clientOrderId,
    orderClass: parent.orderClass,
    source: parent.order.source,
    ...(role !== undefined && { role }),
    ...(qty !== undefined && { qty }),
  };
}

/**
 * An order of a bracket, oco or oto as the broker now sizes it: the exchange cuts legs and oco
 * parents itself, and news of one carries its new quantity. The same object when it is unchanged.
 */
export function resizedByExchange(order: Order, brokerOrder: BrokerOrder): Order {
  if (order.orderClass === 'simple' || brokerOrder.qty === undefined || sameQty(order.qty, brokerOrder.qty)) return order;
  return { ...order, qty: brokerOrder.qty };
}

export function sameQty(a: Order['qty'], b: Order['qty']): boolean {
  return a === undefined ? b === undefined : b !== undefined && a.eq(b);
}
