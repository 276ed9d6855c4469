import { afterEach, describe, expect, it } from 'vitest';
import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import WebSocket from 'ws';
import { dec } from '../../../src/domain/decimal.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { createEmulatorServer, type EmulatorServer } from '../../../src/broker/emulator/emulator-server.js';
import { parseEmulatorFaults } from '../../../src/broker/emulator/emulator-faults.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { ACK, FILL, order } from './helpers.js';
import { until } from '../../support/until.js';

const FAR_BUY = { side: 'buy', type: 'limit', limit_price: '50.00', time_in_force: 'gtc' };

const running: EmulatorServer[] = [];
const streams: streaming.TradingStream[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.disconnect();
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

interface Setup {
  readonly clock: ManualClock;
  readonly server: EmulatorServer;
  readonly post: (body: Record<string, unknown>, key?: string) => Promise<any>;
  readonly get: (path: string, key?: string) => Promise<any>;
}

/** An emulator whose timed faults run on the sims' ManualClock, AAPL pinned at 100.00 x 100.02, with `spec` for every account. */
async function faulty(spec: string): Promise<Setup> {
  const clock = new ManualClock();
  const server = await createEmulatorServer({
    clock,
    createExchange: (seed) => {
      const sim = createSimExchange({ clock, seed, universe: [{ symbol: 'AAPL', price: '100.00' }], ackLatencyMs: ACK, fillLatencyMs: FILL });
      sim.setQuote('AAPL', { bid: dec('100.00'), ask: dec('100.02'), last: dec('100.00'), bidSize: dec(500), askSize: dec(500) });
      return sim;
    },
  });
  running.push(server);
  server.accounts.setFaults(parseEmulatorFaults(spec));
  const request = async (method: string, path: string, key: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'APCA-API-KEY-ID': key, 'APCA-API-SECRET-KEY': `secret-${key}` },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    clock,
    server,
    post: (body, key = 'alice') => request('POST', '/v2/orders', key, body),
    get: (path, key = 'alice') => request('GET', path, key),
  };
}


/** The official SDK's trade stream, logging each update as `event` into `log` as it arrives. */
async function listen(server: EmulatorServer, log: string[] = [], key = 'alice'): Promise<streaming.TradeUpdate[]> {
  const alpaca = new Alpaca({ keyId: key, secret: `secret-${key}`, paper: true });
  const stream = alpaca.trading.stream({ url: server.streamUrl, pingIntervalMs: 0, reconnect: false });
  streams.push(stream);
  const updates: streaming.TradeUpdate[] = [];
  let acked = false;
  stream.onTradeUpdate((update) => {
    updates.push(update);
    log.push(update.event);
  });
  stream.on(streaming.EVENT.SUBSCRIPTION, () => (acked = true));
  stream.subscribeTradeUpdates();
  stream.connect();
  expect((await stream.waitForAuthenticationResult(1000)).authenticated).toBe(true);
  await until(() => acked, 'the listening ack');
  return updates;
}

function of(updates: readonly streaming.TradeUpdate[], orderId: string): streaming.TradeUpdate[] {
  return updates.filter((update) => update.order.id === orderId);
}

