import { describe, expect, it } from 'vitest';
import type { BrokerOrder } from '../../../src/broker/port.js';
import { ACK, FILL, d, harness, setAapl, str, type Harness, type Request } from './helpers.js';

/** A buy of 10 AAPL at the 100.02 ask, taking profit at 105 and stopping out at 95. */
const BRACKET: Request = {
  side: 'buy',
  type: 'limit',
  limitPrice: d('100.02'),
  qty: d(10),
  orderClass: 'bracket',
  takeProfit: { limitPrice: d('105.00') },
  stopLoss: { stopPrice: d('95.00') },
};

function legsOf(order: BrokerOrder): readonly BrokerOrder[] {
  if (order.legs === undefined) throw new Error(`order ${order.id} has no legs`);
  return order.legs;
}

/** Each update as [event, which order (entry, tp, sl), its status]. */
function story(h: Harness, parent: BrokerOrder, from = 0): string[][] {
  const [tp, sl] = legsOf(parent);
  const name = new Map([
    [parent.id, 'entry'],
    [tp?.id, 'tp'],
    [sl?.id, 'sl'],
  ]);
  return h.updates.slice(from).map((u) => [u.event, name.get(u.order.id) ?? u.order.id, u.order.status]);
}

async function filledBracket(h: Harness, request: Request = BRACKET): Promise<{ parent: BrokerOrder; tp: BrokerOrder; sl: BrokerOrder }> {
  const parent = await h.submit(request);
  h.settle();
  const [tp, sl] = legsOf(parent);
  if (tp === undefined || sl === undefined) throw new Error('a bracket has two legs');
  return { parent, tp, sl };
}

describe('sim bracket orders: submit', () => {
  it('answers with the entry and its two legs nested, held, each its own order on the other side', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, timeInForce: 'gtc' }, 'entry-1');
    expect(parent).toMatchObject({ orderClass: 'bracket', status: 'pending_new', clientOrderId: 'entry-1', side: 'buy' });
    const [tp, sl] = legsOf(parent);
    expect(tp).toMatchObject({ orderClass: 'bracket', side: 'sell', type: 'limit', timeInForce: 'gtc', status: 'held' });
    expect(sl).toMatchObject({ orderClass: 'bracket', side: 'sell', type: 'stop', timeInForce: 'gtc', status: 'held' });
    expect([str(tp?.qty), str(tp?.limitPrice), str(sl?.qty), str(sl?.stopPrice)]).toEqual(['10', '105', '10', '95']);
    expect(tp?.legs).toBeUndefined();
    const ids = [parent.id, tp?.id, sl?.id];
    const clientIds = [parent.clientOrderId, tp?.clientOrderId, sl?.clientOrderId];
    expect(new Set(ids).size).toBe(3);
    expect(new Set(clientIds).size).toBe(3);
    expect(await h.sim.getOrder(sl?.id ?? '')).toEqual(sl);
    expect(await h.sim.getOrderByClientId(tp?.clientOrderId ?? '')).toEqual(tp);
  });

  it('makes a stop-limit leg when the stop loss has a limit, and day legs for a day entry', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, stopLoss: { stopPrice: d('95.00'), limitPrice: d('94.50') } });
    const sl = legsOf(parent)[1];
    expect(sl).toMatchObject({ type: 'stop_limit', timeInForce: 'day' });
    expect([str(sl?.stopPrice), str(sl?.limitPrice)]).toEqual(['95', '94.5']);
  });

  it('makes each leg a client order id no client has used', async () => {
    const h = harness();
    const first = await h.submit({ side: 'buy', qty: d(1) });
    const nthId = (n: number): string => `${(parseInt(first.id.slice(0, 8), 16) + n).toString(16).padStart(8, '0')}${first.id.slice(8)}`;
    // Next come this order, the bracket's entry and its take-profit: a client takes the take-profit's id as its own text.
    const takenId = nthId(3);
    await h.submit({ side: 'buy', qty: d(1) }, takenId);
    h.settle();
    const parent = await h.submit(BRACKET);
    const [tp, sl] = legsOf(parent);
    expect(tp?.id).toBe(takenId);
    expect(tp?.clientOrderId).toBe(`${takenId}-1`);
    expect(sl?.clientOrderId).toBe(sl?.id);
    expect((await h.sim.getOrderByClientId(takenId)).orderClass).toBe('simple');
  });

  it('holds no buying power for the legs: only the entry costs', async () => {
    const plain = harness();
    await plain.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    const bracket = harness();
    await bracket.submit({ ...BRACKET, limitPrice: d('90.00') });
    expect(str((await bracket.sim.getAccount()).buyingPower)).toBe(str((await plain.sim.getAccount()).buyingPower));
  });
});

