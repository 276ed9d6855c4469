import { specOf } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import type { SubmitOrderRequest } from '../broker/port.js';

/**
 * What the broker is sent for a local order. A bracket or oto entry carries its legs' prices, and an
 * oco exit its two sides (its own limit is the take profit), so the exchange holds the shares once.
 */
export function submitRequestOf(order: Order): SubmitOrderRequest {
  const request = { ...specOf(order), clientOrderId: order.clientOrderId };
  if (order.orderClass === 'simple') return request;
  return {
    ...request,
    orderClass: order.orderClass,
    ...(order.takeProfit !== undefined && { takeProfit: { limitPrice: order.takeProfit } }),
    ...(order.stopLoss !== undefined && { stopLoss: { stopPrice: order.stopLoss } }),
  };
}
