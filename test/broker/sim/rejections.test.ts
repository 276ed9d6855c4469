import { describe, expect, it } from 'vitest';
import type { OrderSpec } from '../../../src/domain/order-types.js';
import { ACK, d, harness, setAapl } from './helpers.js';

type Spec = Partial<OrderSpec> & Pick<OrderSpec, 'side'>;

async function rejection(spec: Spec, clientOrderId?: string): Promise<unknown> {
  const h = harness();
  return h.submit(spec, clientOrderId).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

describe('sim rejections on submit (synchronous, like Alpaca HTTP errors)', () => {
  it.each<[string, Spec, string]>([
    ['unknown symbol', { side: 'buy', symbol: 'ZZZZ', qty: d(1) }, 'unknown symbol ZZZZ'],
    ['zero qty', { side: 'buy', qty: d(0) }, 'qty must be > 0'],
    ['negative qty', { side: 'buy', qty: d(-5) }, 'qty must be > 0'],
    ['no size', { side: 'buy' }, 'qty or notional is required'],
    ['qty and notional', { side: 'buy', qty: d(1), notional: d(100) }, 'qty and notional cannot both be set'],
    ['limit without price', { side: 'buy', type: 'limit', qty: d(1) }, 'limit_price is required for limit orders'],
    ['stop without price', { side: 'sell', type: 'stop', qty: d(1) }, 'stop_price is required for stop orders'],
    ['stop-limit without stop', { side: 'sell', type: 'stop_limit', limitPrice: d(99), qty: d(1) }, 'stop_price is required for stop_limit orders'],
    ['trailing without trail', { side: 'sell', type: 'trailing_stop', qty: d(1) }, 'trail_percent or trail_price is required for trailing_stop orders'],
    ['market with a limit', { side: 'buy', limitPrice: d(99), qty: d(1) }, 'limit_price is not allowed for market orders'],
    ['zero limit', { side: 'buy', type: 'limit', limitPrice: d(0), qty: d(1) }, 'limit_price must be > 0'],
    ['negative stop', { side: 'sell', type: 'stop', stopPrice: d(-1), qty: d(1) }, 'stop_price must be > 0'],
    [
      'sub-penny limit',
      { side: 'buy', type: 'limit', limitPrice: d('99.123'), qty: d(1) },
      'invalid limit_price 99.123. sub-penny increment does not fulfill minimum pricing criteria',
    ],
    ['fractional stop', { side: 'buy', type: 'stop', stopPrice: d(101), qty: d('0.5') }, 'fractional orders must be market or limit orders'],
    ['fractional gtc', { side: 'buy', qty: d('0.5'), timeInForce: 'gtc' }, 'fractional orders must be DAY orders'],
    ['fractional ioc limit', { side: 'buy', type: 'limit', limitPrice: d(99), qty: d('0.5'), timeInForce: 'ioc' }, 'fractional orders must be DAY orders'],
    ['notional gtc', { side: 'buy', notional: d(100), timeInForce: 'gtc' }, 'fractional orders must be DAY orders'],
    ['notional limit', { side: 'buy', type: 'limit', limitPrice: d(99), notional: d(100) }, 'fractional orders must be market orders'],
    ['ioc stop', { side: 'sell', type: 'stop', stopPrice: d(99), qty: d(1), timeInForce: 'ioc' }, 'ioc orders must be market or limit orders'],
  ])('refuses %s with 422', async (_name, spec, message) => {
    expect(await rejection(spec)).toMatchObject({ kind: 'rejected', status: 422, message });
  });

  it('accepts sub-dollar prices to four places but not five', async () => {
    expect(await rejection({ side: 'buy', type: 'limit', limitPrice: d('0.5012'), qty: d(1) })).toBe('accepted');
    expect(await rejection({ side: 'buy', type: 'limit', limitPrice: d('0.50123'), qty: d(1) })).toMatchObject({ status: 422 });
  });

  it('refuses a reused client order id, even after the first order is done', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(1) }, 'same-id');
    h.clock.advance(1000);
    await expect(h.submit({ side: 'buy', qty: d(1) }, 'same-id')).rejects.toMatchObject({
      kind: 'rejected',
      status: 422,
      message: 'client_order_id must be unique',
    });
  });

  it('refuses a buy beyond buying power with 403', async () => {
    const h = harness();
    // 2 × 100,000 buying power; 2,000 × 100.02 = 200,040.
    await expect(h.submit({ side: 'buy', qty: d(2000) })).rejects.toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient buying power (order cost 200040.00, buying power 200000.00)',
    });
    await expect(h.submit({ side: 'buy', qty: d(1999) })).resolves.toMatchObject({ status: 'pending_new' });
  });

  it('values a limit buy at its limit and counts working buys against buying power', async () => {
    const h = harness();
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('50.00'), qty: d(3000), timeInForce: 'gtc' });
    h.settle();
    expect(String((await h.sim.getAccount()).buyingPower)).toBe('50000');
    await expect(h.submit({ side: 'buy', type: 'limit', limitPrice: d('50.00'), qty: d(1001) })).rejects.toMatchObject({ status: 403 });
    await expect(h.submit({ side: 'buy', type: 'limit', limitPrice: d('50.00'), qty: d(1000) })).resolves.toBeDefined();
  });

  it('sells a long position down to zero but not through it, and refuses a short sale beyond buying power', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '5000', bid: '5000' });
    await h.submit({ side: 'buy', qty: d(1000) });
    h.settle();
    // As Alpaca: the short that a flip would open is an order of its own, sent once the account is flat.
    await expect(h.submit({ side: 'sell', qty: d(1001) })).rejects.toMatchObject({
      status: 403,
      reason: 'insufficient_qty',
      message: 'insufficient qty available for order (requested: 1001, available: 1000)',
    });
    await h.submit({ side: 'sell', qty: d(1000) });
    h.settle();
    // Flat with equity 99,980 (paid the spread once): buying power 199,960. Shorting 2,000 at the
    // 100.00 bid needs 200,000; 1,999 needs 199,900 and leaves 60.
    await expect(h.submit({ side: 'sell', qty: d(2000) })).rejects.toMatchObject({ status: 403, reason: 'insufficient_buying_power' });
    await expect(h.submit({ side: 'sell', qty: d(1999) })).resolves.toBeDefined();
    expect(String((await h.sim.getAccount()).buyingPower)).toBe('60');
    await expect(h.submit({ side: 'sell', qty: d(1) })).rejects.toMatchObject({ status: 403, reason: 'insufficient_buying_power' });
  });

  it('refuses fractional short sales', async () => {
    await expect(rejection({ side: 'sell', qty: d('0.5') })).resolves.toMatchObject({
      status: 403,
      message: 'fractional orders cannot be sold short',
    });
  });

  it('leaves no order behind when it refuses one', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(0) }, 'refused').catch(() => undefined);
    await expect(h.sim.getOrderByClientId('refused')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await h.sim.listOrders({ status: 'all' })).toEqual([]);
    h.clock.advance(ACK * 10);
    expect(h.updates).toEqual([]);
  });
});
