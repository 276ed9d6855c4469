import { afterEach, describe, expect, it } from 'vitest';
import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import WebSocket from 'ws';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { emulator, order, type Emulator } from './helpers.js';
import { until } from '../../support/until.js';

const FAR_BUY = { side: 'buy', type: 'limit', limit_price: '50.00', time_in_force: 'gtc' };

interface Client {
  readonly stream: streaming.TradingStream;
  readonly updates: streaming.TradeUpdate[];
  readonly acks: string[][];
  readonly errors: string[];
}

const open: streaming.TradingStream[] = [];
const sockets: WebSocket[] = [];

afterEach(() => {
  for (const stream of open.splice(0)) stream.disconnect();
  for (const socket of sockets.splice(0)) socket.terminate();
});


/** The SDK's trade stream against the emulator, subscribed before connecting as alpaca.md §1.6 advises. */
async function connect(e: Emulator, key: string, secret = `secret-${key}`): Promise<Client & { result: streaming.StreamAuthResult }> {
  const alpaca = new Alpaca({ keyId: key, secret, paper: true });
  const stream = alpaca.trading.stream({ url: e.server.streamUrl, pingIntervalMs: 0, reconnect: false });
  open.push(stream);
  const client: Client = { stream, updates: [], acks: [], errors: [] };
  stream.onTradeUpdate((update) => client.updates.push(update));
  stream.on(streaming.EVENT.SUBSCRIPTION, (streams: string[]) => client.acks.push(streams));
  stream.onError((message) => client.errors.push(message));
  stream.subscribeTradeUpdates();
  stream.connect();
  const result = await stream.waitForAuthenticationResult(1000);
  if (result.authenticated) await until(() => client.acks.length > 0, 'the listening ack');
  return { ...client, result };
}

/** Counts the sim's live trade-update subscriptions by wrapping its subscribe. */
function countSubscribers(sim: SimExchange): () => number {
  const live = new Set<object>();
  const subscribe = sim.subscribeTradeUpdates.bind(sim);
  sim.subscribeTradeUpdates = (handler) => {
    const token = {};
    live.add(token);
    const off = subscribe(handler);
    return () => {
      live.delete(token);
      off();
    };
  };
  return () => live.size;
}

/** Makes the key's account over REST, so a test can watch its sim before any socket subscribes. */
async function account(e: Emulator, key: string): Promise<SimExchange> {
  expect((await e.call('GET', '/v2/account', { key })).status).toBe(200);
  const sim = e.server.accounts.exchange(key);
  if (sim === undefined) throw new Error(`no account for ${key}`);
  return sim;
}

function events(updates: readonly streaming.TradeUpdate[], orderId: string): string[] {
  return updates.filter((update) => update.order.id === orderId).map((update) => update.event);
}

