import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { FillActivity, FillActivityQuery, ListOrdersQuery } from '../../src/broker/port.js';
import { AAPL_QUOTE, after, buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

/** The quote comes down to 179.95 x 179.90, so the resting buys at 180 fill. */
function marketComesDown(h: Harness): void {
  h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95'), last: dec('179.92') });
}

const at = (h: Harness, method: string, since: number): number[] => h.callsOf(method).filter((c) => c.at >= since).map((c) => c.at - since);
/** A resting buy of its own price, so a run of them is no double submit. */
const restingAt = (i: number, qty = 1) => restingBuy(qty, { limitPrice: dec('180.00').minus(dec(i).div(100)) });
const openLists = (h: Harness, since: number): number[] =>
  h.callsOf('listOrders').filter((c) => c.at >= since && (c.arg as ListOrdersQuery).status === 'open').map((c) => c.at - since);

describe('the batched poller', () => {
  it('reads the fills and the open orders every 10 s while the stream is healthy, however many orders work', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000 } });
    const since = h.callsOf('listFillActivities')[0]?.at ?? Number.NaN;
    for (let i = 0; i < 50; i++) await h.drive(h.engine.place(restingAt(i)));
    await h.advance(30_100 - (h.clock.now() - since));
    expect(at(h, 'listFillActivities', since)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(openLists(h, since)).toEqual([10_000, 20_000, 30_000]);
    expect(h.callsOf('getOrder')).toEqual([]);
    expect(h.callsOf('getOrderByClientId')).toEqual([]);
  });

  it('polls fast while the stream is down (fills every 1 s, open orders every 2.5 s), from the moment it goes down', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000 } });
    await h.drive(h.engine.place(restingBuy(10)));
    await h.advance(3_000);
    const down = h.clock.now();
    h.sim.startStreamOutage();
    await h.advance(5_020);
    expect(at(h, 'listFillActivities', down)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(openLists(h, down)).toEqual([2_500, 5_000]);
    expect(h.logText()).toContain('trade-update stream down: polling working orders every 1000 ms');
  });

  it('reads nothing but the fill cursor while no order works', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000 } });
    h.sim.startStreamOutage();
    await h.advance(30_000);
    expect(h.callsOf('listFillActivities')).toHaveLength(1);
    // The books' opening (before and after its cash and positions) and the startup reconciliation read them; the poller does not.
    expect(openLists(h, 0)).toHaveLength(3);
  });

  it('takes the cursor at the latest fill at startup, so fills made before are never read again', async () => {
    const h = await startHarness({
      config: { reconcileEveryMs: 600_000 },
      before: async (sim, clock) => {
        for (const id of ['old-1', 'old-2']) {
          await sim.submitOrder({ ...buy(1), clientOrderId: id });
          clock.advance(100);
        }
      },
    });
    const [latestBefore] = await h.sim.listFillActivities({ newestFirst: true, pageSize: 1 });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    h.sim.startStreamOutage();
    marketComesDown(h);
    await h.advance(1_100);
    const reads = h.callsOf('listFillActivities').map((c) => c.arg as FillActivityQuery);
    expect(reads[0]).toEqual({ newestFirst: true, pageSize: 1 });
    expect(reads[1]).toEqual({ afterId: latestBefore?.id, pageSize: 100 });
    const polled = h.fills.filter((f) => f.detectedBy === 'poll');
    expect(polled.map((f) => f.clientOrderId)).toEqual([placed.clientOrderId]);
    expect(polled[0]?.price.toString()).toBe('179.95');
  });

  it('looks up at most 10 orders placed elsewhere per read of the fills, and leaves the rest to reconciliation', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 20_000 } });
    await h.drive(h.engine.place(restingBuy(1)));
    h.sim.startStreamOutage();
    for (let i = 0; i < 15; i++) await h.sim.submitOrder({ ...buy(1), clientOrderId: `elsewhere-${i}` });
    await h.advance(1_100);
    expect(h.callsOf('getOrder').length).toBeLessThanOrEqual(10);
    await h.advance(20_000);
    const adopted = h.engine.orders().filter((o) => o.clientOrderId.startsWith('elsewhere-'));
    expect(adopted).toHaveLength(15);
    expect(adopted.every((o) => o.status === 'filled')).toBe(true);
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
  });

  it('values a fill whose earlier part it never read from the order itself, at its average price', async () => {
    let hidden: string | undefined;
    const h = await startHarness({
      config: { reconcileEveryMs: 600_000 },
      // The account's activities leave out the order's first execution, as a page that lagged would.
      intercept: (call, proceed) => {
        if (call.method !== 'listFillActivities') return proceed();
        return (proceed() as Promise<FillActivity[]>).then((answer) => {
          hidden ??= answer.find((activity) => activity.cumQty.toString() === '3')?.id;
          return answer.filter((activity) => activity.id !== hidden);
        });
      },
    });
    const placed = await h.drive(h.engine.place(restingBuy(5)));
    h.sim.startStreamOutage();
    // 3 shares at 179.95, then 2 at 179.90.
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.85'), ask: dec('179.95'), askSize: dec(3) });
    await h.advance(300);
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.80'), ask: dec('179.90'), askSize: dec(500) });
    await h.advance(3_000);
    expect(hidden).toBeDefined();
    expect(h.engine.orders().find((o) => o.clientOrderId === placed.clientOrderId)?.filledQty.toString()).toBe('5');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
    expect(h.callsOf('getOrder').length).toBeGreaterThan(0);
  });

  it('books a fill the stream and a poll both see once, however they interleave', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000 } });
    await h.drive(h.engine.place(restingBuy(10)));
    // Still working afterwards, so the poller goes on reading the fills.
    await h.drive(h.engine.place(restingBuy(5, { limitPrice: dec('170.00') })));
    marketComesDown(h);
    await h.advance(200);
    expect(h.fills.map((f) => f.detectedBy)).toEqual(['stream']);
    await h.advance(10_000);
    expect(h.callsOf('listFillActivities').length).toBeGreaterThanOrEqual(2);
    expect(h.fills).toHaveLength(1);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
  });

  it('finds an order the exchange cancelled, its update lost, by its absence from the open orders: one lookup', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000, orderTimeoutMs: 0 } });
    const kept = await h.drive(h.engine.place(restingBuy(10)));
    const gone = await h.drive(h.engine.place(restingBuy(5)));
    h.sim.startStreamOutage();
    // Expired at the exchange (a day order at the close); the stream is down, so nothing says so.
    h.sim.endDay();
    h.sim.setQuote('AAPL', AAPL_QUOTE);
    await h.advance(3_000);
    expect(h.order(gone.seq)?.status).toBe('expired');
    expect(h.order(kept.seq)?.status).toBe('expired');
    expect(h.callsOf('getOrder').map((c) => c.arg).sort()).toEqual([gone.brokerOrderId, kept.brokerOrderId].sort());
  });

  it('settles many orders that left the open orders with one read of the closed ones', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000, orderTimeoutMs: 0 } });
    const placed = [];
    for (let i = 0; i < 8; i++) placed.push(await h.drive(h.engine.place(restingAt(i))));
    h.sim.startStreamOutage();
    h.sim.endDay();
    await h.advance(3_000);
    expect(placed.map((o) => h.order(o.seq)?.status)).toEqual(placed.map(() => 'expired'));
    expect(h.callsOf('listOrders').filter((c) => (c.arg as ListOrdersQuery).status === 'closed')).toHaveLength(1);
    expect(h.callsOf('getOrder')).toEqual([]);
  });

  it('books a fill whose order’s submit is not answered yet with one lookup of that order, once the submit is answered', async () => {
    let slowSubmit = true;
    const h = await startHarness({
      config: { reconcileEveryMs: 600_000 },
      // The exchange takes the order at once; its answer takes 3 s to come back.
      intercept: ({ method }, proceed, clock) => {
        const answer = proceed();
        return method === 'submitOrder' && slowSubmit ? after(clock, 3_000).then(() => answer) : answer;
      },
    });
    h.sim.startStreamOutage();
    const placing = h.engine.place(buy(10));
    await h.advance(1_100);
    slowSubmit = false;
    const fill = h.sim.ledger().fills[0];
    expect(fill).toBeDefined();
    expect(h.callsOf('getOrder').map((c) => c.arg)).toEqual([fill?.orderId]);
    // News of an order waits in its lane for the call that made it to return.
    expect(h.fills).toEqual([]);
    await h.drive(placing);
    await h.advance(2_000);
    expect(h.fills.map((f) => f.detectedBy)).toEqual(['poll']);
    expect(h.callsOf('getOrder')).toHaveLength(1);
    expect(h.order(1)?.status).toBe('filled');
  });

  it('reads a backlog of fills a page of 100 at a time, every one booked once', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 600_000, orderTimeoutMs: 0, rateLimit: { limit: 6000, intervalMs: 60_000 } } });
    for (let i = 0; i < 250; i++) await h.drive(h.engine.place(restingBuy(1, { timeInForce: 'gtc', limitPrice: dec('180.00').plus(dec(i).div(100)) })));
    h.sim.startStreamOutage();
    marketComesDown(h);
    await h.advance(1_500);
    const pages = h.callsOf('listFillActivities').map((c) => c.arg as FillActivityQuery);
    expect(pages.filter((q) => q.newestFirst !== true).length).toBeGreaterThanOrEqual(3);
    expect(h.fills).toHaveLength(250);
    expect(h.engine.workingOrders()).toEqual([]);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('250');
  });
});
