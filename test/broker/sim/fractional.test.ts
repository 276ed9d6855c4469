import { describe, expect, it } from 'vitest';
import { d, harness, str } from './helpers.js';

/** Alpaca's minimums for fractional shares and dollar amounts (research/alpaca-behaviours.md §2.9). */
describe('sim fractional and dollar orders, as strict as Alpaca', () => {
  it('accepts and fills a fractional limit day order, which Alpaca also takes', async () => {
    const h = harness();
    await expect(h.submit({ side: 'buy', type: 'limit', limitPrice: d('100.02'), qty: d('0.5') })).resolves.toMatchObject({
      status: 'pending_new',
    });
    h.settle();
    expect(str(h.sim.ledger().positions['AAPL']?.qty)).toBe('0.5');
  });

  it.each([
    ['a stop', { type: 'stop' as const, stopPrice: d(101) }, 'fractional orders must be market or limit orders'],
    ['a trailing stop', { type: 'trailing_stop' as const, trailPercent: d(1) }, 'fractional orders must be market or limit orders'],
    ['GTC', { timeInForce: 'gtc' as const }, 'fractional orders must be DAY orders'],
    ['FOK', { timeInForce: 'fok' as const }, 'fractional orders must be DAY orders'],
  ])('refuses fractional shares in %s order with 422, leaving no order', async (_name, terms, message) => {
    const h = harness();
    await expect(h.submit({ side: 'buy', qty: d('0.5'), ...terms })).rejects.toMatchObject({ kind: 'rejected', status: 422, message });
    expect(await h.sim.listOrders({ status: 'all' })).toEqual([]);
  });

  it('refuses a dollar amount under $1, to buy or to sell, with 403 "cost basis must be >= 1"', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(1) });
    h.settle();
    for (const side of ['buy', 'sell'] as const) {
      await expect(h.submit({ side, notional: d('0.99') })).rejects.toMatchObject({
        kind: 'rejected',
        status: 403,
        message: 'cost basis must be >= 1',
      });
    }
    await expect(h.submit({ side: 'buy', notional: d('1.00') })).resolves.toMatchObject({ status: 'pending_new' });
  });

  it('refuses a dollar amount in a GTC order', async () => {
    const h = harness();
    await expect(h.submit({ side: 'buy', notional: d(50), timeInForce: 'gtc' })).rejects.toMatchObject({
      status: 422,
      message: 'fractional orders must be DAY orders',
    });
  });

  it('refuses to replace a dollar-amount order', async () => {
    const h = harness({ fillLatencyMs: 60_000 });
    const order = await h.submit({ side: 'buy', notional: d(50) });
    h.settle(20);
    await expect(h.sim.replaceOrder(order.id, { clientOrderId: 'replacement', qty: d(1) })).rejects.toMatchObject({
      kind: 'rejected',
      message: 'notional orders cannot be replaced',
    });
  });
});
