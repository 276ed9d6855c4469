import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { listEveryOrder } from '../../../src/broker/paging.js';
import { MAX_ORDERS_PAGE, type BrokerOrder, type ListOrdersQuery } from '../../../src/broker/port.js';
import type { ContractSession } from './session.js';

const ORDERS = 1_200;
/** Orders cancelled before the next batch, so working ones never tie up much buying power. */
const BATCH = 100;

/** Places ORDERS limit buys far below the market, cancelling each batch; returns their ids, oldest first. */
async function placeMany(s: ContractSession): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < ORDERS; start += BATCH) {
    const batch: BrokerOrder[] = [];
    for (let i = start; i < start + BATCH; i++) {
      batch.push(await s.submit({ side: 'buy', type: 'limit', limitPrice: dec('50.00'), qty: dec(1) }));
    }
    await s.settle();
    for (const order of batch) await s.broker.cancelOrder(order.id);
    await s.settle();
    ids.push(...batch.map((o) => o.id));
  }
  return ids;
}

/** Reading the order history a page at a time with Alpaca's cursor. */
export function pagingCases(session: () => ContractSession): void {
  describe('paging', () => {
    it(`lists ${ORDERS} orders once each, newest first, in pages of at most ${MAX_ORDERS_PAGE} that go on where the last ended`, async () => {
      const s = session();
      const placed = await placeMany(s);
      const newestFirst = [...placed].reverse();

      const pages: number[] = [];
      const list = async (query: ListOrdersQuery): Promise<BrokerOrder[]> => {
        const page = await s.broker.listOrders(query);
        pages.push(page.length);
        return page;
      };
      const every = await listEveryOrder(list, { status: 'all' });
      expect(every.map((o) => o.id)).toEqual(newestFirst);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((n) => n <= MAX_ORDERS_PAGE)).toBe(true);

      const first = await s.broker.listOrders({ status: 'all', limit: MAX_ORDERS_PAGE });
      const second = await s.broker.listOrders({ status: 'all', limit: MAX_ORDERS_PAGE, beforeOrderId: first.at(-1)?.id });
      expect([...first, ...second].map((o) => o.id)).toEqual(newestFirst.slice(0, 2 * MAX_ORDERS_PAGE));
      expect(await s.broker.listOrders({ status: 'all' })).toHaveLength(50);
    });
  });
}
