import { describe, expect, it } from 'vitest';
import { listEveryOrder } from '../../../src/broker/paging.js';
import { MAX_ORDERS_PAGE, type BrokerOrder, type ListOrdersQuery } from '../../../src/broker/port.js';
import type { SimDurability } from '../../../src/broker/sim/sim-options.js';
import { ACK, FILL, d, harness, setAapl, type Harness } from './helpers.js';

/** An order that is over as soon as it is acknowledged: an ioc limit far below the market. */
async function passing(h: Harness, clientOrderId?: string): Promise<BrokerOrder> {
  const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('50.00'), qty: d(1), timeInForce: 'ioc' }, clientOrderId);
  h.settle();
  return order;
}

const ids = (orders: readonly BrokerOrder[]): string[] => orders.map((o) => o.id);

describe('sim order list: pages', () => {
  it('continues after the last order of a page with beforeOrderId, newest first', async () => {
    const h = harness();
    const placed: BrokerOrder[] = [];
    for (let i = 0; i < 5; i++) placed.push(await passing(h));
    const [a, b, c, dd, e] = ids(placed);
    expect(ids(await h.sim.listOrders({ status: 'all', limit: 2 }))).toEqual([e, dd]);
    expect(ids(await h.sim.listOrders({ status: 'all', limit: 2, beforeOrderId: dd }))).toEqual([c, b]);
    expect(ids(await h.sim.listOrders({ status: 'all', limit: 2, beforeOrderId: b }))).toEqual([a]);
  });

  it('reads all 1,200 orders of an account through listEveryOrder, exactly once each, no page above 500', async () => {
    const h = harness();
    const placed = new Set<string>();
    for (let i = 0; i < 1200; i++) placed.add((await passing(h)).id);
    const pages: number[] = [];
    const list = async (query: ListOrdersQuery): Promise<BrokerOrder[]> => {
      const page = await h.sim.listOrders(query);
      pages.push(page.length);
      return page;
    };
    const every = await listEveryOrder(list, { status: 'all' });
    expect(every).toHaveLength(1200);
    expect(new Set(ids(every))).toEqual(placed);
    expect(ids(every)).toEqual([...placed].reverse());
    expect(pages).toEqual([MAX_ORDERS_PAGE, MAX_ORDERS_PAGE, 200]);
  });

  it('takes the cursor of an order that has since moved to the archive', async () => {
    const durability: SimDurability = { append: async () => {}, replace: async () => {}, wantsSnapshot: false, failed: () => {} };
    const h = harness({ durability, retentionMs: 1000 });
    const resting = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('50.00'), qty: d(1), timeInForce: 'gtc' });
    const gone = [await passing(h), await passing(h)];
    h.clock.advance(5000);
    await h.sim.checkpoint();
    await expect(h.sim.getOrder(gone[1]?.id ?? '')).rejects.toMatchObject({ kind: 'not_found' });
    expect(ids(await h.sim.listOrders({ status: 'all', beforeOrderId: gone[1]?.id }))).toEqual([resting.id]);
  });
});

describe('sim order list: class orders nested', () => {
  async function bracket(h: Harness): Promise<BrokerOrder> {
    const parent = await h.submit({
      side: 'buy',
      type: 'limit',
      limitPrice: d('100.02'),
      qty: d(10),
      orderClass: 'bracket',
      takeProfit: { limitPrice: d('105.00') },
      stopLoss: { stopPrice: d('95.00') },
    });
    h.settle();
    return parent;
  }

  it('lists parents only, each with its legs as they are now', async () => {
    const h = harness();
    const simple = await passing(h);
    const parent = await bracket(h);
    const listed = await h.sim.listOrders({ status: 'all' });
    expect(ids(listed)).toEqual([parent.id, simple.id]);
    expect(listed[0]?.legs?.map((leg) => leg.status)).toEqual(['new', 'held']);
    expect(listed[1]?.legs).toBeUndefined();
  });

  it('counts a filled parent with a working leg as open, and as closed once the legs are done', async () => {
    const h = harness();
    const parent = await bracket(h);
    expect((await h.sim.getOrder(parent.id)).status).toBe('filled');
    expect(ids(await h.sim.listOrders({ status: 'open' }))).toEqual([parent.id]);
    expect(await h.sim.listOrders({ status: 'closed' })).toEqual([]);
    setAapl(h.sim, '105.00', '105.02');
    h.settle(FILL);
    expect(await h.sim.listOrders({ status: 'open' })).toEqual([]);
    expect(ids(await h.sim.listOrders({ status: 'closed' }))).toEqual([parent.id]);
  });

  it('reports a parent the same way wherever it appears: answer, lookup, list and its updates', async () => {
    const h = harness();
    const parent = await h.submit({
      side: 'buy',
      type: 'limit',
      limitPrice: d('90.00'),
      qty: d(10),
      orderClass: 'bracket',
      takeProfit: { limitPrice: d('105.00') },
      stopLoss: { stopPrice: d('85.00') },
    });
    h.clock.advance(ACK);
    const legIds = parent.legs?.map((leg) => leg.id);
    expect((await h.sim.getOrder(parent.id)).legs?.map((leg) => leg.id)).toEqual(legIds);
    expect((await h.sim.getOrderByClientId(parent.clientOrderId)).legs?.map((leg) => leg.id)).toEqual(legIds);
    expect((await h.sim.listOrders({ status: 'open' }))[0]?.legs?.map((leg) => leg.id)).toEqual(legIds);
    expect(h.updates[0]?.order.legs?.map((leg) => leg.id)).toEqual(legIds);
    expect(h.updates.slice(1).every((u) => u.order.legs === undefined)).toBe(true);
  });
});
