import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/kernel/clock.js';
import type { TradeUpdate } from '../../../src/broker/port.js';
import { perShareCommission } from '../../../src/domain/costs/commission.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import type { SimSnapshot } from '../../../src/broker/sim/snapshot.js';
import { ACK, FILL, UNIVERSE, d, harness, setAapl, str } from './helpers.js';

function viaJson(snapshot: SimSnapshot): SimSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as SimSnapshot;
}

function restore(snapshot: SimSnapshot, clock = new ManualClock()): { sim: SimExchange; clock: ManualClock; updates: TradeUpdate[] } {
  const sim = createSimExchange({ clock, snapshot: viaJson(snapshot), ackLatencyMs: ACK, fillLatencyMs: FILL });
  const updates: TradeUpdate[] = [];
  sim.subscribeTradeUpdates((u) => updates.push(u));
  return { sim, clock, updates };
}

describe('sim snapshot and restore', () => {
  it('is plain JSON with decimals as strings and a version', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    const snapshot = h.sim.snapshot();
    expect(snapshot.version).toBe(1);
    expect(viaJson(snapshot)).toEqual(snapshot);
    expect(snapshot.cash).toBe('98999.8');
    expect(snapshot.orders[0]).toMatchObject({ qty: '10', filledQty: '10', filledAvgPrice: '100.02', status: 'filled' });
    expect(snapshot.fills[0]).toMatchObject({ qty: '10', price: '100.02' });
  });

  it('restores the ledger, orders and market exactly', async () => {
    const h = harness({ commission: perShareCommission({ perShare: '0.01', minimum: '1' }) });
    await h.submit({ side: 'buy', qty: d(30) });
    h.settle();
    await h.submit({ side: 'sell', qty: d(10) });
    h.settle();
    const { sim } = restore(h.sim.snapshot());
    expect(sim.ledger()).toEqual(h.sim.ledger());
    expect(sim.getQuote('AAPL')).toEqual(h.sim.getQuote('AAPL'));
    expect(await sim.getAccount()).toEqual(await h.sim.getAccount());
    expect(sim.seed).toBe(h.sim.seed);
    expect(sim.symbols()).toEqual(h.sim.symbols());
  });

  it('keeps working orders working: a resting limit fills after the restart', async () => {
    const h = harness();
    const resting = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10), timeInForce: 'gtc' });
    h.settle();
    await h.sim.close();
    const { sim, clock, updates } = restore(h.sim.snapshot());
    setAapl(sim, '98.95', '98.98');
    clock.advance(FILL);
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([['fill', resting.id]]);
    expect(str(sim.ledger().positions['AAPL']?.qty)).toBe('10');
  });

  it('lands requests that were in flight: an unacknowledged order is acknowledged, a pending cancel lands', async () => {
    const h = harness();
    const toCancel = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    h.settle();
    await h.sim.cancelOrder(toCancel.id);
    const fresh = await h.submit({ side: 'buy', qty: d(5) });
    const snapshot = h.sim.snapshot();
    await h.sim.close();
    const { sim, clock, updates } = restore(snapshot);
    clock.advance(ACK + FILL);
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([
      ['canceled', toCancel.id],
      ['new', fresh.id],
      ['fill', fresh.id],
    ]);
    expect((await sim.getOrder(toCancel.id)).status).toBe('canceled');
  });

  it('continues a pending replacement', async () => {
    const h = harness();
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    h.settle();
    const replacement = await h.sim.replaceOrder(old.id, { limitPrice: d('91.00'), clientOrderId: 'r' });
    const { sim, clock, updates } = restore(h.sim.snapshot());
    clock.advance(ACK);
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([
      ['replaced', old.id],
      ['new', replacement.id],
    ]);
    expect((await sim.getOrder(old.id)).replacedBy).toBe(replacement.id);
  });

  it('continues the same market walk and the same id sequence', async () => {
    const clock = new ManualClock();
    const original = createSimExchange({ clock, seed: 99, universe: UNIVERSE });
    for (let i = 0; i < 10; i++) original.tick();
    const snapshot = viaJson(original.snapshot());
    for (let i = 0; i < 10; i++) original.tick();
    const restored = createSimExchange({ clock, snapshot });
    for (let i = 0; i < 10; i++) restored.tick();
    expect(restored.getQuote('AAPL')).toEqual(original.getQuote('AAPL'));
    expect(restored.getQuote('MSFT')).toEqual(original.getQuote('MSFT'));

    const spec = { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: d(1) } as const;
    const a = await original.submitOrder({ ...spec, clientOrderId: 'a' });
    const b = await restored.submitOrder({ ...spec, clientOrderId: 'a' });
    expect(b.id).toBe(a.id);
  });

  it('keeps the commission charged on a partly filled order across a restart, and goes on from it', async () => {
    const commission = perShareCommission({ perShare: '0.005', minimum: '1.00' });
    const h = harness({ commission });
    setAapl(h.sim, '100.00', '100.02', { ask: '100' });
    const order = await h.submit({ side: 'buy', qty: d(300) });
    h.settle();
    const snapshot = viaJson(h.sim.snapshot());
    expect(snapshot.orders[0]).toMatchObject({ filledQty: '100', commission: '1' });
    await h.sim.close();
    const clock = new ManualClock();
    const sim = createSimExchange({ clock, snapshot, commission, ackLatencyMs: ACK, fillLatencyMs: FILL });
    expect(str((await sim.getOrder(order.id)).commission)).toBe('1');
    setAapl(sim, '100.00', '100.02', { ask: '500' });
    clock.advance(FILL);
    expect(str((await sim.getOrder(order.id)).commission)).toBe('1.5');
  });

  it('reads an order saved before orders carried their commission as charged what its executions were', async () => {
    const h = harness({ commission: perShareCommission({ perShare: '0.01', minimum: '1' }) });
    const filled = await h.submit({ side: 'buy', qty: d(300) });
    const resting = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    h.settle();
    const current = viaJson(h.sim.snapshot());
    const older: SimSnapshot = { ...current, orders: current.orders.map(({ commission: _commission, ...order }) => order) };
    const { sim } = restore(older);
    expect(str((await sim.getOrder(filled.id)).commission)).toBe('3');
    expect(str((await sim.getOrder(resting.id)).commission)).toBe('0');
  });

  it('refuses a snapshot of another version', () => {
    const h = harness();
    const snapshot = { ...h.sim.snapshot(), version: 2 } as unknown as SimSnapshot;
    expect(() => createSimExchange({ snapshot })).toThrow(/unsupported simulator snapshot version 2/);
  });
});

