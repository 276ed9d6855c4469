import { describe, expect, it } from 'vitest';
import { activeCounts } from './fault-helpers.js';
import { ACK, FILL, d, harness } from './helpers.js';

describe('sim faults: trade updates', () => {
  it('drop: updates never arrive, while the exchange still fills', async () => {
    const h = harness({ faults: { drop: 1 } });
    await h.submit({ side: 'buy', qty: d(5) });
    h.settle(1000);
    expect(h.updates).toEqual([]);
    expect(h.sim.ledger().fills).toHaveLength(1);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'updates.dropped': 2 });
  });

  it('duplicate: every update arrives twice in a row, the fill with the same execution id', async () => {
    const h = harness({ faults: { duplicate: 1 } });
    await h.submit({ side: 'buy', qty: d(5) });
    h.settle();
    expect(h.events()).toEqual(['new', 'new', 'fill', 'fill']);
    expect(h.updates[2]).toEqual(h.updates[3]);
    expect(h.updates[2]?.executionId).toBeDefined();
    expect(h.sim.ledger().fills.map((f) => f.executionId)).toEqual([h.updates[2]?.executionId]);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'updates.duplicated': 2, 'updates.delivered': 4 });
  });

  it('delay: updates arrive later, within delayMaxMs, and all of them in the end', async () => {
    const h = harness({ faults: { delay: 1, delayMaxMs: 500 } });
    const arrivals: number[] = [];
    h.sim.subscribeTradeUpdates(() => arrivals.push(h.clock.now()));
    const start = h.clock.now();
    await h.submit({ side: 'buy', qty: d(5) });
    h.settle();
    expect(h.updates).toEqual([]);
    h.clock.advance(500);
    expect(h.events().sort()).toEqual(['fill', 'new']);
    const sent = [start + ACK, start + ACK + FILL];
    for (const update of h.updates) {
      const at = arrivals[h.updates.indexOf(update)] ?? 0;
      const sentAt = Date.parse(update.timestamp);
      expect(sent).toContain(sentAt);
      expect(at).toBeGreaterThan(sentAt);
      expect(at).toBeLessThanOrEqual(sentAt + 500);
    }
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'updates.delayed': 2, 'updates.delivered': 2 });
  });

  it('reorder: the next update of the order overtakes the held one, which follows at once', async () => {
    const h = harness({ faults: { reorder: 1 } });
    await h.submit({ side: 'buy', qty: d(5) });
    h.clock.advance(ACK);
    expect(h.events()).toEqual([]);
    h.clock.advance(FILL);
    expect(h.events()).toEqual(['fill', 'new']);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'updates.reordered': 1, 'updates.delivered': 2 });
  });

  it('reorder: a held update nothing overtakes is let go after reorderHoldMs', async () => {
    const h = harness({ faults: { reorder: 1, reorderHoldMs: 300 } });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.clock.advance(ACK + 299);
    expect(h.events()).toEqual([]);
    h.clock.advance(1);
    expect(h.events()).toEqual(['new']);
  });

  it('reorder only holds back one update per order and never across orders', async () => {
    const h = harness({ faults: { reorder: 1, reorderHoldMs: 10_000 } });
    const first = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    const second = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.settle();
    await h.sim.cancelOrder(first.id);
    h.clock.advance(ACK);
    expect(h.updates.map((u) => [u.event, u.order.id])).toEqual([
      ['canceled', first.id],
      ['new', first.id],
    ]);
    h.clock.advance(10_000);
    expect(h.updates.map((u) => [u.event, u.order.id]).slice(2)).toEqual([['new', second.id]]);
  });

  it('lets no held or late update outlive close()', async () => {
    const h = harness({ faults: { delay: 1, reorder: 1 } });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.clock.advance(ACK);
    expect(h.clock.pendingTimers()).toBeGreaterThan(0);
    await h.sim.close();
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('switching faults off lets new updates through at once; ones already late still arrive', async () => {
    const h = harness({ faults: { delay: 1, delayMaxMs: 1000 } });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.clock.advance(ACK);
    h.sim.setFaults({});
    await h.submit({ side: 'buy', qty: d(1) }, 'prompt');
    h.clock.advance(ACK);
    expect(h.updates.map((u) => u.order.clientOrderId)).toEqual(['prompt']);
    h.clock.advance(1000);
    expect(h.updates).toHaveLength(3);
  });
});