describe('sim bracket orders: legs follow the entry', () => {
  it('announces the legs held with the entry; once it fills the take-profit goes new, the stop-loss stays held', async () => {
    const h = harness();
    const { parent, tp, sl } = await filledBracket(h);
    expect(story(h, parent)).toEqual([
      ['new', 'entry', 'new'],
      ['held', 'tp', 'held'],
      ['held', 'sl', 'held'],
      ['fill', 'entry', 'filled'],
      ['new', 'tp', 'new'],
    ]);
    expect(legsOf(h.updates[0]?.order as BrokerOrder).map((l) => l.status)).toEqual(['held', 'held']);
    expect(legsOf(h.updates[3]?.order as BrokerOrder).map((l) => l.status)).toEqual(['held', 'held']);
    expect((await h.sim.getOrder(tp.id)).status).toBe('new');
    expect((await h.sim.getOrder(sl.id)).status).toBe('held');
    expect(legsOf(await h.sim.getOrder(parent.id)).map((l) => l.status)).toEqual(['new', 'held']);
  });

  it('holds the shares once: the pair sells them, nothing else can, and the pair takes no buying power', async () => {
    const h = harness();
    await filledBracket(h);
    await expect(h.submit({ side: 'sell', qty: d(1) })).rejects.toMatchObject({
      reason: 'insufficient_qty',
      message: 'insufficient qty available for order (requested: 1, available: 0)',
    });
    const plain = harness();
    await plain.submit({ side: 'buy', type: 'limit', limitPrice: d('100.02'), qty: d(10) });
    plain.settle();
    expect(str((await h.sim.getAccount()).buyingPower)).toBe(str((await plain.sim.getAccount()).buyingPower));
  });

  it('take-profit fills: the stop-loss goes from held straight to canceled, never new', async () => {
    const h = harness();
    const { parent } = await filledBracket(h);
    const before = h.updates.length;
    setAapl(h.sim, '105.00', '105.02');
    h.settle(FILL);
    expect(story(h, parent, before)).toEqual([
      ['fill', 'tp', 'filled'],
      ['canceled', 'sl', 'canceled'],
    ]);
    expect(h.sim.ledger().positions['AAPL']?.qty.isZero()).toBe(true);
  });

  it('the held stop-loss is live: its stop triggers and it fills from held; the take-profit is canceled', async () => {
    const h = harness();
    const { parent } = await filledBracket(h);
    const before = h.updates.length;
    setAapl(h.sim, '95.50', '95.52', { last: '95.51' });
    h.settle(FILL);
    expect(story(h, parent, before)).toEqual([]);
    setAapl(h.sim, '94.98', '95.00', { last: '95.00' });
    h.settle(FILL);
    expect(story(h, parent, before)).toEqual([
      ['fill', 'sl', 'filled'],
      ['canceled', 'tp', 'canceled'],
    ]);
    expect(str(h.updates.at(-2)?.price)).toBe('94.98');
  });

  it('the legs wait while the entry works: the stop does not trigger before the entry fills', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    setAapl(h.sim, '94.00', '94.02', { last: '94.00' });
    h.settle(FILL);
    expect(story(h, parent)).toEqual([
      ['new', 'entry', 'new'],
      ['held', 'tp', 'held'],
      ['held', 'sl', 'held'],
    ]);
    expect(h.sim.ledger().fills).toEqual([]);
  });

  it('a partial fill of the take-profit cuts the stop-loss to what is left', async () => {
    const h = harness();
    const { tp, sl } = await filledBracket(h);
    setAapl(h.sim, '105.00', '105.02', { bid: '4' });
    h.settle(FILL);
    expect(str((await h.sim.getOrder(tp.id)).filledQty)).toBe('4');
    const cut = await h.sim.getOrder(sl.id);
    expect([cut.status, str(cut.qty)]).toEqual(['held', '6']);
  });

  it('an entry canceled with nothing filled takes its legs with it: held to canceled, no new', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    await h.sim.cancelOrder(parent.id);
    h.clock.advance(ACK);
    expect(story(h, parent).slice(3)).toEqual([
      ['canceled', 'entry', 'canceled'],
      ['canceled', 'tp', 'canceled'],
      ['canceled', 'sl', 'canceled'],
    ]);
  });

  it('an entry canceled after a partial fill leaves the legs live, cut to the filled quantity', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '4' });
    const parent = await h.submit(BRACKET);
    h.settle();
    await h.sim.cancelOrder(parent.id);
    h.clock.advance(ACK);
    expect(story(h, parent).slice(3)).toEqual([
      ['partial_fill', 'entry', 'partially_filled'],
      ['canceled', 'entry', 'canceled'],
      ['new', 'tp', 'new'],
    ]);
    const [tp, sl] = legsOf(await h.sim.getOrder(parent.id));
    expect([tp?.status, str(tp?.qty), sl?.status, str(sl?.qty)]).toEqual(['new', '4', 'held', '4']);
    setAapl(h.sim, '94.98', '95.00', { last: '95.00' });
    h.settle(FILL);
    expect(h.sim.ledger().positions['AAPL']?.qty.isZero()).toBe(true);
  });

  it('a day entry left at the end of the day expires with its legs', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    h.sim.endDay();
    expect(story(h, parent).slice(3)).toEqual([
      ['expired', 'entry', 'expired'],
      ['expired', 'tp', 'expired'],
      ['expired', 'sl', 'expired'],
    ]);
  });

  it('gtc legs stay working through the end of the day', async () => {
    const h = harness();
    const { parent } = await filledBracket(h, { ...BRACKET, timeInForce: 'gtc' });
    h.sim.endDay();
    expect(legsOf(await h.sim.getOrder(parent.id)).map((l) => l.status)).toEqual(['new', 'held']);
  });
});

