import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { emulator, type Emulator } from './helpers.js';

const MINUTE = 60_000;

async function sim(e: Emulator, key = 'alice'): Promise<SimExchange> {
  expect((await e.call('GET', '/v2/account', { key })).status).toBe(200);
  const exchange = e.server.accounts.exchange(key);
  if (exchange === undefined) throw new Error(`no account for ${key}`);
  return exchange;
}

/** Moves AAPL to a new last price, which the sim prints as a trade of the bid size. */
function print(exchange: SimExchange, last: string, bidSize = 500): void {
  const bid = dec(last).minus('0.01');
  exchange.setQuote('AAPL', { bid, ask: dec(last).plus('0.01'), last: dec(last), bidSize: dec(bidSize), askSize: dec(300) });
}

describe('emulator market data REST', () => {
  it('answers snapshots in Alpaca shape, numbers for prices, unknown symbols left out', async () => {
    const e = await emulator();
    const exchange = await sim(e);
    const { status, body } = await e.call('GET', '/v2/stocks/snapshots?symbols=AAPL,NOPE,msft&feed=iex');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['AAPL', 'MSFT']);
    const quote = exchange.getQuote('AAPL');
    expect(body.AAPL).toEqual({
      latestQuote: { t: quote?.timestamp, ax: 'V', ap: 100.02, as: 500, bx: 'V', bp: 100, bs: 500, c: ['R'], z: 'C' },
      latestTrade: { t: quote?.timestamp, x: 'V', p: 100, s: 500, c: ['@'], i: expect.any(Number), z: 'C' },
      minuteBar: { t: '2026-01-05T15:00:00Z', o: 100, h: 100, l: 100, c: 100, v: 500, n: 1, vw: 100 },
      // The day so far: the sim's invented minutes since midnight, then its print.
      dailyBar: { t: '2026-01-05T00:00:00Z', o: expect.any(Number), h: expect.any(Number), l: expect.any(Number), c: 100, v: expect.any(Number), n: expect.any(Number), vw: expect.any(Number) },
      prevDailyBar: { t: '2026-01-04T00:00:00Z', o: 100, h: 100, l: 100, c: 100, v: 0, n: 0, vw: 100 },
    });
  });

  it('answers latest quotes and trades keyed by symbol, the trade numbered and following the market', async () => {
    const e = await emulator();
    const exchange = await sim(e);
    const first = (await e.call('GET', '/v2/stocks/trades/latest?symbols=AAPL')).body.trades.AAPL;
    e.clock.advance(1000);
    print(exchange, '101.25', 200);
    const quotes = await e.call('GET', '/v2/stocks/quotes/latest?symbols=AAPL,ZZZZ');
    expect(quotes.status).toBe(200);
    expect(quotes.body).toEqual({
      quotes: { AAPL: { t: '2026-01-05T15:00:01.000Z', ax: 'V', ap: 101.26, as: 300, bx: 'V', bp: 101.24, bs: 200, c: ['R'], z: 'C' } },
    });
    const trades = await e.call('GET', '/v2/stocks/trades/latest?symbols=AAPL,ZZZZ');
    expect(trades.body).toEqual({
      trades: { AAPL: { t: '2026-01-05T15:00:01.000Z', x: 'V', p: 101.25, s: 200, c: ['@'], i: first.i + 2, z: 'C' } },
    });
  });

  it('builds bars from what the sim printed since its data was first asked for, and pages them', async () => {
    const e = await emulator();
    const exchange = await sim(e);
    expect((await e.call('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=1Min')).status).toBe(200);
    e.clock.advance(10_000);
    print(exchange, '101.00', 100);
    e.clock.advance(MINUTE);
    print(exchange, '99.50', 300);
    e.clock.advance(1000);
    print(exchange, '100.50', 100);

    const minutes = await e.call('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2026-01-05T15:00:00Z');
    expect(minutes.body).toEqual({
      bars: {
        AAPL: [
          { t: '2026-01-05T15:00:00Z', o: 100, h: 101, l: 100, c: 101, v: 600, n: 2, vw: 100.16666666666667 },
          { t: '2026-01-05T15:01:00Z', o: 99.5, h: 100.5, l: 99.5, c: 100.5, v: 400, n: 2, vw: 99.75 },
        ],
      },
      next_page_token: null,
    });

    const hour = await e.call('GET', '/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Hour&start=2026-01-05T15:00:00Z&limit=1');
    expect(hour.body.bars).toEqual({ AAPL: [{ t: '2026-01-05T15:00:00Z', o: 100, h: 101, l: 99.5, c: 100.5, v: 1000, n: 4, vw: 100 }] });
    const next = await e.call('GET', `/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Hour&start=2026-01-05T15:00:00Z&limit=1&page_token=${hour.body.next_page_token}`);
    expect(Object.keys(next.body.bars)).toEqual(['MSFT']);
    expect(next.body.next_page_token).toBeNull();
  });

  it('refuses a bad request with a 400 saying what would be right', async () => {
    const e = await emulator();
    const missing = await e.call('GET', '/v2/stocks/quotes/latest');
    expect(missing).toEqual({ status: 400, body: { code: 40010001, message: 'missing symbols: pass symbols=AAPL,MSFT' } });
    const frame = await e.call('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=7Weeks');
    expect(frame.status).toBe(400);
    expect(frame.body.message).toBe('invalid timeframe "7Weeks": expected 1-59Min, 1-23Hour or 1Day');
    const limit = await e.call('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=1Min&limit=0');
    expect(limit.body.message).toMatch(/^invalid limit "0": expected a whole number from 1 to 10000$/);
  });

  it('wants the same keys as trading', async () => {
    const e = await emulator();
    await sim(e);
    expect(await e.call('GET', '/v2/stocks/snapshots?symbols=AAPL', { noAuth: true })).toEqual({ status: 401, body: { message: 'unauthorized' } });
    expect((await e.call('GET', '/v2/stocks/trades/latest?symbols=AAPL', { secret: 'wrong' })).status).toBe(401);
  });
});
