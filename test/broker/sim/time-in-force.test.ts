import { describe, expect, it } from 'vitest';
import { ACK, d, harness, setAapl, str } from './helpers.js';

describe('sim time in force', () => {
  it('ioc fills what is displayed and cancels the rest', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '300' });
    const order = await h.submit({ side: 'buy', qty: d(500), timeInForce: 'ioc' });
    h.settle();
    expect(h.events()).toEqual(['new', 'partial_fill', 'canceled']);
    const done = await h.sim.getOrder(order.id);
    expect([done.status, str(done.filledQty), done.reason]).toEqual(['canceled', '300', 'ioc order remainder canceled']);
    setAapl(h.sim, '100.00', '100.02', { ask: '1000' });
    h.settle();
    expect(h.events()).toHaveLength(3);
  });

  it('ioc that cannot trade is canceled without a fill', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10), timeInForce: 'ioc' });
    h.settle();
    expect(h.events()).toEqual(['new', 'canceled']);
    expect((await h.sim.getOrder(order.id)).filledQty.isZero()).toBe(true);
  });

  it('ioc that can fill in full just fills', async () => {
    const h = harness();
    await h.submit({ side: 'sell', type: 'limit', limitPrice: d('99.00'), qty: d(10), timeInForce: 'ioc' });
    h.settle();
    expect(h.events()).toEqual(['new', 'fill']);
  });

  it('fok fills in full when the displayed size allows', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(500), timeInForce: 'fok' });
    h.settle();
    expect(h.events()).toEqual(['new', 'fill']);
    expect(str(h.updates[1]?.qty)).toBe('500');
  });

  it('fok that cannot fill in full is canceled without any fill', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '300' });
    const order = await h.submit({ side: 'buy', qty: d(500), timeInForce: 'fok' });
    h.settle();
    expect(h.events()).toEqual(['new', 'canceled']);
    expect(h.sim.ledger().fills).toEqual([]);
    expect((await h.sim.getOrder(order.id)).reason).toBe('fok order could not be filled in full');
  });

  it('fok limit away from the market is canceled', async () => {
    const h = harness();
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(5), timeInForce: 'fok' });
    h.settle();
    expect(h.events()).toEqual(['new', 'canceled']);
  });

  it('day and gtc orders rest; the end of the day expires day orders and keeps gtc ones', async () => {
    const h = harness();
    const day = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10), timeInForce: 'day' });
    const gtc = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10), timeInForce: 'gtc' });
    h.clock.advance(60_000);
    expect(h.events()).toEqual(['new', 'new']);
    h.sim.endDay();
    expect(h.updates.slice(2).map((u) => [u.event, u.order.id])).toEqual([['expired', day.id]]);
    expect((await h.sim.getOrder(day.id)).expiredAt).toBeDefined();
    setAapl(h.sim, '89.90', '89.95');
    h.settle();
    expect(h.updates.at(-1)).toMatchObject({ event: 'fill', order: { id: gtc.id } });
  });

  it('the end of the day rolls previous closes and day-start equity', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    setAapl(h.sim, '105.00', '105.02', { last: '105.00' });
    h.sim.endDay();
    expect(str(h.sim.getQuote('AAPL')?.prevClose)).toBe('105');
    const account = await h.sim.getAccount();
    expect(str(account.lastEquity)).toBe(str(account.equity));
    expect(str(account.equity)).toBe(str(d(100000).plus(d('105.00').minus('100.02').times(10))));
  });

  it('rejects opg and cls instead of pretending to support them', async () => {
    const h = harness();
    await expect(h.submit({ side: 'buy', qty: d(1), timeInForce: 'opg' })).rejects.toMatchObject({
      kind: 'rejected',
      status: 422,
      message: 'opg orders are not supported by the simulator',
    });
    await expect(h.submit({ side: 'buy', qty: d(1), timeInForce: 'cls' })).rejects.toMatchObject({
      message: 'cls orders are not supported by the simulator',
    });
    h.clock.advance(ACK * 10);
    expect(h.updates).toEqual([]);
  });
});