describe('emulator trade-updates stream with the official SDK', () => {
  it('authenticates, listens, and streams new then fill with the execution and the order', async () => {
    const e = await emulator();
    const alice = await connect(e, 'alice');
    expect(alice.result).toMatchObject({ status: 'authenticated', authenticated: true });
    expect(alice.acks).toEqual([['trade_updates']]);

    const resting = (await e.call('POST', '/v2/orders', { body: order(FAR_BUY) })).body;
    e.settle();
    await until(() => events(alice.updates, resting.id).includes('new'), 'the resting order to be new');

    const market = (await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: '2' }) })).body;
    e.settle();
    await until(() => events(alice.updates, market.id).includes('fill'), 'the market order to fill');
    expect(events(alice.updates, market.id)).toEqual(['new', 'fill']);
    const fill = alice.updates.find((update) => update.event === 'fill');
    expect(fill).toMatchObject({
      price: '100.02',
      qty: '2',
      position_qty: '2',
      order: { id: market.id, status: 'filled', filled_qty: '2', filled_avg_price: '100.02', order_class: 'simple' },
    });
    expect(fill?.execution_id).toEqual(expect.any(String));
    expect(fill?.timestamp).toBeInstanceOf(Date);
    expect(alice.errors).toEqual([]);
  });

  it('sends a bracket fill with its legs nested in the order', async () => {
    const e = await emulator();
    const alice = await connect(e, 'alice');
    const bracket = order({
      side: 'buy',
      order_class: 'bracket',
      take_profit: { limit_price: '120.00' },
      stop_loss: { stop_price: '40.00', limit_price: '39.00' },
    });
    const { body } = await e.call('POST', '/v2/orders', { body: bracket });
    e.settle();
    await until(() => events(alice.updates, body.id).includes('fill'), 'the bracket parent to fill');
    const fill = alice.updates.find((update) => update.order.id === body.id && update.event === 'fill');
    expect(fill?.order.order_class).toBe('bracket');
    // The SDK hands nested legs over in its camelCase Order shape only.
    expect(fill?.order.legs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ side: 'sell', type: 'limit', limitPrice: '120', status: 'held' }),
        expect.objectContaining({ side: 'sell', type: 'stop_limit', stopPrice: '40', limitPrice: '39', status: 'held' }),
      ]),
    );
    expect(fill?.order.legs).toHaveLength(2);
  });

  it('refuses a wrong secret, and the SDK reports the auth failure', async () => {
    const e = await emulator();
    await account(e, 'alice');
    const intruder = await connect(e, 'alice', 'not-the-secret');
    expect(intruder.result.authenticated).toBe(false);
    expect(intruder.result.status).toBe('server_rejected');
    await until(() => intruder.stream.getState() === 'disconnected', 'the refused socket to close');
    expect(intruder.errors).toContain('auth failed');
  });

  it('gives each key only its own account updates', async () => {
    const e = await emulator();
    const alice = await connect(e, 'alice');
    const bob = await connect(e, 'bob');
    const alices = (await e.call('POST', '/v2/orders', { body: order(FAR_BUY), key: 'alice' })).body;
    const bobs = (await e.call('POST', '/v2/orders', { body: order(FAR_BUY), key: 'bob' })).body;
    e.settle();
    await until(() => events(alice.updates, alices.id).includes('new'), "alice's order");
    await until(() => events(bob.updates, bobs.id).includes('new'), "bob's order");
    expect(new Set(alice.updates.map((update) => update.order.id))).toEqual(new Set([alices.id]));
    expect(new Set(bob.updates.map((update) => update.order.id))).toEqual(new Set([bobs.id]));
  });

  it('leaves the sim without a subscriber once the client disconnects', async () => {
    const e = await emulator();
    const subscribers = countSubscribers(await account(e, 'alice'));
    const alice = await connect(e, 'alice');
    expect(subscribers()).toBe(1);
    alice.stream.disconnect();
    await until(() => subscribers() === 0, 'the subscription to be removed');
  });

  it("drops the socket when the account's stream goes down, refuses a new one until it is back, then streams again", async () => {
    const e = await emulator();
    const sim = await account(e, 'alice');
    const first = await connect(e, 'alice');
    let closed = false;
    first.stream.onDisconnect(() => (closed = true));
    sim.startStreamOutage();
    await until(() => closed, 'the socket to drop');
    const during = await connect(e, 'alice');
    expect(during.result.authenticated).toBe(false);
    sim.endStreamOutage();
    const after = await connect(e, 'alice');
    expect(after.result.authenticated).toBe(true);
    const market = (await e.call('POST', '/v2/orders', { body: order({ side: 'buy', qty: '1' }) })).body;
    e.settle();
    await until(() => events(after.updates, market.id).includes('fill'), 'the fill after the outage');
  });

  it('drops open sockets and their subscriptions when the server closes', async () => {
    const e = await emulator();
    const subscribers = countSubscribers(await account(e, 'alice'));
    const alice = await connect(e, 'alice');
    await e.server.close();
    expect(subscribers()).toBe(0);
    await until(() => alice.stream.getState() === 'disconnected', 'the client to see the close');
  });
});

describe('emulator trade-updates stream wire protocol', () => {
  interface Frame {
    readonly message: any;
    readonly binary: boolean;
  }

  async function rawSocket(url: string): Promise<{ socket: WebSocket; frames: Frame[] }> {
    const socket = new WebSocket(url);
    sockets.push(socket);
    const frames: Frame[] = [];
    socket.on('message', (data, binary) => frames.push({ message: JSON.parse(String(data)), binary }));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return { socket, frames };
  }

  it('takes text frames, answers in binary, and acks a repeated listen without subscribing twice', async () => {
    const e = await emulator();
    const subscribers = countSubscribers(await account(e, 'alice'));
    const { socket, frames } = await rawSocket(e.server.streamUrl);
    socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: 'alice', secret_key: 'secret-alice' } }));
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    socket.send(Buffer.from(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } })));
    await until(() => frames.length === 3, 'three answers');
    const listening = { stream: 'listening', data: { streams: ['trade_updates'] } };
    expect(frames).toEqual([
      { message: { stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } }, binary: true },
      { message: listening, binary: true },
      { message: listening, binary: true },
    ]);
    expect(subscribers()).toBe(1);

    socket.send(JSON.stringify({ action: 'listen', data: { streams: [] } }));
    await until(() => frames.length === 4, 'the empty ack');
    expect(frames[3]?.message).toEqual({ stream: 'listening', data: { streams: [] } });
    expect(subscribers()).toBe(0);
  });

  it('answers an unknown action or a listen before authenticating with an error frame', async () => {
    const e = await emulator();
    const { socket, frames } = await rawSocket(e.server.streamUrl);
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    socket.send(JSON.stringify({ action: 'subscribe' }));
    socket.send('not json');
    await until(() => frames.length === 3, 'three errors');
    expect(frames.map(({ message }) => message.action)).toEqual(['error', 'error', 'error']);
    expect(frames[0]?.message.data.error_message).toMatch(/not authenticated/);
    expect(frames[1]?.message.data.error_message).toMatch(/unknown action "subscribe"/);
  });

  it('refuses an upgrade on any other path', async () => {
    const e = await emulator();
    const socket = new WebSocket(`${e.server.url}/v2/stream`);
    const refused = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(refused.message).toBe('Unexpected server response: 404');
  });
});
