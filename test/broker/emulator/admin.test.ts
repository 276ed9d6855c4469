import { describe, expect, it } from 'vitest';
import { emulator, order, type Emulator } from './helpers.js';

async function admin(e: Emulator, method: string, path: string, body?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${e.server.url}${path}`, { method, ...(body !== undefined && { body }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('emulator admin API', () => {
  it("shows an account's ledger, money and quantities as exact decimal strings", async () => {
    const e = await emulator();
    const placed = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: '3' }) });
    e.settle();
    const { status, body } = await admin(e, 'GET', '/admin/ledger?key=alice');
    expect(status).toBe(200);
    expect(body.orders).toHaveLength(1);
    expect(body.orders[0]).toMatchObject({ id: placed.body.id, status: 'filled', filledQty: '3', filledAvgPrice: '100.02' });
    expect(body.fills).toEqual([expect.objectContaining({ orderId: placed.body.id, qty: '3', price: '100.02', commission: '0' })]);
    expect(body.cash).toBe('99699.94');
    expect(body.positions).toEqual([{ symbol: 'AAPL', qty: '3', avgCost: '100.02', costBasis: '300.06', realizedPnl: '0' }]);
  });

  it('refuses a ledger without a key, or of a key not seen yet, with one line', async () => {
    const e = await emulator();
    expect(await admin(e, 'GET', '/admin/ledger')).toEqual({ status: 400, body: { message: "give the account's key id, e.g. ?key=PKTEST" } });
    expect(await admin(e, 'GET', '/admin/ledger?key=nobody')).toEqual({
      status: 400,
      body: { message: 'no account has key id "nobody" yet: an account starts with its key\'s first authenticated request' },
    });
  });

  it("sets a symbol's quote, so an order can be made marketable on purpose", async () => {
    const e = await emulator();
    await e.call('GET', '/v2/account');
    const set = await admin(e, 'POST', '/admin/price?key=alice', JSON.stringify({ symbol: 'msft', bid: '398.50', ask: 398.6 }));
    expect(set).toEqual({ status: 200, body: { symbol: 'MSFT', bid: '398.5', ask: '398.6', last: expect.any(String) } });
    const placed = await e.call('POST', '/v2/orders', { body: order({ symbol: 'MSFT', side: 'sell', type: 'limit', limit_price: '398.50', qty: '2' }) });
    e.settle();
    expect((await e.call('GET', `/v2/orders/${placed.body.id}`)).body).toMatchObject({ status: 'filled', filled_avg_price: '398.5' });
  });

  it('sets the sizes shown, so an order larger than them fills in parts', async () => {
    const e = await emulator();
    await e.call('GET', '/v2/account');
    await admin(e, 'POST', '/admin/price?key=alice', JSON.stringify({ symbol: 'AAPL', bid: '100.00', ask: '100.02', askSize: '3' }));
    const placed = await e.call('POST', '/v2/orders', { body: order({ side: 'buy', type: 'limit', limit_price: '100.02', qty: '5' }) });
    e.settle();
    expect((await e.call('GET', `/v2/orders/${placed.body.id}`)).body).toMatchObject({ status: 'partially_filled', filled_qty: '3' });
  });

  it('refuses a crossed, unknown or malformed price with one line', async () => {
    const e = await emulator();
    await e.call('GET', '/v2/account');
    const price = (body: unknown): Promise<{ status: number; body: any }> => admin(e, 'POST', '/admin/price?key=alice', JSON.stringify(body));
    expect(await price({ symbol: 'AAPL', bid: '101', ask: '100' })).toEqual({ status: 400, body: { message: 'bid 101 is above ask 100: give a bid at or below the ask' } });
    expect(await price({ symbol: 'ZZZZ', bid: '1', ask: '2' })).toEqual({ status: 400, body: { message: 'symbol is "ZZZZ": give one the emulator quotes (AAPL, MSFT)' } });
    expect(await price({ symbol: 'AAPL', bid: 'cheap', ask: '2' })).toEqual({ status: 400, body: { message: 'bid is "cheap": give a price above 0 as a decimal string, e.g. "100.02"' } });
    expect(await admin(e, 'POST', '/admin/price?key=alice', 'AAPL 100')).toEqual({
      status: 400,
      body: { message: 'the body is not valid JSON: expected a price: {"symbol":"AAPL","bid":"100.00","ask":"100.02"} (optional: last, bidSize, askSize)' },
    });
  });

  it("injects faults into one key's account by spec, and takes them off with none", async () => {
    const e = await emulator();
    await e.call('GET', '/v2/account');
    expect((await admin(e, 'POST', '/admin/faults?key=alice', 'transient=1')).status).toBe(200);
    expect((await e.call('GET', '/v2/account')).status).toBe(503);
    expect((await e.call('GET', '/v2/account', { key: 'bob' })).status).toBe(200);
    expect((await admin(e, 'POST', '/admin/faults?key=alice', '"none"')).status).toBe(200);
    expect((await e.call('GET', '/v2/account')).status).toBe(200);
  });

  it('refuses a bad fault spec with the parser\'s one line', async () => {
    const e = await emulator();
    const { status, body } = await admin(e, 'POST', '/admin/faults?key=alice', 'transient=2');
    expect(status).toBe(400);
    expect(body.message).toMatch(/^invalid fault spec part "transient=2": 2 is not a probability from 0 to 1/);
    expect(body.message).not.toContain('\n');
    expect(await admin(e, 'POST', '/admin/faults?key=alice', ' ')).toEqual({
      status: 400,
      body: { message: 'the body is empty: give a fault spec such as chaos, drop=0.1 or none' },
    });
  });

  it("takes an account's trade stream down for a while, or ends the outage at once", async () => {
    const e = await emulator();
    await e.call('GET', '/v2/account');
    const exchange = e.server.accounts.exchange('alice');
    expect((await admin(e, 'POST', '/admin/stream-outage?key=alice&ms=5000')).status).toBe(204);
    expect(exchange?.connection().stream).not.toBe('ok');
    e.clock.advance(5000);
    expect(exchange?.connection().stream).toBe('ok');
    await admin(e, 'POST', '/admin/stream-outage?key=alice&ms=60000');
    expect((await admin(e, 'POST', '/admin/stream-outage?key=alice&ms=0')).status).toBe(204);
    expect(exchange?.connection().stream).toBe('ok');
    expect(await admin(e, 'POST', '/admin/stream-outage?key=alice&ms=5s')).toEqual({
      status: 400,
      body: { message: 'ms is "5s": give the outage\'s length in milliseconds, e.g. ?ms=5000 (0 ends one)' },
    });
  });

  it('resets one account, or all of them, so that their keys start afresh', async () => {
    const e = await emulator();
    await e.call('POST', '/v2/orders', { key: 'alice', body: order({ side: 'buy' }) });
    await e.call('POST', '/v2/orders', { key: 'bob', body: order({ side: 'buy' }) });
    e.settle();
    expect(await admin(e, 'POST', '/admin/reset?key=alice')).toEqual({ status: 204 });
    expect((await e.call('GET', '/v2/orders?status=all', { key: 'alice', secret: 'a new secret' })).body).toEqual([]);
    expect((await e.call('GET', '/v2/orders?status=all', { key: 'bob' })).body).toHaveLength(1);
    expect(await admin(e, 'POST', '/admin/reset')).toEqual({ status: 204 });
    expect((await e.call('GET', '/v2/orders?status=all', { key: 'bob' })).body).toEqual([]);
  });

  it('answers an unknown admin path with 404 and the endpoints there are', async () => {
    const e = await emulator();
    expect(await admin(e, 'GET', '/admin/reset')).toEqual({
      status: 404,
      body: {
        message:
          'no admin endpoint GET /admin/reset (there are POST /admin/reset, GET /admin/ledger, POST /admin/faults, POST /admin/price, POST /admin/stream-outage)',
      },
    });
  });
});
