import { formatQty, type Decimal } from '../src/domain/decimal.js';
import type { Order } from '../src/domain/order.js';

/**
 * The command lines behind the row actions. A key press sends the same text the trader could have
 * typed, so it takes the same path through parsing, pre-trade checks and the core.
 */
export function cancelOrderCommand(order: Order): string {
  return `cancel #${order.seq}`;
}

export const CANCEL_ALL_COMMAND = 'cancel all';
export const FLATTEN_ALL_COMMAND = 'flatten all';

export function flattenCommand(symbol: string): string {
  return `flatten ${symbol}`;
}

export function unwatchCommand(symbol: string): string {
  return `unwatch ${symbol}`;
}

/** What the strategies pane's keys do to the selected instance. */
export type StrategyControl = 'stop' | 'pause' | 'resume';

export function strategyCommand(control: StrategyControl, id: string): string {
  return `strategy ${control} ${id}`;
}

/** A price as the command line takes it: every digit it has, at least cents, and no thousands commas. */
function typedPrice(price: Decimal): string {
  return price.toFixed(Math.max(2, price.decimalPlaces()));
}

/**
 * A replace ready to edit, changing what the order is priced by: its limit, else its stop; an order
 * with neither (market, trailing) can only change its quantity.
 */
export function replaceOrderCommand(order: Order): string {
  const ref = `replace #${order.seq}`;
  if (order.limitPrice !== undefined) return `${ref} @ ${typedPrice(order.limitPrice)}`;
  if (order.stopPrice !== undefined) return `${ref} stop ${typedPrice(order.stopPrice)}`;
  return order.qty === undefined ? `${ref} ` : `${ref} qty ${formatQty(order.qty)}`;
}
