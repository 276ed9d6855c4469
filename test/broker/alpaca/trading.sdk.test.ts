import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { AlpacaTrading } from '../../../src/broker/alpaca/alpaca-trading.js';
import { BrokerError } from '../../../src/broker/errors.js';
import type { SubmitOrderRequest } from '../../../src/broker/port.js';
import { emulator, type Emulator } from '../emulator/helpers.js';

const KEY = 'PKTEST';
const SECRET = 'secret-PKTEST';

function adapter(e: Emulator, secret = SECRET): AlpacaTrading {
  return new AlpacaTrading({ baseUrl: e.server.url, keyId: KEY, secret, mode: 'paper', clock: e.clock });
}

async function session(): Promise<{ e: Emulator; alpaca: AlpacaTrading }> {
  const e = await emulator();
  return { e, alpaca: adapter(e) };
}

function limit(fields: Partial<SubmitOrderRequest> = {}): SubmitOrderRequest {
  return {
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
    qty: dec('3'),
    limitPrice: dec('95.25'),
    clientOrderId: `c-${Math.random().toString(36).slice(2)}`,
    ...fields,
  };
}

function market(qty: string, fields: Partial<SubmitOrderRequest> = {}): SubmitOrderRequest {
  return { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(qty), clientOrderId: `m-${qty}-${Math.random()}`, ...fields };
}

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}

