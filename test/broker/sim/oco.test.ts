import { describe, expect, it } from 'vitest';
import type { BrokerOrder } from '../../../src/broker/port.js';
import { ACK, FILL, d, harness, setAapl, str, type Harness, type Request } from './helpers.js';

/** An exit for 10 AAPL held: take profit at 105, stop out at 95. */
const OCO: Request = {
  side: 'sell',
  type: 'limit',
  qty: d(10),
  timeInForce: 'gtc',
  orderClass: 'oco',
  takeProfit: { limitPrice: d('105.00') },
  stopLoss: { stopPrice: d('95.00') },
};

async function long(h: Harness, qty: number): Promise<void> {
  await h.submit({ side: 'buy', qty: d(qty) });
  h.settle();
}

function stopLeg(order: BrokerOrder): BrokerOrder {
  const leg = order.legs?.[0];
  if (leg === undefined || order.legs?.length !== 1) throw new Error(`order ${order.id} should have one leg`);
  return leg;
}

function eventsSince(h: Harness, from: number, names: Record<string, string>): string[] {
  return h.updates.slice(from).map((u) => `${u.event} ${names[u.order.id] ?? u.order.id} ${u.order.status}`);
}

describe('sim oco orders', () => {
  it('is an exit: the take-profit limit is the order, the stop-loss its leg, both for the same shares', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    expect(parent).toMatchObject({ orderClass: 'oco', type: 'limit', side: 'sell', status: 'pending_new' });
    expect(str(parent.limitPrice)).toBe('105');
    const sl = stopLeg(parent);
    expect(sl).toMatchObject({ orderClass: 'oco', type: 'stop', side: 'sell', status: 'held', timeInForce: 'gtc' });
    expect([str(sl.qty), str(sl.stopPrice)]).toEqual(['10', '95']);
    const before = h.updates.length;
    h.clock.advance(ACK);
    expect(eventsSince(h, before, { [parent.id]: 'tp', [sl.id]: 'sl' })).toEqual(['new tp new', 'held sl held']);
  });

  it('refuses an oco for shares the account does not hold', async () => {
    const h = harness();
    await expect(h.submit(OCO)).rejects.toMatchObject({
      status: 403,
      reason: 'insufficient_qty',
      message: 'insufficient qty available for order (requested: 10, available: 0)',
    });
    await long(h, 6);
    await expect(h.submit(OCO)).rejects.toMatchObject({ message: 'insufficient qty available for order (requested: 10, available: 6)' });
  });

  it('both sides are live at once: the stop fills from held and cancels the take-profit', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    h.clock.advance(ACK);
    const before = h.updates.length;
    setAapl(h.sim, '94.98', '95.00', { last: '95.00' });
    h.settle(FILL);
    expect(eventsSince(h, before, { [parent.id]: 'tp', [stopLeg(parent).id]: 'sl' })).toEqual(['fill sl filled', 'canceled tp canceled']);
    expect(h.sim.ledger().positions['AAPL']?.qty.isZero()).toBe(true);
  });

  it('the take-profit filling cancels the held stop leg, without a new', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    h.clock.advance(ACK);
    const before = h.updates.length;
    setAapl(h.sim, '105.00', '105.02');
    h.settle(FILL);
    expect(eventsSince(h, before, { [parent.id]: 'tp', [stopLeg(parent).id]: 'sl' })).toEqual(['fill tp filled', 'canceled sl canceled']);
  });

  it('a partial fill of the take-profit cuts the stop leg to what is left', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    h.clock.advance(ACK);
    setAapl(h.sim, '105.00', '105.02', { bid: '3' });
    h.settle(FILL);
    expect(str(stopLeg(await h.sim.getOrder(parent.id)).qty)).toBe('7');
  });

  it('holds the shares once: what the pair holds cannot be sold again, the rest can', async () => {
    const h = harness();
    await long(h, 20);
    await h.submit(OCO);
    await expect(h.submit({ side: 'sell', qty: d(11) })).rejects.toMatchObject({
      reason: 'insufficient_qty',
      message: 'insufficient qty available for order (requested: 11, available: 10)',
    });
    await expect(h.submit({ side: 'sell', qty: d(10) })).resolves.toMatchObject({ status: 'pending_new' });
  });

  it('cancelling either side cancels the pair', async () => {
    for (const side of ['tp', 'sl'] as const) {
      const h = harness();
      await long(h, 10);
      const parent = await h.submit(OCO);
      h.clock.advance(ACK);
      const sl = stopLeg(parent);
      const before = h.updates.length;
      await h.sim.cancelOrder(side === 'tp' ? parent.id : sl.id);
      h.clock.advance(ACK);
      expect(eventsSince(h, before, { [parent.id]: 'tp', [sl.id]: 'sl' }), side).toEqual(['canceled tp canceled', 'canceled sl canceled']);
    }
  });

  it('refuses an oco that is not a take-profit limit above its stop', async () => {
    const h = harness();
    await long(h, 10);
    await expect(h.submit({ ...OCO, type: 'market' })).rejects.toMatchObject({ status: 422, message: 'oco orders must be limit orders' });
    await expect(h.submit({ ...OCO, limitPrice: d('104.00') })).rejects.toMatchObject({
      message: 'limit_price 104 must equal take_profit.limit_price 105 in an oco order',
    });
    await expect(h.submit({ ...OCO, stopLoss: { stopPrice: d('106.00') } })).rejects.toMatchObject({
      message: 'take_profit.limit_price 105 must be above stop_loss.stop_price 106 for a sell oco',
    });
  });
});

