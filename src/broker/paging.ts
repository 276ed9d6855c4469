import { MAX_ORDERS_PAGE, type Broker, type BrokerOrder, type ListOrdersQuery } from './port.js';

/**
 * Every order the query matches, newest first, read a page at a time with Alpaca's cursor (the
 * oldest order of one page is where the next begins). An order seen on two pages (the list moved
 * while it was read) counts once.
 */
export async function listEveryOrder(list: Broker['listOrders'], query: Omit<ListOrdersQuery, 'limit' | 'beforeOrderId'>): Promise<BrokerOrder[]> {
  const seen = new Set<string>();
  const orders: BrokerOrder[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list({ ...query, limit: MAX_ORDERS_PAGE, ...(cursor !== undefined && { beforeOrderId: cursor }) });
    for (const order of page) {
      if (seen.has(order.id)) continue;
      seen.add(order.id);
      orders.push(order);
    }
    const last = page.at(-1);
    if (page.length < MAX_ORDERS_PAGE || last === undefined || last.id === cursor) return orders;
    cursor = last.id;
  }
}
