import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { AlpacaTrading } from '../../../src/broker/alpaca/alpaca-trading.js';
import { BrokerError } from '../../../src/broker/errors.js';
import { emulator } from '../emulator/helpers.js';

const KEY = 'PKTEST';

describe('fill activities through the SDK against the emulator', () => {
  it('pages the account’s fills oldest first by id, reads the latest one newest first, and both routes agree', async () => {
    const e = await emulator();
    const alpaca = new AlpacaTrading({ baseUrl: e.server.url, keyId: KEY, secret: `secret-${KEY}`, mode: 'paper', clock: e.clock });
    expect(await alpaca.listFillActivities({ newestFirst: true, pageSize: 1 })).toEqual([]);
    const orders = [];
    for (const qty of ['1', '2', '3']) {
      orders.push(await alpaca.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(qty), clientOrderId: `act-${qty}` }));
      e.settle();
    }
    const first = await alpaca.listFillActivities({ pageSize: 2 });
    const rest = await alpaca.listFillActivities({ pageSize: 2, afterId: first.at(-1)?.id ?? '' });
    expect([...first, ...rest].map((f) => [f.orderId, f.qty.toString(), f.price.toString(), f.orderStatus])).toEqual(
      orders.map((o) => [o.id, o.qty?.toString(), '100.02', 'filled']),
    );
    const [latest] = await alpaca.listFillActivities({ newestFirst: true, pageSize: 1 });
    expect(latest?.id).toBe(rest.at(-1)?.id);

    const byType = await e.call('GET', '/v2/account/activities/FILL?direction=asc', { key: KEY });
    const filtered = await e.call('GET', '/v2/account/activities?activity_types=FILL&direction=asc', { key: KEY });
    expect(byType.status).toBe(200);
    expect(filtered.body).toEqual(byType.body);
    expect(byType.body[0]).toMatchObject({ activity_type: 'FILL', type: 'fill', qty: '1', cum_qty: '1', leaves_qty: '0', side: 'buy', symbol: 'AAPL' });
    expect((await e.call('GET', '/v2/account/activities/DIV', { key: KEY })).body).toEqual([]);
  });

  it('answers Alpaca’s 422 for an unknown activity type and a page too large, as typed errors', async () => {
    const e = await emulator();
    const alpaca = new AlpacaTrading({ baseUrl: e.server.url, keyId: KEY, secret: `secret-${KEY}`, mode: 'paper', clock: e.clock });
    expect(await e.call('GET', '/v2/account/activities/FFFFF', { key: KEY })).toEqual({
      status: 422,
      body: { code: 40010001, message: 'invalid activity type: FFFFF' },
    });
    const error = await alpaca.listFillActivities({ pageSize: 101 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).message).toMatch(/page_size must be an integer from 1 to 100, not 101/);
  });
});
