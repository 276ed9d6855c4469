import { describe, expect, it } from 'vitest';
import { dec, sumDec } from '../../../src/domain/decimal.js';
import { MAX_ACTIVITIES_PAGE, type FillActivity } from '../../../src/broker/port.js';
import type { ContractSession } from './session.js';

/** Every fill after `afterId`, read `pageSize` at a time the way the core's poller reads them. */
async function readAll(s: ContractSession, afterId: string | undefined, pageSize: number): Promise<{ fills: FillActivity[]; pages: number }> {
  const fills: FillActivity[] = [];
  let cursor = afterId;
  for (let pages = 1; ; pages++) {
    const page = await s.broker.listFillActivities({ ...(cursor !== undefined && { afterId: cursor }), pageSize });
    fills.push(...page);
    if (page.length < pageSize) return { fills, pages };
    cursor = page.at(-1)?.id;
  }
}

/** The account's fill activities, which the core polls instead of each order. */
export function activityCases(session: () => ContractSession): void {
  describe('fill activities', () => {
    it('lists each fill once, oldest first, after the cursor; paging by id walks them all; the totals agree with the order', async () => {
      const s = session();
      const [before] = await s.broker.listFillActivities({ newestFirst: true, pageSize: 1 });
      const orders = [];
      for (const qty of [3, 4, 5]) {
        orders.push(await s.submit({ side: 'buy', qty: dec(qty) }));
        await s.settle();
      }
      const sell = await s.submit({ side: 'sell', qty: dec(2) });
      await s.settle();

      const { fills, pages } = await readAll(s, before?.id, 2);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(fills.map((f) => f.orderId)).toEqual([...orders.map((o) => o.id), sell.id]);
      expect(new Set(fills.map((f) => f.id)).size).toBe(fills.length);
      expect(fills.map((f) => f.id)).toEqual(fills.map((f) => f.id).sort());
      expect(fills.map((f) => [f.side, f.qty.toString(), f.cumQty.toString(), f.leavesQty.toString(), f.orderStatus])).toEqual([
        ['buy', '3', '3', '0', 'filled'],
        ['buy', '4', '4', '0', 'filled'],
        ['buy', '5', '5', '0', 'filled'],
        ['sell', '2', '2', '0', 'filled'],
      ]);
      for (const fill of fills) {
        const order = await s.broker.getOrder(fill.orderId);
        expect(fill.symbol).toBe(order.symbol);
        expect(fill.price.toString()).toBe(order.filledAvgPrice?.toString());
        expect(Number.isNaN(Date.parse(fill.transactionTime))).toBe(false);
      }

      expect(await s.broker.listFillActivities({ afterId: fills.at(-1)?.id ?? '' })).toEqual([]);
      const [newest] = await s.broker.listFillActivities({ newestFirst: true, pageSize: 1 });
      expect(newest?.id).toBe(fills.at(-1)?.id);
      const newestFirst = await s.broker.listFillActivities({ newestFirst: true, pageSize: MAX_ACTIVITIES_PAGE });
      expect(newestFirst.slice(0, 4).map((f) => f.id)).toEqual(fills.map((f) => f.id).reverse());
    });

    it('reports each part of a partial fill with the order’s running total and what is left', async (ctx) => {
      const s = session();
      if (!s.driver.sizeBoundsFills) return ctx.skip('the market cannot be made thin');
      const [before] = await s.broker.listFillActivities({ newestFirst: true, pageSize: 1 });
      await s.quote('AAPL', '100.00', '100.02', { askSize: '4' });
      const order = await s.submit({ side: 'buy', type: 'limit', limitPrice: dec('100.02'), qty: dec(10) });
      await s.settle();
      await s.quote('AAPL', '100.00', '100.01');
      await s.settle();

      const { fills } = await readAll(s, before?.id, MAX_ACTIVITIES_PAGE);
      expect(fills.map((f) => [f.qty.toString(), f.price.toString(), f.cumQty.toString(), f.leavesQty.toString(), f.orderStatus])).toEqual([
        ['4', '100.02', '4', '6', 'partially_filled'],
        ['6', '100.01', '10', '0', 'filled'],
      ]);
      const filled = await s.broker.getOrder(order.id);
      expect(sumDec(fills.map((f) => f.qty)).toString()).toBe(filled.filledQty.toString());
      expect(fills.every((f) => f.orderId === order.id)).toBe(true);
    });

    it(`refuses a page larger than ${MAX_ACTIVITIES_PAGE}, saying what would be right`, async () => {
      const s = session();
      await expect(s.broker.listFillActivities({ pageSize: MAX_ACTIVITIES_PAGE + 1 })).rejects.toThrow(/page_size.*100/);
    });
  });
}
