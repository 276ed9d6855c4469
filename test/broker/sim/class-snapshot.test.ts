import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/kernel/clock.js';
import type { BrokerOrder, TradeUpdate } from '../../../src/broker/port.js';
import { SnapshotReplay, type SimDelta } from '../../../src/broker/sim/delta.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import type { SimDurability } from '../../../src/broker/sim/sim-options.js';
import type { SimSnapshot } from '../../../src/broker/sim/snapshot.js';
import { ACK, FILL, d, harness, setAapl, type Request } from './helpers.js';

const BRACKET: Request = {
  side: 'buy',
  type: 'limit',
  limitPrice: d('100.02'),
  qty: d(10),
  timeInForce: 'gtc',
  orderClass: 'bracket',
  takeProfit: { limitPrice: d('105.00') },
  stopLoss: { stopPrice: d('95.00') },
};

function restart(snapshot: SimSnapshot): { sim: SimExchange; clock: ManualClock; updates: TradeUpdate[] } {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, snapshot: JSON.parse(JSON.stringify(snapshot)) as SimSnapshot, ackLatencyMs: ACK, fillLatencyMs: FILL });
  const updates: TradeUpdate[] = [];
  sim.subscribeTradeUpdates((u) => updates.push(u));
  return { sim, clock, updates };
}

function legs(order: BrokerOrder): string[] {
  return (order.legs ?? []).map((leg) => `${leg.id} ${leg.orderClass} ${leg.status} ${String(leg.qty)}`);
}

describe('sim class orders across a restart', () => {
  it('keeps the class, the leg links and the live stop leg: after the restart it still fills and cancels its sibling', async () => {
    const h = harness();
    const parent = await h.submit(BRACKET);
    h.settle();
    const before = await h.sim.getOrder(parent.id);
    const { sim, clock, updates } = restart(h.sim.snapshot());
    const after = await sim.getOrder(parent.id);
    expect(after.orderClass).toBe('bracket');
    expect(legs(after)).toEqual(legs(before));
    setAapl(sim, '94.98', '95.00', { last: '95.00' });
    clock.advance(FILL);
    const [tp, sl] = before.legs ?? [];
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([
      ['fill', sl?.id],
      ['canceled', tp?.id],
    ]);
  });

  it('keeps legs waiting on a working entry held and inert until the entry fills', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    const { sim, clock, updates } = restart(h.sim.snapshot());
    setAapl(sim, '94.00', '94.02', { last: '94.00' });
    clock.advance(FILL);
    expect(updates).toEqual([]);
    setAapl(sim, '89.98', '90.00', { last: '90.00' });
    clock.advance(FILL);
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([
      ['fill', parent.id],
      ['new', parent.legs?.[0]?.id],
    ]);
  });

  it('acknowledges a bracket submitted just before the restart, announcing its legs', async () => {
    const h = harness();
    const parent = await h.submit(BRACKET);
    const { clock, updates } = restart(h.sim.snapshot());
    clock.advance(ACK);
    expect(updates.map((u) => [u.event, u.order.id])).toEqual([
      ['new', parent.id],
      ['held', parent.legs?.[0]?.id],
      ['held', parent.legs?.[1]?.id],
    ]);
  });

  it('lands an oco resize that was in flight: the stop leg moves under the replacement', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    const oco = await h.submit({ side: 'sell', type: 'limit', qty: d(4), timeInForce: 'gtc', orderClass: 'oco', takeProfit: { limitPrice: d('105.00') }, stopLoss: { stopPrice: d('95.00') } });
    h.clock.advance(ACK);
    const replacement = await h.sim.replaceOrder(oco.id, { qty: d(10), clientOrderId: 'oco-10' });
    const { sim, clock } = restart(h.sim.snapshot());
    clock.advance(ACK);
    const resized = await sim.getOrder(replacement.id);
    expect([resized.status, resized.legs?.[0]?.id, String(resized.legs?.[0]?.qty)]).toEqual(['new', oco.legs?.[0]?.id, '10']);
  });

  it('loads orders saved before order classes existed as simple ones', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(1) });
    const saved = h.sim.snapshot();
    const old = { ...saved, orders: saved.orders.map(({ orderClass: _dropped, ...rest }) => rest) } as unknown as SimSnapshot;
    const { sim } = restart(old);
    expect((await sim.getOrder(order.id)).orderClass).toBe('simple');
  });

  it('archives a parent only with its legs, once all of them are done', async () => {
    const durability: SimDurability = { append: async () => {}, replace: async () => {}, wantsSnapshot: false, failed: () => {} };
    const h = harness({ durability, retentionMs: 1000 });
    const parent = await h.submit(BRACKET);
    h.settle();
    h.clock.advance(5000);
    await h.sim.checkpoint();
    expect((await h.sim.getOrder(parent.id)).legs?.map((leg) => leg.status)).toEqual(['new', 'held']);
    setAapl(h.sim, '105.00', '105.02');
    h.settle(FILL);
    h.clock.advance(5000);
    await h.sim.checkpoint();
    expect(h.sim.ledger().orders).toEqual([]);
  });

  it('replays a journal of class orders to the same book', async () => {
    let base: SimSnapshot | undefined;
    const deltas: SimDelta[] = [];
    const durability: SimDurability = {
      append: async (delta) => void deltas.push(delta),
      replace: async (snapshot) => {
        base = snapshot;
        deltas.length = 0;
      },
      wantsSnapshot: false,
      failed: () => {},
    };
    const h = harness({ durability });
    await h.sim.checkpoint();
    const parent = await h.submit(BRACKET);
    h.settle();
    await h.sim.settled();
    const replay = new SnapshotReplay(base as SimSnapshot);
    for (const delta of deltas) replay.apply(delta);
    const { sim } = restart(replay.result());
    expect(await sim.getOrder(parent.id)).toEqual(await h.sim.getOrder(parent.id));
    expect(sim.ledger().orders).toEqual(h.sim.ledger().orders);
  });
});
