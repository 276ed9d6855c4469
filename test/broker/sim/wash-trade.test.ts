import { describe, expect, it } from 'vitest';
import { d, harness, type Harness } from './helpers.js';

const WASH = { kind: 'rejected', status: 403, reason: 'wash_trade', message: 'potential wash trade detected. use complex orders' };

async function restingSell(h: Harness): Promise<string> {
  const order = await h.submit({ side: 'sell', type: 'limit', limitPrice: d('150.00'), qty: d(5), timeInForce: 'gtc' });
  h.settle();
  return order.id;
}

describe('sim wash-trade protection', () => {
  it('refuses a simple order while an order on the other side of the symbol is open', async () => {
    const h = harness();
    await restingSell(h);
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject(WASH);
    await expect(h.submit({ side: 'buy', type: 'stop', stopPrice: d('110.00'), qty: d(1) })).rejects.toMatchObject(WASH);
  });

  it('allows the same side, another symbol, and the other side once the order is gone', async () => {
    const h = harness();
    const sell = await restingSell(h);
    await expect(h.submit({ side: 'sell', type: 'limit', limitPrice: d('151.00'), qty: d(1) })).resolves.toBeDefined();
    await expect(h.submit({ side: 'buy', symbol: 'MSFT', qty: d(1) })).resolves.toBeDefined();
    await h.sim.cancelOrder(sell);
    h.settle();
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject(WASH);
    const open = await h.sim.listOrders({ status: 'open', symbols: ['AAPL'] });
    for (const order of open) await h.sim.cancelOrder(order.id);
    h.settle();
    await expect(h.submit({ side: 'buy', qty: d(1) })).resolves.toBeDefined();
  });

  it('exempts trailing stops and complex orders', async () => {
    const h = harness();
    await restingSell(h);
    await expect(h.submit({ side: 'buy', type: 'trailing_stop', trailPercent: d(2), qty: d(1) })).resolves.toBeDefined();
    const bracket = {
      side: 'buy',
      type: 'limit',
      limitPrice: d('90.00'),
      qty: d(1),
      takeProfit: { limitPrice: d('120.00') },
      stopLoss: { stopPrice: d('80.00') },
    } as const;
    await expect(h.submit({ ...bracket, orderClass: 'bracket' })).resolves.toBeDefined();
    await expect(h.submit({ ...bracket, orderClass: 'oto', stopLoss: undefined })).resolves.toBeDefined();
  });

  it('exempts an oco closing a short while another sell is open', async () => {
    const h = harness();
    await h.submit({ side: 'sell', qty: d(10) });
    h.settle();
    await restingSell(h);
    await expect(
      h.submit({ side: 'buy', type: 'limit', qty: d(10), orderClass: 'oco', takeProfit: { limitPrice: d('90.00') }, stopLoss: { stopPrice: d('110.00') } }),
    ).resolves.toMatchObject({ orderClass: 'oco' });
  });

  it('counts a bracket, legs held on their entry included, as open on both sides', async () => {
    const h = harness();
    await h.submit({
      side: 'buy',
      type: 'limit',
      limitPrice: d('90.00'),
      qty: d(1),
      orderClass: 'bracket',
      takeProfit: { limitPrice: d('120.00') },
      stopLoss: { stopPrice: d('80.00') },
    });
    h.settle();
    await expect(h.submit({ side: 'sell', qty: d(1) })).rejects.toMatchObject(WASH);
    await expect(h.submit({ side: 'buy', qty: d(1) })).rejects.toMatchObject(WASH);
  });
});
