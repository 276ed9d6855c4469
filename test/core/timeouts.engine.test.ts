import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { AAPL_QUOTE, buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

const timedOutLines = (h: Harness): string[] => h.logText().filter((t) => t.includes('timed out'));
const timedOutCount = (h: Harness): number => h.engine.metrics().counters['orders.timed_out'] ?? 0;

/** Moves the quote onto the resting buy at 180, so the exchange fills it (30 ms later). */
const marketComesDown = (h: Harness): void => {
  h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95'), last: dec('179.92') });
};

describe('order timeouts through the engine', () => {
  it('cancels a working order at the configured timeout: final check first, then the cancel, canceled only when the exchange says so', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 10_000 } });
    const placed = await h.engine.place(restingBuy(10));
    expect(placed.timeoutAt).toBe(placed.createdAt + 10_000);
    const deadline = placed.timeoutAt ?? 0;

    await h.advance(9_990);
    expect(h.order(1)?.status).toBe('new');
    expect(h.callsOf('cancelOrder')).toEqual([]);
    expect(timedOutLines(h)).toEqual([]);

    await h.advance(15);
    const check = h.calls.find((c) => c.method === 'getOrder' && c.arg === placed.brokerOrderId && c.at >= deadline);
    const cancel = h.callsOf('cancelOrder')[0];
    expect(check?.at).toBe(deadline);
    expect(cancel?.arg).toBe(placed.brokerOrderId);
    expect(h.calls.indexOf(check!)).toBeLessThan(h.calls.indexOf(cancel!));
    // The cancel was accepted, but the exchange has not cancelled yet: nor has Blotter.
    expect(h.sim.ledger().orders[0]?.status).toBe('pending_cancel');
    expect(h.order(1)?.status).toBe('pending_cancel');

    await h.advance(50);
    expect(h.sim.ledger().orders[0]?.status).toBe('canceled');
    expect(h.order(1)?.status).toBe('canceled');
    expect(timedOutLines(h)).toEqual(['#1 BUY 10 AAPL @ 180.00 timed out after 10s: final check, then cancel']);
    expect(h.logText()).toContain('#1 BUY 10 AAPL @ 180.00 canceled');
    expect(timedOutCount(h)).toBe(1);
  });

  it('a timed-out order stays pending_cancel until a poll shows the exchange cancelled it, when the canceled update is lost', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 5_000 } });
    await h.engine.place(restingBuy(10));
    await h.advance(4_900);
    h.sim.setFaults({ drop: 1 });
    await h.advance(200);
    expect(h.sim.ledger().orders[0]?.status).toBe('canceled');
    expect(h.order(1)?.status).toBe('pending_cancel');
    // The open orders are read every 10 s while the stream is healthy: the first read after the
    // cancel (10 s after startup) no longer lists it, so it is looked up.
    await h.advance(5_000);
    expect(h.order(1)?.status).toBe('canceled');
  });

  it('a per-order ttl overrides the global timeout', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 60_000 } });
    const placed = await h.engine.place(restingBuy(10), { ttlMs: 3_000 });
    expect(placed.timeoutAt).toBe(placed.createdAt + 3_000);
    await h.advance(3_100);
    expect(h.order(1)?.status).toBe('canceled');
    expect(timedOutLines(h)).toHaveLength(1);
    expect(timedOutLines(h)[0]).toContain('timed out after 3s');
  });

  it('a GTC order never times out unless it was given a ttl', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 5_000 } });
    const gtc = await h.engine.place(restingBuy(10, { timeInForce: 'gtc' }));
    const gtcWithTtl = await h.engine.place(restingBuy(5, { timeInForce: 'gtc' }), { ttlMs: 4_000 });
    expect(gtc.timeoutAt).toBeUndefined();
    await h.advance(20_000);
    expect(h.order(gtc.seq)?.status).toBe('new');
    expect(h.order(gtcWithTtl.seq)?.status).toBe('canceled');
    expect(h.callsOf('cancelOrder').map((c) => c.arg)).toEqual([gtcWithTtl.brokerOrderId]);
  });

  it('an order timeout of 0 means day orders never time out', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 0 } });
    const placed = await h.engine.place(restingBuy(10));
    expect(placed.timeoutAt).toBeUndefined();
    await h.advance(10_000);
    expect(h.order(1)?.status).toBe('new');
  });

  it('an order that fills before its deadline is left alone at the deadline', async () => {
    const h = await startHarness();
    await h.engine.place(buy(10), { ttlMs: 1_000 });
    await h.advance(3_000);
    expect(h.order(1)?.status).toBe('filled');
    expect(h.callsOf('cancelOrder')).toEqual([]);
    expect(timedOutLines(h)).toEqual([]);
    expect(timedOutCount(h)).toBe(0);
  });

  it('a fill the stream lost just before the deadline is found by the final check, booked, and no cancel is sent', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 15_000 } });
    const placed = await h.engine.place(restingBuy(10));
    // Polls run every 10 s from startup (the stream healthy): the fill at +14990 falls between two.
    await h.advance(14_960);
    h.sim.setFaults({ drop: 1 });
    marketComesDown(h);
    await h.advance(100);

    expect(h.sim.ledger().fills).toHaveLength(1);
    expect(h.order(1)?.status).toBe('filled');
    expect(h.fills).toHaveLength(1);
    expect(h.fills[0]?.detectedBy).toBe('final_check');
    expect(h.fills[0]?.price.toString()).toBe('179.95');
    expect(h.callsOf('cancelOrder')).toEqual([]);
    expect(h.calls.filter((c) => c.method === 'getOrder' && c.arg === placed.brokerOrderId && c.at === placed.timeoutAt)).toHaveLength(1);
    expect(h.logText()).toContain('#1 BUY 10 AAPL @ 180.00 filled 10 @ 179.95 (10/10) (seen by final check)');
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.metrics().counters['fills.inferred{final_check}']).toBe(1);
  });

  it('a timeout cancel that loses the race to a fill ends filled with the fill booked, either way the race goes', async () => {
    // With this fault seed the three cancels lose in both ways: the fill lands before the cancel
    // request (answered "not cancelable", so the order is fetched again) and after it (the cancel
    // is accepted, then rejected on the stream).
    const h = await startHarness({ faults: { cancelRace: 1, seed: 1 } });
    // Resting just under the ask (187.44): close enough for a fill to beat the cancel at the limit.
    const nearTheMarket = { limitPrice: dec('187.00') };
    for (const [qty, ttlMs] of [[10, 2_000], [11, 3_000], [12, 4_000]] as const) await h.engine.place(restingBuy(qty, nearTheMarket), { ttlMs });
    await h.advance(4_300);
    const races = h.sim.faultStats().cancelRaces;
    expect(races.fill_before_request, 'a race with the fill before the cancel request').toBeGreaterThan(0);
    expect(races.fill_before_cancel, 'a race with the fill after the cancel request').toBeGreaterThan(0);

    expect(h.sim.ledger().fills).toHaveLength(3);
    expect(h.engine.orders().map((o) => [o.status, o.filledQty.toString()])).toEqual([
      ['filled', '10'],
      ['filled', '11'],
      ['filled', '12'],
    ]);
    expect(h.fills.map((f) => `${f.qty.toString()} @ ${f.price.toString()}`)).toEqual(['10 @ 187', '11 @ 187', '12 @ 187']);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('33');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
    expect(h.logText().filter((t) => t.includes('canceled'))).toEqual([]);
  });

  it('a timeout during a REST outage keeps retrying the cancel and still ends the order once the broker is back', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 10_000 } });
    const placed = await h.engine.place(restingBuy(10));
    await h.advance(9_900);
    h.sim.startRestOutage(12_000);
    const restBack = h.clock.now() + 12_000;

    await h.advance(20_000);
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.sim.ledger().orders[0]?.status).toBe('canceled');
    // While REST was down the final check kept failing, so no cancel was sent; once it was back,
    // the final check came first and the cancel after it.
    const cancels = h.callsOf('cancelOrder');
    expect(cancels.map((c) => c.arg)).toEqual([placed.brokerOrderId]);
    expect(cancels[0]!.at).toBeGreaterThanOrEqual(restBack);
    const finalCheck = h.calls.find((c) => c.method === 'getOrder' && c.arg === placed.brokerOrderId && c.at >= restBack);
    expect(h.calls.indexOf(finalCheck!)).toBeLessThan(h.calls.indexOf(cancels[0]!));
    expect(h.logText().some((t) => /#1 BUY 10 AAPL @ 180\.00 timeout cancel failed \(.*\); retrying in 5s/.test(t))).toBe(true);
    expect(h.logText().some((t) => /check #1 BUY 10 AAPL @ 180\.00 unavailable — retry 2\/5 in/.test(t))).toBe(true);
  });

  it('an order whose timeout cancel is retried through a REST outage counts once in orders.timed_out and is announced once', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 10_000 } });
    await h.engine.place(restingBuy(10));
    await h.advance(9_900);
    h.sim.startRestOutage(12_000);
    await h.advance(20_000);
    expect(h.order(1)?.status).toBe('canceled');
    expect(timedOutCount(h)).toBe(1);
    expect(timedOutLines(h)).toHaveLength(1);
  });

  it('counts every timed-out order in orders.timed_out', async () => {
    const h = await startHarness({ config: { orderTimeoutMs: 2_000 } });
    await h.engine.place(restingBuy(10));
    await h.engine.place(restingBuy(5, { symbol: 'MSFT', limitPrice: dec('400.00') }));
    await h.advance(2_200);
    expect(h.engine.workingOrders()).toEqual([]);
    expect(timedOutCount(h)).toBe(2);
    expect(timedOutLines(h)).toHaveLength(2);
  });
});
