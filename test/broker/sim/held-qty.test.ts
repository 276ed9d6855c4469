import { describe, expect, it } from 'vitest';
import { d, harness, setAapl, type Harness } from './helpers.js';

/** A limit sell far above the market: it rests and holds its shares. */
const FAR_SELL = { side: 'sell', type: 'limit', limitPrice: d('150.00'), timeInForce: 'gtc' } as const;
/** A limit buy far below the market. */
const FAR_BUY = { side: 'buy', type: 'limit', limitPrice: d('50.00'), timeInForce: 'gtc' } as const;

function insufficient(requested: string, available: string): object {
  return {
    kind: 'rejected',
    status: 403,
    reason: 'insufficient_qty',
    message: `insufficient qty available for order (requested: ${requested}, available: ${available})`,
  };
}

async function position(h: Harness, qty: string): Promise<void> {
  await h.submit({ side: qty.startsWith('-') ? 'sell' : 'buy', qty: d(qty.replace('-', '')) });
  h.settle();
}

describe('sim held quantity: shares held by open orders cannot be sold again', () => {
  it('a long account sells only what its open sells leave', async () => {
    const h = harness();
    await position(h, '10');
    await h.submit({ ...FAR_SELL, qty: d(6) });
    await expect(h.submit({ ...FAR_SELL, qty: d(5) })).rejects.toMatchObject(insufficient('5', '4'));
    await expect(h.submit({ ...FAR_SELL, qty: d(4) })).resolves.toMatchObject({ status: 'pending_new' });
    await expect(h.submit({ ...FAR_SELL, qty: d(1) })).rejects.toMatchObject(insufficient('1', '0'));
  });

  it('a sale may not carry a long through zero into a short', async () => {
    const h = harness();
    await position(h, '10');
    await expect(h.submit({ side: 'sell', qty: d(15) })).rejects.toMatchObject(insufficient('15', '10'));
    await expect(h.submit({ side: 'sell', qty: d(10) })).resolves.toBeDefined();
  });

  it('names fractional quantities exactly', async () => {
    const h = harness();
    await position(h, '10.5');
    await expect(h.submit({ side: 'sell', qty: d('10.75') })).rejects.toMatchObject(insufficient('10.75', '10.5'));
  });

  it('sizes a dollar sale at the bid', async () => {
    const h = harness();
    await position(h, '10');
    // $2,000 at the 100.00 bid is 20 shares.
    await expect(h.submit({ side: 'sell', notional: d(2000) })).rejects.toMatchObject(insufficient('20', '10'));
  });

  it('counts only what a partly filled sell has left', async () => {
    const h = harness();
    await position(h, '10');
    setAapl(h.sim, '100.00', '100.02', { bid: '3' });
    await h.submit({ side: 'sell', qty: d(8) });
    h.settle();
    // 3 of the 8 sold: 7 held, 5 still to sell.
    await expect(h.submit({ ...FAR_SELL, qty: d(3) })).rejects.toMatchObject(insufficient('3', '2'));
  });

  it('mirrors for a short account: buys to cover are held the same way', async () => {
    const h = harness();
    await position(h, '-10');
    await h.submit({ ...FAR_BUY, qty: d(4) });
    await expect(h.submit({ ...FAR_BUY, qty: d(7) })).rejects.toMatchObject(insufficient('7', '6'));
    await expect(h.submit({ side: 'buy', qty: d(16) })).rejects.toMatchObject(insufficient('16', '6'));
    await expect(h.submit({ ...FAR_BUY, qty: d(6) })).resolves.toBeDefined();
  });

  it('lets a flat account sell short, and a short one sell more, under the buying-power rules', async () => {
    const h = harness();
    await expect(h.submit({ ...FAR_SELL, qty: d(10) })).resolves.toBeDefined();
    await position(h, '-5');
    await expect(h.submit({ ...FAR_SELL, qty: d(10) })).resolves.toBeDefined();
  });

  it('a replace is not held against by the order it replaces', async () => {
    const h = harness();
    await position(h, '10');
    const resting = await h.submit({ ...FAR_SELL, qty: d(10) });
    h.settle();
    await expect(h.sim.replaceOrder(resting.id, { qty: d(11), clientOrderId: 'r-11' })).rejects.toMatchObject(insufficient('11', '10'));
    await expect(h.sim.replaceOrder(resting.id, { qty: d(10), limitPrice: d('140.00'), clientOrderId: 'r-10' })).resolves.toMatchObject({
      status: 'pending_new',
    });
  });

  it('frees the shares once the sell is canceled', async () => {
    const h = harness();
    await position(h, '10');
    const resting = await h.submit({ ...FAR_SELL, qty: d(10) });
    h.settle();
    await h.sim.cancelOrder(resting.id);
    h.settle();
    await expect(h.submit({ side: 'sell', qty: d(10) })).resolves.toBeDefined();
  });
});