describe('sim close', () => {
  it('leaves no timer behind: ticks, acknowledgements, executions and cancels', async () => {
    const h = harness();
    h.sim.start();
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    const working = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('80.00'), qty: d(10) });
    h.clock.advance(ACK);
    await h.sim.cancelOrder(working.id);
    await h.submit({ side: 'buy', qty: d(1) });
    expect(h.clock.pendingTimers()).toBeGreaterThan(2);
    await h.sim.close();
    expect(h.clock.pendingTimers()).toBe(0);
    const count = h.updates.length;
    h.clock.advance(10_000);
    expect(h.updates.length).toBe(count);
  });

  it('refuses calls after close', async () => {
    const h = harness();
    await h.sim.close();
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toThrow(/closed/);
    expect(() => h.sim.start()).toThrow(/closed/);
  });
});

describe('sim snapshot of stop orders', () => {
  it('keeps a trailing stop high-water mark and a triggered stop across a restart', async () => {
    const h = harness();
    // The buy first: a trailing stop is exempt from the wash-trade rule, a buy stop-limit is not.
    const stopLimit = await h.submit({ side: 'buy', type: 'stop_limit', stopPrice: d('102.00'), limitPrice: d('102.50'), qty: d(5), timeInForce: 'gtc' });
    const trailing = await h.submit({ side: 'sell', type: 'trailing_stop', trailPrice: d('2.00'), qty: d(5), timeInForce: 'gtc' });
    h.settle();
    setAapl(h.sim, '103.00', '103.02', { last: '103.00' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new', 'new']);
    const { sim, clock, updates } = restore(h.sim.snapshot());
    expect(str((await sim.getOrder(trailing.id)).hwm)).toBe('103');
    // Below the stop: only an order that remembers being triggered trades here.
    setAapl(sim, '101.50', '101.52', { last: '101.50' });
    clock.advance(FILL);
    expect(updates.map((u) => [u.event, u.order.id, str(u.price)])).toEqual([['fill', stopLimit.id, '101.52']]);
    // Two below the remembered high of 103.
    setAapl(sim, '100.99', '101.01', { last: '100.99' });
    clock.advance(FILL);
    expect(updates.map((u) => [u.event, u.order.id, str(u.price)])).toEqual([
      ['fill', stopLimit.id, '101.52'],
      ['fill', trailing.id, '100.99'],
    ]);
  });
});