describe('AlpacaTrading through the SDK against the emulator', () => {
  it('submits a limit order and reads it back by id, client order id and list, decimals exact', async () => {
    const { e, alpaca } = await session();
    const order = await alpaca.submitOrder(limit({ clientOrderId: 'lim-1', qty: dec('2'), limitPrice: dec('95.37') }));
    expect(order).toMatchObject({ symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', clientOrderId: 'lim-1', orderClass: 'simple' });
    expect([order.limitPrice?.toString(), order.qty?.toString(), order.filledQty.toString()]).toEqual(['95.37', '2', '0']);
    expect(['pending_new', 'new']).toContain(order.status);
    e.settle();
    expect((await alpaca.getOrder(order.id)).status).toBe('new');
    expect((await alpaca.getOrderByClientId('lim-1')).id).toBe(order.id);
    expect((await alpaca.listOrders({ status: 'open' })).map((o) => o.id)).toEqual([order.id]);
  });

  it('lists one page at a time, newest first, going on from beforeOrderId', async () => {
    const { alpaca } = await session();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await alpaca.submitOrder(limit())).id);
    const first = await alpaca.listOrders({ status: 'all', limit: 3 });
    expect(first.map((o) => o.id)).toEqual(ids.slice(2).reverse());
    const second = await alpaca.listOrders({ status: 'all', limit: 3, beforeOrderId: first[2]?.id as string });
    expect(second.map((o) => o.id)).toEqual(ids.slice(0, 2).reverse());
    expect(await alpaca.listOrders({ status: 'all', symbols: ['MSFT'] })).toEqual([]);
  });

  it('replaces an order with a new id, and cancels the replacement', async () => {
    const { e, alpaca } = await session();
    const order = await alpaca.submitOrder(limit());
    e.settle();
    const replacement = await alpaca.replaceOrder(order.id, { limitPrice: dec('96.10'), clientOrderId: 'rep-1' });
    expect(replacement.id).not.toBe(order.id);
    expect(replacement).toMatchObject({ replaces: order.id, clientOrderId: 'rep-1' });
    expect(replacement.limitPrice?.toString()).toBe('96.1');
    e.settle();
    expect((await alpaca.getOrder(order.id)).status).toBe('replaced');
    await expect(alpaca.cancelOrder(replacement.id)).resolves.toBeUndefined();
    e.settle();
    expect((await alpaca.getOrder(replacement.id)).status).toBe('canceled');
  });

  it('fills a market order at the ask, which the positions and the account then show', async () => {
    const { e, alpaca } = await session();
    const before = await alpaca.getAccount();
    const order = await alpaca.submitOrder(market('10'));
    e.settle();
    const filled = await alpaca.getOrder(order.id);
    expect([filled.status, filled.filledQty.toString(), filled.filledAvgPrice?.toString()]).toEqual(['filled', '10', '100.02']);
    const positions = await alpaca.getPositions();
    expect(positions.map((p) => [p.symbol, p.qty.toString(), p.avgEntryPrice.toString()])).toEqual([['AAPL', '10', '100.02']]);
    const after = await alpaca.getAccount();
    expect(before.cash.minus(after.cash).toString()).toBe('1000.2');
    expect(after.currency).toBe('USD');
    const clock = await alpaca.getClock();
    expect(clock.timestamp).toMatch(/^2026-01-05T/);
  });

  it('submits a bracket whose legs come back nested, on submit, get and list', async () => {
    const { alpaca } = await session();
    const bracket = await alpaca.submitOrder(
      limit({ orderClass: 'bracket', takeProfit: { limitPrice: dec('120.50') }, stopLoss: { stopPrice: dec('80.25'), limitPrice: dec('80.00') } }),
    );
    expect(bracket.orderClass).toBe('bracket');
    const legs = (order: { legs?: readonly { side: string; type: string; limitPrice?: { toString(): string } }[] }) =>
      (order.legs ?? []).map((leg) => [leg.side, leg.type, leg.limitPrice?.toString()]).sort();
    const expected = [
      ['sell', 'limit', '120.5'],
      ['sell', 'stop_limit', '80'],
    ];
    expect(legs(bracket)).toEqual(expected);
    expect(legs(await alpaca.getOrder(bracket.id))).toEqual(expected);
    const listed = await alpaca.listOrders({ status: 'open' });
    expect(listed).toHaveLength(1);
    expect(legs(listed[0] ?? {})).toEqual(expected);
  });

  it("turns the emulator's refusals into typed errors", async () => {
    const { e, alpaca } = await session();
    await alpaca.submitOrder(market('10', { clientOrderId: 'once' }));
    e.settle();
    const farSell = { side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc' } as const;
    await alpaca.submitOrder(limit({ ...farSell, qty: dec(6) }));
    const held = await failure(alpaca.submitOrder(limit({ ...farSell, qty: dec(5) })));
    expect([held.kind, held.reason, held.status]).toEqual(['rejected', 'insufficient_qty', 403]);
    expect([held.quantity?.requested.toString(), held.quantity?.available.toString()]).toEqual(['5', '4']);

    const wash = await failure(alpaca.submitOrder(market('1')));
    expect([wash.kind, wash.reason]).toEqual(['rejected', 'wash_trade']);
    const unknown = await failure(alpaca.submitOrder(limit({ symbol: 'ZZZZ' })));
    expect([unknown.kind, unknown.reason]).toEqual(['rejected', 'unknown_symbol']);
    const duplicate = await failure(alpaca.submitOrder(limit({ clientOrderId: 'once' })));
    expect([duplicate.kind, duplicate.reason]).toEqual(['rejected', 'duplicate_client_order_id']);

    expect((await failure(alpaca.getOrder('nope'))).kind).toBe('not_found');
    expect((await failure(alpaca.getOrderByClientId('nobody'))).kind).toBe('not_found');
    const filled = await alpaca.getOrderByClientId('once');
    expect((await failure(alpaca.cancelOrder(filled.id))).kind).toBe('not_cancelable');
  });

  it('tells a quoted symbol tradable and an unknown one not, without an error', async () => {
    const { alpaca } = await session();
    expect(await alpaca.isTradable('AAPL')).toBe(true);
    expect(await alpaca.isTradable('msft')).toBe(true);
    expect(await alpaca.isTradable('ZZZZ')).toBe(false);
  });

  it('refuses a wrong secret as a permanent rejection carrying 401', async () => {
    const { alpaca, e } = await session();
    await alpaca.getAccount();
    const intruder = adapter(e, 'not-the-secret');
    const refused = await failure(intruder.getAccount());
    expect([refused.kind, refused.reason, refused.status, refused.message]).toEqual(['rejected', 'invalid_order', 401, '401: unauthorized']);
  });

  it('keeps the keys out of what a log would print', async () => {
    const { alpaca } = await session();
    expect(inspect(alpaca, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(alpaca)).not.toContain(SECRET);
  });
});

describe('AlpacaTrading when the transport fails', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('reports a stopped server as transient: nothing was sent', async () => {
    const { e, alpaca } = await session();
    await e.server.close();
    const refused = await failure(alpaca.submitOrder(limit()));
    expect(refused.kind).toBe('transient');
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });

  /** A loopback server answering every request with `answer`, and the adapter pointed at it. */
  async function stub(answer: Parameters<typeof createServer>[1]): Promise<AlpacaTrading> {
    const server = createServer(answer);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new AlpacaTrading({ baseUrl: `http://127.0.0.1:${port}`, keyId: KEY, secret: SECRET, mode: 'paper', clock: new ManualClock() });
  }

  it('takes an inactive asset as not tradable even when it says tradable', async () => {
    const asset = { id: 'x', class: 'us_equity', exchange: 'NYSE', symbol: 'OLD', name: 'Old Co', tradable: true };
    let status = 'inactive';
    const alpaca = await stub((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ ...asset, status }));
    });
    expect(await alpaca.isTradable('OLD')).toBe(false);
    status = 'active';
    expect(await alpaca.isTradable('OLD')).toBe(true);
  });

  it('reports a failed asset lookup as a typed error, not as untradable', async () => {
    const alpaca = await stub((_request, response) => {
      response.writeHead(503, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ code: 50310000, message: 'busy' }));
    });
    expect((await failure(alpaca.isTradable('AAPL'))).kind).toBe('ambiguous');
  });

  it('reports a connection reset mid-request as ambiguous: the order may exist', async () => {
    const alpaca = await stub((request) => request.socket.destroy());
    expect((await failure(alpaca.submitOrder(limit()))).kind).toBe('ambiguous');
  });

  it("leaves retrying to the core: one request per call, even for a GET the SDK would retry", async () => {
    let hits = 0;
    const alpaca = await stub((_request, response) => {
      hits++;
      response.writeHead(hits === 1 ? 429 : 503, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      response.end(JSON.stringify({ code: hits === 1 ? 42910000 : 50010000, message: hits === 1 ? 'rate limit exceeded' : 'busy' }));
    });
    const limited = await failure(alpaca.getAccount());
    expect([limited.kind, limited.retryAfterMs, hits]).toEqual(['rate_limited', 7000, 1]);
    const busy = await failure(alpaca.getPositions());
    expect([busy.kind, busy.status, hits]).toEqual(['ambiguous', 503, 2]);
  });
});