describe('emulator Alpaca faults', () => {
  it('fillBeforeAck: the fill comes over the stream before the submit is answered', async () => {
    const e = await faulty('fillBeforeAck=1');
    const log: string[] = [];
    const updates = await listen(e.server, log);
    const answer = e.post(order({ side: 'buy' })).then((body) => {
      log.push('answer');
      return body;
    });
    const sim = e.server.accounts.exchange('alice');
    await until(() => sim?.ledger().orders.length === 1, 'the order to reach the sim');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual([]);
    e.clock.advance(ACK + FILL);
    const placed = await answer;
    expect(log).toEqual(['new', 'fill', 'answer']);
    expect(of(updates, placed.id).map((u) => u.event)).toEqual(['new', 'fill']);
    expect(e.server.accounts.faultStats('alice').account?.heldAnswers).toBe(1);
  });

  it('fillBeforeAck: an order that rests is answered when the hold runs out', async () => {
    const e = await faulty('fillBeforeAck=1/500ms');
    let answered = false;
    const answer = e.post(order(FAR_BUY)).then(() => (answered = true));
    await until(() => e.server.accounts.exchange('alice')?.ledger().orders.length === 1, 'the order to reach the sim');
    e.clock.advance(499);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    e.clock.advance(1);
    await answer;
    expect(answered).toBe(true);
  });

  it('fillBeforeAck: a refused submit is answered at once and not counted', async () => {
    const e = await faulty('fillBeforeAck=1');
    await expect(e.post(order({ side: 'buy', symbol: 'NOPE' }))).rejects.toThrow(/^POST \/v2\/orders: 422 /);
    expect(e.server.accounts.faultStats('alice').account?.heldAnswers).toBe(0);
  });

  it("replay: after the fill, the order's new and its fill come again with the same execution id", async () => {
    const e = await faulty('replay=1');
    const updates = await listen(e.server);
    const placed = await e.post(order({ side: 'buy' }));
    e.clock.advance(ACK + FILL);
    await until(() => of(updates, placed.id).length === 4, 'the replayed updates');
    const seen = of(updates, placed.id);
    expect(seen.map((u) => u.event)).toEqual(['new', 'fill', 'new', 'fill']);
    expect(seen[3]?.execution_id).toEqual(seen[1]?.execution_id);
    expect(seen[2]?.order.status).toBe('new');
    expect(e.server.accounts.faultStats('alice').account?.replayed).toBe(1);
  });

  it('terminalTwice: a fill and a cancel each arrive twice', async () => {
    const e = await faulty('terminalTwice=1');
    const updates = await listen(e.server);
    const filled = await e.post(order({ side: 'buy' }));
    const resting = await e.post(order(FAR_BUY));
    e.clock.advance(ACK + FILL);
    await e.get(`/v2/orders/${resting.id}`);
    await fetch(`${e.server.url}/v2/orders/${resting.id}`, {
      method: 'DELETE',
      headers: { 'APCA-API-KEY-ID': 'alice', 'APCA-API-SECRET-KEY': 'secret-alice' },
    });
    e.clock.advance(ACK + FILL);
    await until(() => of(updates, resting.id).length === 3, 'the doubled cancel');
    expect(of(updates, filled.id).map((u) => u.event)).toEqual(['new', 'fill', 'fill']);
    expect(of(updates, resting.id).map((u) => u.event)).toEqual(['new', 'canceled', 'canceled']);
  });

  it('silentLoss: updates never come while the socket answers pings', async () => {
    const e = await faulty('silentLoss=1');
    const updates = await listen(e.server);
    const placed = await e.post(order({ side: 'buy' }));
    e.clock.advance(ACK + FILL);
    expect((await e.get(`/v2/orders/${placed.id}`)).status).toBe('filled');
    const socket = new WebSocket(e.server.streamUrl);
    sockets.push(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    const pong = new Promise((resolve) => socket.once('pong', resolve));
    socket.ping();
    await pong;
    expect(updates).toEqual([]);
    expect(e.server.accounts.faultStats('alice').account?.silentlyLost).toBe(2);
  });

  it('upgrade429: the stream upgrade is answered 429 instead of 101', async () => {
    const e = await faulty('upgrade429=1');
    const socket = new WebSocket(e.server.streamUrl);
    const response = await new Promise<{ status: number | undefined; body: string }>((resolve) =>
      socket.once('unexpected-response', (_request, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      }),
    );
    expect(response).toEqual({ status: 429, body: JSON.stringify({ code: 42910000, message: 'rate limit exceeded' }) });
    expect(e.server.accounts.faultStats('alice').upgradesRefused).toBe(1);
  });

  it('positionLag: positions show a fill only 2 s after it', async () => {
    const e = await faulty('positionLag=2s');
    await e.post(order({ side: 'buy' }));
    e.clock.advance(ACK + FILL);
    expect(await e.get('/v2/positions')).toEqual([]);
    e.clock.advance(1999);
    expect(await e.get('/v2/positions')).toEqual([]);
    e.clock.advance(1);
    expect(await e.get('/v2/positions')).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '1', avg_entry_price: '100.02' })]);

    await e.post(order({ side: 'buy', qty: '2' }));
    e.clock.advance(ACK + FILL);
    expect(await e.get('/v2/positions')).toEqual([expect.objectContaining({ qty: '1', market_value: '100' })]);
    e.clock.advance(2000);
    expect(await e.get('/v2/positions')).toEqual([expect.objectContaining({ qty: '3' })]);
    expect(e.server.accounts.faultStats('alice').account?.laggedPositionReads).toBe(3);
  });

  it("a bracket's passive stop leg goes held → canceled with no new when the take-profit fills", async () => {
    const e = await faulty('none');
    const updates = await listen(e.server);
    const bracket = await e.post(
      order({ side: 'buy', order_class: 'bracket', take_profit: { limit_price: '120.00' }, stop_loss: { stop_price: '40.00' } }),
    );
    const takeProfit = bracket.legs.find((leg: any) => leg.type === 'limit').id;
    const stopLoss = bracket.legs.find((leg: any) => leg.type === 'stop').id;
    e.clock.advance(ACK + FILL);
    e.server.accounts.exchange('alice')?.setQuote('AAPL', { bid: dec('121.00'), ask: dec('121.02'), last: dec('121.00') });
    e.clock.advance(ACK + FILL);
    await until(() => of(updates, stopLoss).length === 2, 'the stop leg to end');
    expect(of(updates, takeProfit).map((u) => u.event)).toEqual(['held', 'new', 'fill']);
    expect(of(updates, stopLoss).map((u) => u.event)).toEqual(['held', 'canceled']);
  });

  it('replays the same faults from the same seed', async () => {
    async function run(): Promise<string[]> {
      const e = await faulty('replay=0.5,terminalTwice=0.5,seed=7');
      const updates = await listen(e.server);
      for (let i = 0; i < 8; i++) await e.post(order({ side: 'buy' }));
      e.clock.advance(ACK + FILL);
      const stats = e.server.accounts.faultStats('alice').account;
      const expected = 16 + (stats?.replayed ?? 0) * 2 + (stats?.terminalsTwice ?? 0);
      await until(() => updates.length === expected, `${expected} updates`);
      return updates.map((u) => `${u.event}:${u.execution_id ?? ''}`);
    }
    const first = await run();
    expect(first.length).toBeGreaterThan(16);
    expect(first.length).toBeLessThan(16 + 8 * 3);
    expect(await run()).toEqual(first);
  });

  it('sets faults for one key only, and refuses a per-key upgrade429', async () => {
    const e = await faulty('none');
    e.server.accounts.setFaults(parseEmulatorFaults('terminalTwice=1'), 'bob');
    const alice = await listen(e.server, [], 'alice');
    const bob = await listen(e.server, [], 'bob');
    const alices = await e.post(order({ side: 'buy' }), 'alice');
    const bobs = await e.post(order({ side: 'buy' }), 'bob');
    e.clock.advance(ACK + FILL);
    await until(() => of(bob, bobs.id).length === 3 && of(alice, alices.id).length === 2, 'both fills');
    expect(of(alice, alices.id).map((u) => u.event)).toEqual(['new', 'fill']);
    expect(of(bob, bobs.id).map((u) => u.event)).toEqual(['new', 'fill', 'fill']);
    expect(() => e.server.accounts.setFaults(parseEmulatorFaults('upgrade429=1'), 'bob')).toThrow(
      'upgrade429 cannot be set for key bob: the stream upgrade comes before any key; set it for the whole emulator',
    );
  });
});
