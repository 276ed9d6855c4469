import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dec } from '../../../src/domain/decimal.js';
import { AlpacaMarketData } from '../../../src/broker/alpaca/alpaca-market-data.js';
import { BrokerError } from '../../../src/broker/errors.js';
import type { MarketTrade, Quote } from '../../../src/broker/port.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { emulator, type Emulator } from '../emulator/helpers.js';
import { until } from '../../support/until.js';

const KEY = 'PKDATA';
const SECRET = 'secret-PKDATA';

const open: AlpacaMarketData[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((data) => data.close()));
});

interface Session {
  readonly e: Emulator;
  readonly data: AlpacaMarketData;
  readonly notices: string[];
}

async function session(): Promise<Session> {
  return adapter(await emulator());
}

function adapter(e: Emulator, secret = SECRET): Session {
  const notices: string[] = [];
  const data = new AlpacaMarketData({
    dataUrl: e.server.url,
    streamUrl: e.server.url.replace(/^http/, 'ws'),
    keyId: KEY,
    secret,
    clock: e.clock,
    notice: (level, text) => notices.push(`${level}: ${text}`),
    pingIntervalMs: 0,
  });
  open.push(data);
  return { e, data, notices };
}


function sim(e: Emulator): SimExchange {
  const exchange = e.server.accounts.exchange(KEY);
  if (exchange === undefined) throw new Error('no account yet');
  return exchange;
}

function move(e: Emulator, symbol: string, last: string): void {
  const price = dec(last);
  sim(e).setQuote(symbol, { bid: price.minus('0.01'), ask: price.plus('0.01'), last: price, bidSize: dec(100), askSize: dec(200) });
}

function watcher(): { quotes: Quote[]; trades: MarketTrade[]; handlers: { quote: (q: Quote) => void; trade: (t: MarketTrade) => void } } {
  const quotes: Quote[] = [];
  const trades: MarketTrade[] = [];
  return { quotes, trades, handlers: { quote: (q) => quotes.push(q), trade: (t) => trades.push(t) } };
}

/** A raw connection's answer to authenticating as KEY: free only once the adapter's socket is gone. */
async function authAnswer(e: Emulator): Promise<unknown> {
  const socket = new WebSocket(`${e.server.url.replace(/^http/, 'ws')}/v2/iex`);
  const frames: unknown[] = [];
  socket.on('message', (data) => frames.push(...(JSON.parse(String(data)) as unknown[])));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ action: 'auth', key: KEY, secret: SECRET }));
  await until(() => frames.length === 2, 'the auth answer');
  socket.terminate();
  return frames[1];
}

/** The adapter's stream holds the key's one connection until it authenticates and subscribes. */
async function streaming(data: AlpacaMarketData): Promise<void> {
  await until(() => data.streamHealth() === 'ok', 'the stream to authenticate');
}

