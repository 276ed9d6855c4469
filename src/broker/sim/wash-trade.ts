import { oppositeSide, type OrderClass, type OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import type { SimOrderBook } from './sim-orders.js';

/**
 * Alpaca's wash-trade protection: a new order is refused while an order on the other side of the
 * same symbol is open (a leg waiting on its entry included), since the two could trade with each
 * other. Complex orders (bracket, oco, oto) and trailing stops are the documented exceptions.
 */
export function checkWashTrade(spec: OrderSpec, orderClass: OrderClass, book: SimOrderBook): void {
  if (orderClass !== 'simple' || spec.type === 'trailing_stop') return;
  const opposite = oppositeSide(spec.side);
  if (!book.working(spec.symbol).some((record) => record.order.side === opposite)) return;
  throw new BrokerError('rejected', 'potential wash trade detected. use complex orders', { reason: 'wash_trade', status: 403 });
}
