import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { OrderRefusedError } from '../../src/core/errors.js';
import { after, buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

/** `sell 1 F @ 12.00`: F trades near 10.60, so it rests. */
const sellF: OrderSpec = { symbol: 'F', side: 'sell', type: 'limit', timeInForce: 'day', qty: dec(1), limitPrice: dec('12.00') };
const first = { kind: 'seq', seq: 1 } as const;

/** Nothing was made or sent for the refused replace: one local order, as it was, and no replace at the exchange. */
async function nothingCreated(h: Harness, status: string): Promise<void> {
  expect(h.engine.orders().map((o) => [o.seq, o.status])).toEqual([[1, status]]);
  expect(h.callsOf('replaceOrder')).toEqual([]);
  await h.advance(200);
  expect(h.engine.orders()).toHaveLength(1);
  expect(h.sim.ledger().orders).toHaveLength(1);
  expect(h.sim.ledger().orders[0]?.replacedBy).toBeUndefined();
}

describe('replace where the broker cannot replace', () => {
  it('`replace #1 @ 12.50` right after `sell 1 F @ 12.00`, before the acknowledgement, is refused in the trader\'s words and creates nothing', async () => {
    const h = await startHarness();
    const placed = await h.engine.place(sellF);
    expect(placed.status).toBe('pending_new');
    const refused = h.engine.replace(first, { limitPrice: dec('12.50') });
    await expect(refused).rejects.toThrow(OrderRefusedError);
    await expect(refused).rejects.toThrow('#1 SELL 1 F @ 12.00 is not acknowledged yet; try again in a moment');
    await nothingCreated(h, 'pending_new');
    expect(h.order(1)?.status).toBe('new');
    expect(h.sim.ledger().orders[0]?.limitPrice?.toString()).toBe('12');

    // Once acknowledged, the same replace goes through.
    const replacement = await h.engine.replace(first, { limitPrice: dec('12.50') });
    expect(replacement.seq).toBe(2);
    await h.advance(100);
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['replaced', 'new']);
  });

  it('refuses while the submit itself is still unanswered (no broker id yet)', async () => {
    const h = await startHarness({
      intercept: ({ method }, proceed, clock) => (method === 'submitOrder' ? after(clock, 1_000).then(proceed) : proceed()),
    });
    const placing = h.engine.place(restingBuy(10));
    await h.advance(10);
    expect(h.order(1)?.brokerOrderId).toBeUndefined();
    await expect(h.engine.replace(first, { limitPrice: dec('181.00') })).rejects.toThrow(/^#1 BUY 10 AAPL @ 180\.00 is not acknowledged yet; try again in a moment$/);
    expect(h.engine.orders()).toHaveLength(1);
    await h.drive(placing);
    await h.advance(100);
    expect(h.callsOf('replaceOrder')).toEqual([]);
    expect(h.sim.ledger().orders).toHaveLength(1);
    expect(h.engine.orders().map((o) => o.status)).toEqual(['new']);
  });

  it('refuses while a cancel is pending', async () => {
    const h = await startHarness();
    await h.engine.place(restingBuy(10));
    await h.advance(100);
    await h.engine.cancel(first);
    expect(h.order(1)?.status).toBe('pending_cancel');
    await expect(h.engine.replace(first, { limitPrice: dec('181.00') })).rejects.toThrow(
      /^#1 BUY 10 AAPL @ 180\.00 is being canceled, so it can't be replaced$/,
    );
    await nothingCreated(h, 'pending_cancel');
    expect(h.order(1)?.status).toBe('canceled');
  });

  it('refuses a second replace while the first is pending, and keeps only the first', async () => {
    const h = await startHarness();
    await h.engine.place(restingBuy(10));
    await h.advance(100);
    await h.engine.replace(first, { limitPrice: dec('181.00') });
    expect(h.order(1)?.status).toBe('pending_replace');
    await expect(h.engine.replace(first, { limitPrice: dec('182.00') })).rejects.toThrow(
      /^#1 BUY 10 AAPL @ 180\.00 is already being replaced; try again once that replace is answered$/,
    );
    expect(h.engine.orders()).toHaveLength(2);
    expect(h.callsOf('replaceOrder')).toHaveLength(1);
    await h.advance(100);
    expect(h.sim.ledger().orders.map((o) => [o.status, o.limitPrice?.toString()])).toEqual([
      ['replaced', '180'],
      ['new', '181'],
    ]);
  });

  it('refuses an order that has ended', async () => {
    const h = await startHarness();
    await h.drive(h.engine.place(buy(1)));
    await h.advance(200);
    expect(h.order(1)?.status).toBe('filled');
    await expect(h.engine.replace(first, { qty: dec(2) })).rejects.toThrow(/^#1 BUY 1 AAPL is already filled$/);
    await nothingCreated(h, 'filled');
  });

  it('refuses a dollar-amount order, which the broker never replaces', async () => {
    const h = await startHarness();
    // An empty book: the market order waits for a seller.
    h.sim.setQuote('MSFT', { bid: dec(0), ask: dec(0), last: dec('410.02'), bidSize: dec(0), askSize: dec(0) });
    await h.engine.place({ symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', notional: dec(500) });
    await h.advance(100);
    expect(h.order(1)?.status).toBe('new');
    await expect(h.engine.replace(first, { qty: dec(1) })).rejects.toThrow(
      /^#1 BUY \$500\.00 MSFT is a dollar amount, which the broker can't replace; cancel it and send a new order$/,
    );
    await nothingCreated(h, 'new');
  });

  it('refuses to change a fractional quantity', async () => {
    const h = await startHarness();
    await h.engine.place(restingBuy('0.5'));
    await h.advance(100);
    await expect(h.engine.replace(first, { qty: dec(1) })).rejects.toThrow(/a fractional quantity can't be changed by a replace/);
    await expect(h.engine.replace(first, { qty: dec('0.25') })).rejects.toThrow(/a fractional quantity can't be changed by a replace/);
    await nothingCreated(h, 'new');
  });
});
