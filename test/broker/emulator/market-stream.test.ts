import { afterEach, describe, expect, it } from 'vitest';
import { decode, encode } from '@msgpack/msgpack';
import { streaming } from '@alpacahq/alpaca-trade-api';
import WebSocket from 'ws';
import { dec } from '../../../src/domain/decimal.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { SIM_DEFAULTS } from '../../../src/broker/sim/sim-options.js';
import { emulator, type Emulator } from './helpers.js';
import { until } from '../../support/until.js';

const sockets: WebSocket[] = [];
const streams: streaming.StockDataStream[] = [];

afterEach(() => {
  for (const stream of streams.splice(0)) stream.disconnect();
  for (const socket of sockets.splice(0)) socket.terminate();
});


interface Client {
  readonly socket: WebSocket;
  /** Every message received, each an array of frames as Alpaca sends them. */
  readonly messages: any[][];
  readonly binary: boolean[];
  readonly send: (message: unknown) => void;
  /** Waits for the next `count` messages and returns their frames. */
  readonly next: (count?: number) => Promise<any[]>;
  readonly closed: () => boolean;
}

function streamUrl(e: Emulator): string {
  return `${e.server.url.replace(/^http/, 'ws')}/v2/iex`;
}

async function client(e: Emulator, codec: 'json' | 'msgpack' = 'json'): Promise<Client> {
  const msgpack = codec === 'msgpack';
  const socket = new WebSocket(streamUrl(e), msgpack ? { headers: { 'Content-Type': 'application/msgpack' } } : {});
  sockets.push(socket);
  const messages: any[][] = [];
  const binary: boolean[] = [];
  let closed = false;
  let read = 0;
  socket.on('message', (data, isBinary) => {
    messages.push((msgpack ? decode(data as Buffer) : JSON.parse(String(data))) as any[]);
    binary.push(isBinary);
  });
  socket.on('close', () => (closed = true));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = async (count = 1): Promise<any[]> => {
    await until(() => messages.length >= read + count, `${count} message(s)`);
    const frames = messages.slice(read, read + count).flat();
    read += count;
    return frames;
  };
  return {
    socket,
    messages,
    binary,
    send: (message) => socket.send(msgpack ? encode(message) : JSON.stringify(message)),
    next,
    closed: () => closed,
  };
}

async function authenticated(e: Emulator, key = 'alice', codec: 'json' | 'msgpack' = 'json'): Promise<Client> {
  const c = await client(e, codec);
  expect(await c.next()).toEqual([{ T: 'success', msg: 'connected' }]);
  c.send({ action: 'auth', key, secret: `secret-${key}` });
  expect(await c.next()).toEqual([{ T: 'success', msg: 'authenticated' }]);
  return c;
}

function sim(e: Emulator, key = 'alice'): SimExchange {
  const exchange = e.server.accounts.exchange(key);
  if (exchange === undefined) throw new Error(`no account for ${key}`);
  return exchange;
}

const AAPL_AT_101 = { bid: dec('101.00'), ask: dec('101.02'), last: dec('101.01'), bidSize: dec(200), askSize: dec(300) };