describe('sim bracket orders: cancel', () => {
  it('cancelling the filled entry cancels its legs', async () => {
    const h = harness();
    const { parent } = await filledBracket(h);
    const before = h.updates.length;
    await h.sim.cancelOrder(parent.id);
    h.clock.advance(ACK);
    expect(story(h, parent, before)).toEqual([
      ['canceled', 'tp', 'canceled'],
      ['canceled', 'sl', 'canceled'],
    ]);
    await expect(h.sim.cancelOrder(parent.id)).rejects.toMatchObject({ kind: 'not_cancelable', message: 'order is already in "filled" state' });
  });

  it('cancelling either leg of the live pair cancels the pair', async () => {
    const h = harness();
    const { parent, sl } = await filledBracket(h);
    const before = h.updates.length;
    await h.sim.cancelOrder(sl.id);
    h.clock.advance(ACK);
    expect(story(h, parent, before)).toEqual([
      ['canceled', 'tp', 'canceled'],
      ['canceled', 'sl', 'canceled'],
    ]);
  });

  it('cancelling a leg still waiting on its entry cancels the whole order', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    await h.sim.cancelOrder(legsOf(parent)[0]?.id ?? '');
    h.clock.advance(ACK);
    expect(story(h, parent).slice(3).map(([event, who]) => `${event} ${who}`)).toEqual(['canceled entry', 'canceled tp', 'canceled sl']);
  });

  it('refuses a replace of a bracket or its legs, saying what to do instead', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, limitPrice: d('90.00') });
    h.settle();
    const message = "bracket orders cannot be replaced (only an oco's qty can): cancel it and submit a new one";
    await expect(h.sim.replaceOrder(parent.id, { clientOrderId: 'r1', limitPrice: d('91.00') })).rejects.toMatchObject({ status: 422, reason: 'invalid_order', message });
    const { tp } = await filledBracket(h);
    await expect(h.sim.replaceOrder(tp.id, { clientOrderId: 'r2', limitPrice: d('106.00') })).rejects.toMatchObject({ message });
  });
});

describe('sim oto orders', () => {
  it('an entry with a stop-loss only: the stop goes live, held, once the entry fills, and protects the shares', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, orderClass: 'oto', takeProfit: undefined });
    h.settle();
    const [sl] = legsOf(await h.sim.getOrder(parent.id));
    expect(legsOf(parent)).toHaveLength(1);
    expect(sl).toMatchObject({ orderClass: 'oto', type: 'stop', status: 'held' });
    setAapl(h.sim, '94.98', '95.00', { last: '95.00' });
    h.settle(FILL);
    expect((await h.sim.getOrder(sl?.id ?? '')).status).toBe('filled');
  });

  it('an entry with a take-profit only: the take-profit goes new once the entry fills', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, orderClass: 'oto', stopLoss: undefined });
    h.settle();
    expect(legsOf(await h.sim.getOrder(parent.id)).map((l) => [l.type, l.status])).toEqual([['limit', 'new']]);
  });
});