describe('AlpacaMarketData through the SDK against the emulator', () => {
  it('reads snapshots, latest quotes and latest trades exactly, leaving unknown symbols out', async () => {
    const { e, data } = await session();
    const [snapshot, ...none] = await data.getSnapshots(['aapl', 'NOPE']);
    expect(none).toEqual([]);
    expect(snapshot?.symbol).toBe('AAPL');
    expect([snapshot?.bid, snapshot?.ask, snapshot?.bidSize, snapshot?.askSize, snapshot?.last, snapshot?.prevClose].map(String)).toEqual([
      '100',
      '100.02',
      '500',
      '500',
      '100',
      '100',
    ]);

    e.clock.advance(1000);
    move(e, 'AAPL', '187.43');
    const quotes = await data.getLatestQuotes(['AAPL', 'MSFT', 'NOPE']);
    expect(quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString()])).toEqual([
      ['AAPL', '187.42', '187.44'],
      ['MSFT', expect.any(String), expect.any(String)],
    ]);
    expect(quotes[0]?.timestamp).toBe('2026-01-05T15:00:01.000Z');
    const trades = await data.getLatestTrades(['AAPL']);
    expect(trades.map((t) => [t.symbol, t.price.toString(), t.size.toString(), t.timestamp])).toEqual([['AAPL', '187.43', '100', '2026-01-05T15:00:01.000Z']]);
    expect(await data.getLatestTrades([])).toEqual([]);
  });

  it('maps a refused key to a BrokerError and keeps the keys out of an inspect', async () => {
    const e = await emulator();
    expect((await e.call('GET', '/v2/account', { key: KEY, secret: SECRET })).status).toBe(200);
    const { data } = adapter(e, 'wrong');
    const error = await data.getSnapshots(['AAPL']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).status).toBe(401);
    expect(inspect(data, { depth: 5 })).not.toMatch(/wrong|PKDATA/);
  });

  it('streams quotes and trades to every subscriber of the symbol over one connection', async () => {
    const { e, data, notices } = await session();
    const first = watcher();
    const second = watcher();
    data.subscribeMarketData(['AAPL'], first.handlers);
    data.subscribeMarketData(['aapl', 'MSFT'], second.handlers);
    await streaming(data);
    await until(() => e.server.accounts.exchange(KEY) !== undefined, 'the account');
    // The subscription ack trails authentication; a quote sent before it would be for no one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    e.clock.advance(1000);
    move(e, 'AAPL', '187.43');
    move(e, 'MSFT', '412.10');
    await until(() => second.quotes.length === 2 && first.quotes.length === 1, 'the quotes');
    expect(first.quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString(), q.bidSize.toString(), q.askSize.toString(), q.timestamp])).toEqual([
      ['AAPL', '187.42', '187.44', '100', '200', '2026-01-05T15:00:01.000000000Z'],
    ]);
    expect(first.trades.map((t) => [t.symbol, t.price.toString(), t.size.toString()])).toEqual([['AAPL', '187.43', '100']]);
    expect(second.quotes.map((q) => q.symbol)).toEqual(['AAPL', 'MSFT']);
    expect(await authAnswer(e)).toEqual({ T: 'error', code: 406, msg: 'connection limit exceeded' });
    expect(notices).toEqual([]);
  });

  it('refuses the 31st symbol with a clear line and changes nothing; unsubscribing frees room on the stream', async () => {
    const { data, notices } = await session();
    const symbols = Array.from({ length: 40 }, (_, i) => `S${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);
    const first = data.subscribeMarketData(symbols.slice(0, 20), {});
    data.subscribeMarketData(symbols.slice(10, 30), {});
    expect(() => data.subscribeMarketData(['AAPL', 'SAA'], {})).toThrow(
      new BrokerError('rejected', "Alpaca's free data plan streams at most 30 symbols; 31 asked — remove some from the watchlist"),
    );
    expect(() => data.subscribeMarketData(['AAPL'], {})).toThrow(/31 asked/);
    await streaming(data);

    first();
    data.subscribeMarketData(symbols.slice(30), {});
    // The emulator answers 405 to a channel past 30 symbols: had the first ten stayed subscribed, this would be 40.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(notices).toEqual([]);
  });

  it('stops delivering to a subscriber that left, and keeps a symbol for one that still wants it', async () => {
    const { e, data } = await session();
    const leaving = watcher();
    const staying = watcher();
    const leave = data.subscribeMarketData(['AAPL', 'MSFT'], leaving.handlers);
    data.subscribeMarketData(['MSFT'], staying.handlers);
    await streaming(data);
    await new Promise((resolve) => setTimeout(resolve, 20));
    leave();
    await until(() => e.server.accounts.exchange(KEY) !== undefined, 'the account');
    move(e, 'AAPL', '150.00');
    move(e, 'MSFT', '410.00');
    await until(() => staying.quotes.length === 1, 'the MSFT quote');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(leaving.quotes).toEqual([]);
    expect(leaving.trades).toEqual([]);
    expect(staying.quotes.map((q) => q.symbol)).toEqual(['MSFT']);
    expect(staying.trades.map((t) => [t.symbol, t.price.toString()])).toEqual([['MSFT', '410']]);
  });

  it('reports a stream refused for its keys instead of throwing, and close frees the connection', async () => {
    const { e, data } = await session();
    data.subscribeMarketData(['AAPL'], {});
    await streaming(data);
    await data.close();
    expect(data.streamHealth()).toBe('down');
    let answer: unknown;
    const deadline = Date.now() + 2000;
    while ((answer as { msg?: string } | undefined)?.msg !== 'authenticated' && Date.now() < deadline) answer = await authAnswer(e);
    expect(answer).toEqual({ T: 'success', msg: 'authenticated' });
    expect(() => data.subscribeMarketData(['AAPL'], {})).toThrow('market data is closed: no new subscriptions');

    const intruder = adapter(e, 'wrong');
    intruder.data.subscribeMarketData(['AAPL'], {});
    await until(() => intruder.notices.length > 0, 'the refusal to be told');
    expect(intruder.notices).toContain('warn: market data stream: auth failed');
    expect(intruder.data.streamHealth()).toBe('down');
  });
});