describe('emulator market data stream', () => {
  it('speaks JSON text by default: connected, authenticated, subscribed, then trades and quotes as the market moves', async () => {
    const e = await emulator();
    const c = await authenticated(e);
    c.send({ action: 'subscribe', trades: ['AAPL'], quotes: ['aapl', 'MSFT'] });
    expect(await c.next()).toEqual([
      {
        T: 'subscription',
        trades: ['AAPL'],
        quotes: ['AAPL', 'MSFT'],
        bars: [],
        updatedBars: [],
        dailyBars: [],
        statuses: [],
        lulds: [],
        corrections: ['AAPL'],
        cancelErrors: ['AAPL'],
      },
    ]);
    e.clock.advance(1000);
    sim(e).setQuote('AAPL', AAPL_AT_101);
    expect(await c.next(2)).toEqual([
      { T: 't', S: 'AAPL', t: '2026-01-05T15:00:01.000Z', x: 'V', p: 101.01, s: 200, c: ['@'], i: expect.any(Number), z: 'C' },
      { T: 'q', S: 'AAPL', t: '2026-01-05T15:00:01.000Z', ax: 'V', ap: 101.02, as: 300, bx: 'V', bp: 101, bs: 200, c: ['R'], z: 'C' },
    ]);
    expect(c.binary).toEqual([false, false, false, false, false]);

    const before = c.messages.length;
    sim(e).start();
    e.clock.advance(20 * SIM_DEFAULTS.tickIntervalMs);
    await until(() => c.messages.length > before, 'frames from the ticking market');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const symbols = new Set(c.messages.slice(before).flat().map((frame) => `${frame.T}:${frame.S}`));
    expect([...symbols].every((kind) => ['t:AAPL', 'q:AAPL', 'q:MSFT'].includes(kind))).toBe(true);
    expect(symbols.has('q:MSFT')).toBe(true);
  });

  it('speaks msgpack both ways when the upgrade asks for it, times as the timestamp extension the SDK reads', async () => {
    const e = await emulator();
    const c = await authenticated(e, 'alice', 'msgpack');
    c.send({ action: 'subscribe', quotes: ['AAPL'] });
    expect((await c.next())[0]).toMatchObject({ T: 'subscription', quotes: ['AAPL'], trades: [] });
    sim(e).setQuote('AAPL', AAPL_AT_101);
    const [quote] = await c.next();
    expect(quote).toMatchObject({ T: 'q', S: 'AAPL', bp: 101, ap: 101.02, bs: 200, as: 300 });
    expect(quote.t).toEqual(new Date('2026-01-05T15:00:00.000Z'));
    expect(c.binary.every(Boolean)).toBe(true);
  });

  it('is what the SDK stock stream subscribes to and reads', async () => {
    const e = await emulator();
    const stream = new streaming.StockDataStream({
      credentials: { keyId: 'alice', secret: 'secret-alice' },
      url: streamUrl(e),
      reconnect: false,
      pingIntervalMs: 0,
    });
    streams.push(stream);
    const quotes: streaming.StreamQuote[] = [];
    const trades: streaming.StreamTrade[] = [];
    stream.onQuote((quote) => quotes.push(quote));
    stream.onTrade((trade) => trades.push(trade));
    stream.subscribeForQuotes(['AAPL']);
    stream.subscribeForTrades(['AAPL']);
    let acked = false;
    stream.on(streaming.EVENT.SUBSCRIPTION, () => (acked = true));
    stream.connect();
    expect((await stream.waitForAuthenticationResult(1000)).authenticated).toBe(true);
    await until(() => acked, 'the subscription ack');
    sim(e).setQuote('AAPL', AAPL_AT_101);
    await until(() => quotes.length === 1 && trades.length === 1, 'a quote and a trade');
    expect(quotes[0]).toMatchObject({ symbol: 'AAPL', bidPrice: 101, askPrice: 101.02, bidSize: 200, askSize: 300, bidExchange: 'V' });
    expect(quotes[0]?.timestampRaw).toBe('2026-01-05T15:00:00.000000000Z');
    expect(trades[0]).toMatchObject({ symbol: 'AAPL', price: 101.01, size: 200, exchange: 'V' });
  });

  it('refuses more than 30 symbols on a channel with 405 and keeps the subscription it had', async () => {
    const e = await emulator();
    const c = await authenticated(e);
    const thirty = Array.from({ length: 30 }, (_, i) => `S${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);
    c.send({ action: 'subscribe', quotes: thirty });
    expect((await c.next())[0].quotes).toHaveLength(30);
    c.send({ action: 'subscribe', quotes: ['AAPL'] });
    expect(await c.next()).toEqual([{ T: 'error', code: 405, msg: 'symbol limit exceeded' }]);
    c.send({ action: 'unsubscribe', quotes: ['SAA'] });
    expect((await c.next())[0].quotes).toHaveLength(29);
    c.send({ action: 'subscribe', quotes: ['AAPL'], trades: thirty });
    expect((await c.next())[0]).toMatchObject({ quotes: expect.arrayContaining(['AAPL']), trades: thirty });
  });

  it('allows one connection per key: a second gets 406 and is closed, and the slot frees when the first closes', async () => {
    const e = await emulator();
    const first = await authenticated(e);
    const second = await client(e);
    await second.next();
    second.send({ action: 'auth', key: 'alice', secret: 'secret-alice' });
    expect(await second.next()).toEqual([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]);
    await until(second.closed, 'the second connection to close');
    await authenticated(e, 'bob');

    first.socket.close();
    await until(first.closed, 'the first connection to close');
    // The client can see its close before the server has; a retry stands in for a reconnect.
    let answer: unknown;
    for (let attempt = 0; attempt < 20 && (answer as { msg?: string } | undefined)?.msg !== 'authenticated'; attempt++) {
      const again = await client(e);
      await again.next();
      again.send({ action: 'auth', key: 'alice', secret: 'secret-alice' });
      [answer] = await again.next();
    }
    expect(answer).toEqual({ T: 'success', msg: 'authenticated' });
  });

  it('answers a wrong secret with 402 and closes; acting before auth, bad syntax and a second auth with their codes', async () => {
    const e = await emulator();
    await authenticated(e);
    const intruder = await client(e);
    await intruder.next();
    intruder.send({ action: 'auth', key: 'alice', secret: 'guess' });
    expect(await intruder.next()).toEqual([{ T: 'error', code: 402, msg: 'auth failed' }]);
    await until(intruder.closed, 'the refused connection to close');

    const c = await client(e);
    await c.next();
    c.send({ action: 'subscribe', quotes: ['AAPL'] });
    expect(await c.next()).toEqual([{ T: 'error', code: 401, msg: 'not authenticated' }]);
    c.socket.send('{not json');
    c.send({ action: 'listen' });
    c.send({ action: 'auth', key: 'carol', secret: 'secret-carol' });
    c.send({ action: 'subscribe', quotes: 'AAPL' });
    c.send({ action: 'auth', key: 'carol', secret: 'secret-carol' });
    expect(await c.next(5)).toEqual([
      { T: 'error', code: 400, msg: 'invalid syntax' },
      { T: 'error', code: 400, msg: 'invalid syntax' },
      { T: 'success', msg: 'authenticated' },
      { T: 'error', code: 400, msg: 'invalid syntax' },
      { T: 'error', code: 403, msg: 'already authenticated' },
    ]);
  });

  it('drops open sockets when the server closes', async () => {
    const e = await emulator();
    const c = await authenticated(e);
    await e.server.close();
    await until(c.closed, 'the socket to close');
  });
});