describe('sim oco orders: resizing with a qty replace', () => {
  it('replaces the take-profit and carries the stop leg over, resized, under the same id', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit({ ...OCO, qty: d(4) });
    h.clock.advance(ACK);
    const sl = stopLeg(parent);
    const replacement = await h.sim.replaceOrder(parent.id, { qty: d(8), clientOrderId: 'oco-8' });
    expect(replacement).toMatchObject({ orderClass: 'oco', replaces: parent.id, status: 'pending_new', clientOrderId: 'oco-8' });
    const before = h.updates.length;
    h.clock.advance(ACK);
    expect(eventsSince(h, before, { [parent.id]: 'old tp', [replacement.id]: 'new tp' })).toEqual(['replaced old tp replaced', 'new new tp new']);
    const nested = stopLeg(h.updates.at(-1)?.order as BrokerOrder);
    expect([nested.id, nested.status, str(nested.qty)]).toEqual([sl.id, 'held', '8']);
    expect((await h.sim.getOrder(parent.id)).legs).toEqual([]);
    // The resized pair holds 8 of the 10 shares, once.
    await expect(h.submit({ side: 'sell', qty: d(3) })).rejects.toMatchObject({ reason: 'insufficient_qty' });
    await expect(h.submit({ side: 'sell', qty: d(2) })).resolves.toBeDefined();
  });

  it('a qty replace named on the stop leg resizes the pair through its take-profit', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit({ ...OCO, qty: d(4) });
    h.clock.advance(ACK);
    const replacement = await h.sim.replaceOrder(stopLeg(parent).id, { qty: d(10), clientOrderId: 'oco-10' });
    expect(replacement.replaces).toBe(parent.id);
    h.clock.advance(ACK);
    const resized = await h.sim.getOrder(replacement.id);
    expect([resized.status, str(resized.qty), str(stopLeg(resized).qty)]).toEqual(['new', '10', '10']);
  });

  it('the stop leg keeps working under the replacement: it still cancels the take-profit when it fills', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit({ ...OCO, qty: d(4) });
    h.clock.advance(ACK);
    const replacement = await h.sim.replaceOrder(parent.id, { qty: d(10), clientOrderId: 'oco-10' });
    h.clock.advance(ACK);
    setAapl(h.sim, '94.98', '95.00', { last: '95.00' });
    h.settle(FILL);
    expect((await h.sim.getOrder(replacement.id)).status).toBe('canceled');
    expect(h.sim.ledger().positions['AAPL']?.qty.isZero()).toBe(true);
  });

  it('refuses to grow the pair beyond the shares held; the pair does not hold against its own replacement', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    h.clock.advance(ACK);
    await expect(h.sim.replaceOrder(parent.id, { qty: d(11), clientOrderId: 'oco-11' })).rejects.toMatchObject({
      reason: 'insufficient_qty',
      message: 'insufficient qty available for order (requested: 11, available: 10)',
    });
    await expect(h.sim.replaceOrder(parent.id, { qty: d(10), clientOrderId: 'oco-10' })).resolves.toMatchObject({ status: 'pending_new' });
  });

  it('refuses any other change to an oco, saying what it takes', async () => {
    const h = harness();
    await long(h, 10);
    const parent = await h.submit(OCO);
    h.clock.advance(ACK);
    const message = 'only the qty of an oco order can be replaced: send qty alone';
    await expect(h.sim.replaceOrder(parent.id, { limitPrice: d('106.00'), clientOrderId: 'r1' })).rejects.toMatchObject({ status: 422, message });
    await expect(h.sim.replaceOrder(stopLeg(parent).id, { qty: d(5), stopPrice: d('96.00'), clientOrderId: 'r2' })).rejects.toMatchObject({ message });
  });
});
