import { formatAmount, formatQty } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';

/** `#12 BUY 10 AAPL LMT 187.00`: how the log names an order. */
export function orderLabel(order: Order): string {
  const size = order.qty !== undefined ? formatQty(order.qty) : `$${formatAmount(order.notional ?? order.filledQty)}`;
  const price =
    order.type === 'limit' || order.type === 'stop_limit'
      ? ` @ ${formatAmount(order.limitPrice ?? order.filledQty)}`
      : order.type === 'market'
        ? ''
        : ` ${order.type.replace('_', ' ')}`;
  return `#${order.seq} ${order.side.toUpperCase()} ${size} ${order.symbol}${price}`;
}

export function fillText(order: Order, fill: Fill): string {
  const total = order.qty !== undefined ? `/${formatQty(order.qty)}` : '';
  const verb = order.qty !== undefined && order.filledQty.lt(order.qty) ? 'partially filled' : 'filled';
  return `${orderLabel(order)} ${verb} ${formatQty(fill.qty)} @ ${formatAmount(fill.price, 2)} (${formatQty(order.filledQty)}${total})`;
}
