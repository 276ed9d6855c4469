import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../src/broker/port.js';
import { activeCounts } from './fault-helpers.js';
import { ACK, d, harness, type Harness } from './helpers.js';

/** Connection notices, stamped with the time since watching began. */
function watchConnection(h: Harness): string[] {
  const origin = h.clock.now();
  const seen: string[] = [];
  h.sim.onConnectionChange((state: ConnectionState) => seen.push(`${h.clock.now() - origin} rest=${state.rest} stream=${state.stream}`));
  return seen;
}

describe('sim faults: stream outages', () => {
  it('a manual outage takes the stream down, loses the updates meanwhile and comes back on time', async () => {
    const h = harness();
    const seen = watchConnection(h);
    h.sim.startStreamOutage(1000);
    expect(h.sim.connection()).toEqual({ rest: 'ok', stream: 'down' });
    await h.submit({ side: 'buy', qty: d(5) });
    h.settle();
    expect(h.updates).toEqual([]);
    expect(h.sim.ledger().fills).toHaveLength(1);
    h.clock.advance(1000);
    expect(h.sim.connection()).toEqual({ rest: 'ok', stream: 'ok' });
    expect(seen).toEqual(['0 rest=ok stream=down', '1000 rest=ok stream=ok']);
    await h.submit({ side: 'buy', qty: d(5) });
    h.settle();
    expect(h.events()).toEqual(['new', 'fill']);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'outages.stream': 1, 'updates.lostInOutage': 2, 'updates.delivered': 2 });
  });

  it('an outage without a duration lasts until endStreamOutage()', () => {
    const h = harness();
    const seen = watchConnection(h);
    h.sim.startStreamOutage();
    h.clock.advance(3_600_000);
    expect(h.sim.connection().stream).toBe('down');
    h.sim.endStreamOutage();
    h.sim.endStreamOutage();
    expect(seen).toEqual(['0 rest=ok stream=down', '3600000 rest=ok stream=ok']);
  });

  it('overlapping outages merge: a shorter one does not cut a longer one short', () => {
    const h = harness();
    h.sim.startStreamOutage(1000);
    h.clock.advance(100);
    h.sim.startStreamOutage(300);
    h.clock.advance(800);
    expect(h.sim.connection().stream).toBe('down');
    h.sim.startStreamOutage(500);
    h.clock.advance(499);
    expect(h.sim.connection().stream).toBe('down');
    h.clock.advance(1);
    expect(h.sim.connection().stream).toBe('ok');
    expect(h.sim.faultStats().outages.stream).toBe(1);
  });

  it('periodic outages: down for outageMs every outageEveryMs, with a notice each way', () => {
    const h = harness({ faults: { outageEveryMs: 10_000, outageMs: 1500 } });
    const seen = watchConnection(h);
    h.clock.advance(25_000);
    expect(seen).toEqual([
      '10000 rest=ok stream=down',
      '11500 rest=ok stream=ok',
      '20000 rest=ok stream=down',
      '21500 rest=ok stream=ok',
    ]);
    expect(activeCounts(h.sim.faultStats())).toEqual({ 'outages.stream': 2 });
  });

  it('an outage loses what the stream was holding back or carrying late', async () => {
    const h = harness({ faults: { reorder: 1, reorderHoldMs: 5000 } });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.clock.advance(ACK);
    h.sim.startStreamOutage(10);
    h.clock.advance(10_000);
    expect(h.updates).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.sim.faultStats().updates).toMatchObject({ reordered: 1, lostInOutage: 1, delivered: 0 });
  });

  it('a late update still in flight when the stream goes down is lost', async () => {
    const h = harness({ faults: { delay: 1, delayMaxMs: 5000 } });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(5) });
    h.clock.advance(ACK);
    h.sim.startStreamOutage(10);
    h.clock.advance(10_000);
    expect(h.updates).toEqual([]);
    expect(h.sim.faultStats().updates).toMatchObject({ delayed: 1, lostInOutage: 1 });
  });

  it('switching faults over ends outages under way and restarts the schedule from then', () => {
    const h = harness({ faults: { outageEveryMs: 10_000, outageMs: 5000 } });
    const seen = watchConnection(h);
    h.clock.advance(11_000);
    h.sim.setFaults({ outageEveryMs: 10_000, outageMs: 5000 });
    expect(h.sim.connection().stream).toBe('ok');
    h.clock.advance(9_999);
    expect(h.sim.connection().stream).toBe('ok');
    h.clock.advance(1);
    expect(h.sim.connection().stream).toBe('down');
    h.sim.setFaults({});
    h.clock.advance(60_000);
    expect(seen).toEqual(['10000 rest=ok stream=down', '11000 rest=ok stream=ok', '21000 rest=ok stream=down', '21000 rest=ok stream=ok']);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('close() stops the outage schedule', async () => {
    const h = harness({ faults: { outageEveryMs: 10_000, outageMs: 1000, restOutageEveryMs: 20_000, restOutageMs: 1000 } });
    h.sim.startStreamOutage(50_000);
    expect(h.clock.pendingTimers()).toBe(3);
    await h.sim.close();
    expect(h.clock.pendingTimers()).toBe(0);
  });
});

describe('sim faults: REST outages', () => {
  it('every request fails transient 503 while REST is down, and nothing happens', async () => {
    const h = harness();
    const seen = watchConnection(h);
    h.sim.startRestOutage(500);
    expect(h.sim.connection()).toEqual({ rest: 'down', stream: 'ok' });
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject({ kind: 'transient', status: 503 });
    await expect(h.sim.getPositions()).rejects.toMatchObject({ kind: 'transient' });
    h.clock.advance(500);
    expect(h.sim.ledger().orders).toEqual([]);
    await h.submit({ side: 'buy', qty: d(1) });
    expect(seen).toEqual(['0 rest=down stream=ok', '500 rest=ok stream=ok']);
    expect(activeCounts(h.sim.faultStats())).toEqual({
      'errors.restOutage.submitOrder': 1,
      'errors.restOutage.getPositions': 1,
      'outages.rest': 1,
    });
  });

  it('periodic REST outages, and endRestOutage() ends one early', () => {
    const h = harness({ faults: { restOutageEveryMs: 5000, restOutageMs: 1000 } });
    h.clock.advance(5000);
    expect(h.sim.connection().rest).toBe('down');
    h.sim.endRestOutage();
    expect(h.sim.connection().rest).toBe('ok');
    h.clock.advance(5000);
    expect(h.sim.connection().rest).toBe('down');
    expect(h.sim.faultStats().outages).toEqual({ stream: 0, rest: 2 });
  });
});
