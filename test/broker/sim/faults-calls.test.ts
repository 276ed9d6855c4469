import { describe, expect, it } from 'vitest';
import { isBrokerError } from '../../../src/broker/errors.js';
import { activeCounts } from './fault-helpers.js';
import { d, harness } from './helpers.js';

describe('sim faults: requests', () => {
  it('transient: the call fails 503 and nothing happens at the exchange', async () => {
    const h = harness({ faults: { transient: 1 } });
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject({ kind: 'transient', status: 503 });
    await expect(h.sim.getAccount()).rejects.toMatchObject({ kind: 'transient', status: 503 });
    h.settle();
    expect(h.sim.ledger().orders).toEqual([]);
    expect(h.updates).toEqual([]);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'errors.transient.submitOrder': 1, 'errors.transient.getAccount': 1 });
  });

  it('rateLimited: the call fails 429 with the configured wait and nothing happens', async () => {
    const h = harness({ faults: { rateLimited: 1, retryAfterMs: 2500 } });
    const error = await h.submit({ side: 'buy', qty: d(1) }).catch((e: unknown) => e);
    expect(isBrokerError(error, 'rate_limited')).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2500 });
    h.settle();
    expect(h.sim.ledger().orders).toEqual([]);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'errors.rateLimited.submitOrder': 1 });
  });

  it('lostResponse: the order is at the exchange while the caller got ambiguous; a blind resubmit is refused and recorded', async () => {
    const h = harness({ faults: { operations: { submitOrder: { lostResponse: 1 } } } });
    const error = await h.submit({ side: 'buy', qty: d(3) }, 'lost-1').catch((e: unknown) => e);
    expect(isBrokerError(error, 'ambiguous')).toBe(true);
    expect(h.sim.ledger().orders.map((o) => [o.clientOrderId, o.status])).toEqual([['lost-1', 'pending_new']]);
    expect((await h.sim.getOrderByClientId('lost-1')).status).toBe('pending_new');
    h.settle();
    expect(h.events()).toEqual(['new', 'fill']);
    expect(h.sim.ledger().fills).toHaveLength(1);

    h.sim.setFaults({});
    await expect(h.submit({ side: 'buy', qty: d(3) }, 'lost-1')).rejects.toMatchObject({ kind: 'rejected', message: 'client_order_id must be unique' });
    expect(h.sim.ledger().orders).toHaveLength(1);
    expect(activeCounts(h.sim.faultStats())).toEqual({
      'errors.lostResponse.submitOrder': 1,
      'executedUnanswered.submitOrder': 1,
      'updates.delivered': 2,
      refusedClientOrderIds: 1,
    });
    expect(h.sim.faultStats().refusedClientOrderIds).toEqual(['lost-1']);
  });

  it('lostResponse on a cancel: the cancel goes ahead unanswered', async () => {
    const h = harness({ faults: { operations: { cancelOrder: { lostResponse: 1 } } } });
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(5) });
    h.settle();
    await expect(h.sim.cancelOrder(order.id)).rejects.toMatchObject({ kind: 'ambiguous' });
    expect((await h.sim.getOrder(order.id)).status).toBe('pending_cancel');
    h.settle();
    expect(h.events()).toEqual(['new', 'canceled']);
  });

  it('lostResponse on a read is only an ambiguous error: reads change nothing', async () => {
    const h = harness({ faults: { operations: { getAccount: { lostResponse: 1 }, listOrders: { lostResponse: 1 } } } });
    await h.submit({ side: 'buy', qty: d(2) });
    h.settle();
    const before = h.sim.ledger();
    await expect(h.sim.getAccount()).rejects.toMatchObject({ kind: 'ambiguous' });
    await expect(h.sim.listOrders({ status: 'all' })).rejects.toMatchObject({ kind: 'ambiguous' });
    expect(h.sim.ledger()).toEqual(before);
  });

  it('a refusal is lost with the answer: the caller hears ambiguous and nothing was placed', async () => {
    const h = harness({ faults: { lostResponse: 1 } });
    await expect(h.submit({ side: 'buy', qty: d(1), symbol: 'ZZZZ' })).rejects.toMatchObject({ kind: 'ambiguous' });
    expect(h.sim.ledger().orders).toEqual([]);
    expect(h.sim.faultStats().executedUnanswered).toEqual({ submitOrder: 1 });
  });

  it('ambiguous: a 504 timeout, with the request executed as often as ambiguousExecuted says', async () => {
    for (const [ambiguousExecuted, low, high] of [[0, 0, 0], [1, 60, 60], [undefined, 18, 42]] as const) {
      const h = harness({ faults: { operations: { submitOrder: { ambiguous: 1 } }, ambiguousExecuted } });
      for (let i = 0; i < 60; i++) {
        await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject({ kind: 'ambiguous', status: 504 });
      }
      const placed = h.sim.ledger().orders.length;
      expect(placed).toBeGreaterThanOrEqual(low);
      expect(placed).toBeLessThanOrEqual(high);
      expect(h.sim.faultStats().executedUnanswered.submitOrder ?? 0).toBe(placed);
      expect(h.sim.faultStats().errors.ambiguous.submitOrder).toBe(60);
    }
  });

  it('rates per operation override the general ones', async () => {
    const h = harness({ faults: { transient: 1, operations: { getOrderByClientId: { transient: 0 } } } });
    await expect(h.sim.getClock()).rejects.toMatchObject({ kind: 'transient' });
    await expect(h.sim.getOrderByClientId('nope')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('mixed rates split the calls between the kinds in proportion', async () => {
    const h = harness({ faults: { transient: 0.25, rateLimited: 0.25, ambiguous: 0.25, lostResponse: 0.25 } });
    const kinds = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const error = await h.sim.getClock().catch((e: unknown) => e);
      const kind = isBrokerError(error) ? error.kind : 'ok';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(kinds.get('ok')).toBeUndefined();
    for (const kind of ['transient', 'rate_limited']) {
      expect(kinds.get(kind)).toBeGreaterThan(60);
      expect(kinds.get(kind)).toBeLessThan(140);
    }
    expect(kinds.get('ambiguous')).toBeGreaterThan(140);
    expect(kinds.get('ambiguous')).toBeLessThan(260);
  });

  it('a low rate fails about that share of calls', async () => {
    const h = harness({ faults: { transient: 0.05 } });
    let failed = 0;
    for (let i = 0; i < 2000; i++) failed += (await h.sim.getClock().then(() => 0, () => 1));
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(h.sim.faultStats().errors.transient.getClock).toBe(failed);
  });
});
