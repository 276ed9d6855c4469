import { describe, expect, it } from 'vitest';
import { emulator, order } from './helpers.js';

const FAR_SELL = { side: 'sell', type: 'limit', limit_price: '150.00', time_in_force: 'gtc' };

describe("emulator refusals in Alpaca's envelope", () => {
  it('refuses a sale of shares open orders hold: 403 40310000 with the figures', async () => {
    const e = await emulator();
    await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: '10' }) });
    e.settle();
    await e.call('POST', '/v2/orders', { body: order({ ...FAR_SELL, qty: '6' }) });
    const refused = await e.call('POST', '/v2/orders', { body: order({ ...FAR_SELL, qty: '5' }) });
    expect(refused).toEqual({
      status: 403,
      body: {
        code: 40310000,
        message: 'insufficient qty available for order (requested: 5, available: 4)',
        available: '4',
        existing_qty: '10',
        held_for_orders: '6',
        symbol: 'AAPL',
      },
    });
  });

  it('refuses a potential wash trade with 403', async () => {
    const e = await emulator();
    await e.call('POST', '/v2/orders', { body: order({ ...FAR_SELL, qty: '5' }) });
    e.settle();
    const refused = await e.call('POST', '/v2/orders', { body: order({ side: 'buy' }) });
    expect(refused).toEqual({ status: 403, body: { code: 40310000, message: 'potential wash trade detected. use complex orders' } });
  });

  it('refuses an unknown symbol with 422 42210000', async () => {
    const e = await emulator();
    const refused = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', symbol: 'ZZZZ' }) });
    expect(refused).toMatchObject({ status: 422, body: { code: 42210000 } });
    expect(refused.body.message).toMatch(/ZZZZ/);
  });

  it('refuses to cancel a filled order with 422', async () => {
    const e = await emulator();
    const { body } = await e.call('POST', '/v2/orders', { body: order({ side: 'buy' }) });
    e.settle();
    const refused = await e.call('DELETE', `/v2/orders/${body.id}`);
    expect(refused).toEqual({ status: 422, body: { code: 42210000, message: 'order is already in "filled" state' } });
  });

  it('answers an unknown order id with 404 40410000', async () => {
    const e = await emulator();
    expect(await e.call('DELETE', '/v2/orders/nope')).toMatchObject({ status: 404, body: { code: 40410000 } });
    expect(await e.call('GET', '/v2/orders/%zz')).toEqual({
      status: 422,
      body: { code: 40010001, message: 'path segment "%zz" is not valid percent-encoding' },
    });
  });

  it('names the field of a malformed request, with 422 40010001', async () => {
    const e = await emulator();
    const words = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: 'five' }) });
    expect(words).toEqual({
      status: 422,
      body: { code: 40010001, message: 'order request: "qty" should be a decimal string like "10.5", got "five"' },
    });
    // As at Alpaca, a number is taken as well as a string.
    const numeric = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', type: 'limit', qty: 5, limit_price: 99.5 }) });
    expect(numeric).toMatchObject({ status: 200, body: { qty: '5', limit_price: '99.5' } });
    const side = await e.call('POST', '/v2/orders', { body: order({ side: 'long' }) });
    expect(side.body.message).toBe('order request: "side" is "long", expected one of buy, sell');
    const json = await e.call('POST', '/v2/orders', { raw: '{"symbol":' });
    expect(json).toEqual({ status: 422, body: { code: 40010001, message: 'request body is not valid JSON: expected a JSON object' } });
    const list = await e.call('GET', '/v2/orders?direction=asc');
    expect(list).toMatchObject({ status: 422, body: { code: 40010001 } });
    expect(list.body.message).toMatch(/"direction" is "asc"/);
    const limit = await e.call('GET', '/v2/orders?limit=501');
    expect(limit).toMatchObject({ status: 422, body: { message: 'limit must be an integer from 1 to 500, not 501' } });
  });

  it('answers an unknown endpoint with 404', async () => {
    const e = await emulator();
    expect(await e.call('GET', '/v2/nothing')).toEqual({ status: 404, body: { code: 40410000, message: 'no endpoint GET /v2/nothing' } });
  });
});
