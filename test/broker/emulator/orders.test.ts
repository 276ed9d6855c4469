import { describe, expect, it } from 'vitest';
import { emulator, order } from './helpers.js';

const FAR_BUY = { side: 'buy', type: 'limit', limit_price: '50.00', time_in_force: 'gtc' };

describe('emulator orders over the sim exchange', () => {
  it('accepts a market order, then reports it filled once the sim fills it', async () => {
    const e = await emulator();
    const submitted = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: '2', client_order_id: 'm-1' }) });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ symbol: 'AAPL', side: 'buy', qty: '2', filled_qty: '0', client_order_id: 'm-1', order_class: 'simple' });
    expect(['pending_new', 'new']).toContain(submitted.body.status);
    e.settle();
    const got = await e.call('GET', `/v2/orders/${submitted.body.id}`);
    expect(got.body).toMatchObject({ status: 'filled', filled_qty: '2', filled_avg_price: '100.02' });
    const positions = await e.call('GET', '/v2/positions');
    expect(positions.body).toMatchObject([{ symbol: 'AAPL', qty: '2', avg_entry_price: '100.02' }]);
  });

  it('rests a limit order away from the market and lists it open', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { body: order(FAR_BUY) });
    e.settle();
    expect((await e.call('GET', `/v2/orders/${body.id}`)).body).toMatchObject({ status: 'new', limit_price: '50', filled_qty: '0' });
    const open = await e.call('GET', '/v2/orders?status=open&direction=desc&nested=true');
    expect(open.body.map((o: { id: string }) => o.id)).toEqual([body.id]);
  });

  it('cancels with 204, after which the order is canceled', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { body: order(FAR_BUY) });
    e.settle();
    const canceled = await e.call('DELETE', `/v2/orders/${body.id}`);
    expect(canceled).toEqual({ status: 204, body: undefined });
    e.settle();
    expect((await e.call('GET', `/v2/orders/${body.id}`)).body.status).toBe('canceled');
  });

  it('replaces an order with a new one that names the old', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { body: order(FAR_BUY) });
    e.settle();
    const replaced = await e.call('PATCH', `/v2/orders/${body.id}`, { body: { limit_price: '51.00', client_order_id: 'r-1' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ replaces: body.id, limit_price: '51', client_order_id: 'r-1' });
    expect(replaced.body.id).not.toBe(body.id);
  });

  it('finds an order by its client order id', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { body: order({ ...FAR_BUY, client_order_id: 'mine-7' }) });
    const found = await e.call('GET', '/v2/orders:by_client_order_id?client_order_id=mine-7');
    expect(found).toMatchObject({ status: 200, body: { id: body.id, client_order_id: 'mine-7' } });
    const missing = await e.call('GET', '/v2/orders:by_client_order_id?client_order_id=nobody');
    expect(missing).toMatchObject({ status: 404, body: { code: 40410000 } });
  });

  it('answers a bracket with its legs nested', async () => {
    const e = await emulator();
    const bracket = order({
      ...FAR_BUY,
      order_class: 'bracket',
      take_profit: { limit_price: '120.00' },
      stop_loss: { stop_price: '40.00', limit_price: '39.00' },
    });
    const { status, body } = await e.call('POST', '/v2/orders', { body: bracket });
    expect(status).toBe(200);
    expect(body.order_class).toBe('bracket');
    expect(body.legs).toHaveLength(2);
    expect(body.legs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ side: 'sell', type: 'limit', limit_price: '120' }),
        expect.objectContaining({ side: 'sell', type: 'stop_limit', stop_price: '40', limit_price: '39' }),
      ]),
    );
    const listed = await e.call('GET', '/v2/orders?status=open');
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0].legs).toHaveLength(2);
  });

  it('serves the account and the clock with decimals as strings', async () => {
    const e = await emulator();
    const account = await e.call('GET', '/v2/account');
    expect(account).toMatchObject({ status: 200, body: { cash: '100000', currency: 'USD' } });
    expect(typeof account.body.buying_power).toBe('string');
    expect((await e.call('GET', '/v2/clock')).body).toMatchObject({ is_open: true, timestamp: '2026-01-05T10:00:00-05:00' });
  });
});
