import type { Order } from '../domain/order.js';
import type { BrokerOrder } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import { orderLabel } from './describe-order.js';
import type { RequestPriority } from './rate-limiter.js';

/** The broker's view of a local order: by the broker's id once it is known, else by client order id. */
export function fetchOrder(gateway: BrokerGateway, order: Order, priority: RequestPriority = 'background'): Promise<BrokerOrder> {
  return order.brokerOrderId === undefined
    ? gateway.getOrderByClientId(order.clientOrderId, orderLabel(order), priority)
    : gateway.getOrder(order.brokerOrderId, orderLabel(order), priority);
}
