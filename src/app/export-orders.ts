import type { Order } from '../domain/order.js';
import { inRange, type TimeRange } from './export-dates.js';
import type { History } from './export-history.js';
import { decimalColumn, integerColumn, textColumn, timeColumn, type Column } from './export-table.js';

export const ORDER_COLUMNS: readonly Column<Order>[] = [
  integerColumn('seq', (o) => o.seq),
  timeColumn('createdAt', (o) => o.createdAt),
  timeColumn('updatedAt', (o) => o.updatedAt),
  textColumn('symbol', (o) => o.symbol),
  textColumn('side', (o) => o.side),
  textColumn('type', (o) => o.type),
  textColumn('timeInForce', (o) => o.timeInForce),
  decimalColumn('qty', (o) => o.qty),
  decimalColumn('notional', (o) => o.notional),
  decimalColumn('limitPrice', (o) => o.limitPrice),
  decimalColumn('stopPrice', (o) => o.stopPrice),
  decimalColumn('trailPercent', (o) => o.trailPercent),
  decimalColumn('trailPrice', (o) => o.trailPrice),
  textColumn('status', (o) => o.status),
  decimalColumn('filledQty', (o) => o.filledQty),
  decimalColumn('avgFillPrice', (o) => o.avgFillPrice),
  textColumn('reason', (o) => o.reason),
  textColumn('clientOrderId', (o) => o.clientOrderId),
  textColumn('brokerOrderId', (o) => o.brokerOrderId),
];

/** Orders created in the range, live and archived, each once, in the order they were created. */
export async function selectOrders(history: History, range: TimeRange): Promise<Order[]> {
  const archived = new Map<string, Order>();
  // Orders are filed by their last update, never before their creation: earlier months hold none of these.
  for await (const order of history.archivedOrders({ from: range.from })) {
    if (!inRange(range, order.createdAt)) continue;
    // Late news about an order already archived files it again, under a later update: keep the newest.
    const seen = archived.get(order.clientOrderId);
    if (seen === undefined || order.updatedAt >= seen.updatedAt) archived.set(order.clientOrderId, order);
  }
  const live = history.orders.filter((order) => inRange(range, order.createdAt));
  return [...archived.values(), ...live].sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
}
