import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { AlpacaMarketData } from '../../../src/broker/alpaca/alpaca-market-data.js';
import { BrokerError } from '../../../src/broker/errors.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { emulator, type Emulator } from '../emulator/helpers.js';

const KEY = 'PKBARS';
const SECRET = 'secret-PKBARS';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const OPENED = Date.UTC(2026, 0, 5, 15, 0, 0);

const open: AlpacaMarketData[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((data) => data.close()));
});

function adapter(e: Emulator | undefined, secret = SECRET): AlpacaMarketData {
  const data = new AlpacaMarketData({
    // Nothing listens on port 9: a request there fails at once.
    dataUrl: e?.server.url ?? 'http://127.0.0.1:9',
    streamUrl: 'ws://127.0.0.1:9',
    keyId: KEY,
    secret,
    clock: e?.clock ?? { now: () => OPENED, setTimer: () => () => {}, setRepeating: () => () => {} },
    notice: () => {},
  });
  open.push(data);
  return data;
}

async function session(): Promise<{ e: Emulator; data: AlpacaMarketData; sim: SimExchange }> {
  const e = await emulator();
  expect((await e.call('GET', '/v2/account', { key: KEY, secret: SECRET })).status).toBe(200);
  const sim = e.server.accounts.exchange(KEY);
  if (sim === undefined) throw new Error('no account yet');
  return { e, data: adapter(e), sim };
}

describe('AlpacaMarketData.recentBars through the SDK against the emulator', () => {
  it('reads the last whole minute bars before `before`, oldest first, as the sim has them', async () => {
    const { data, sim } = await session();
    const bars = await data.recentBars({ symbol: 'aapl', timeframeMs: MINUTE, before: OPENED, count: 30 });
    expect(bars.map((bar) => bar.start)).toEqual(Array.from({ length: 30 }, (_, i) => OPENED - (30 - i) * MINUTE));
    expect(bars.at(-1)?.close).toBe(100);
    expect(bars).toEqual(await sim.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 30 }));
  });

  it('reads longer bars Alpaca makes from the same minutes', async () => {
    const { data } = await session();
    const minutes = await data.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 50 });
    const fives = await data.recentBars({ symbol: 'AAPL', timeframeMs: 5 * MINUTE, before: OPENED, count: 10 });
    expect(fives.map((bar) => bar.start)).toEqual(Array.from({ length: 10 }, (_, i) => OPENED - (10 - i) * 5 * MINUTE));
    expect(fives.map((bar) => [bar.open, bar.high, bar.low, bar.close])).toEqual(
      fives.map((_, k) => {
        const five = minutes.slice(5 * k, 5 * k + 5);
        return [five[0]!.open, Math.max(...five.map((m) => m.high)), Math.min(...five.map((m) => m.low)), five[4]!.close];
      }),
    );
  });

  it('leaves out the bar still forming at `before`, and keeps one that ended exactly then', async () => {
    const { e, data, sim } = await session();
    e.clock.advance(90 * SECOND);
    sim.setQuote('AAPL', { bid: dec('100.49'), ask: dec('100.51'), last: dec('100.50'), bidSize: dec(100), askSize: dec(100) });
    const now = e.clock.now();
    const forming = await data.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: now, count: 2 });
    expect(forming.map((bar) => bar.start)).toEqual([OPENED - MINUTE, OPENED]);
    const ended = await data.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED + MINUTE, count: 1 });
    expect(ended.map((bar) => bar.start)).toEqual([OPENED]);
  });

  it('reads daily bars on UTC days, the day under way left out', async () => {
    const { data } = await session();
    const days = await data.recentBars({ symbol: 'AAPL', timeframeMs: DAY, before: OPENED, count: 5 });
    // The emulator's history begins two days before its first print.
    expect(days.map((bar) => new Date(bar.start).toISOString())).toEqual(['2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z']);
  });

  it('answers none for a bar Alpaca does not make, or a symbol it does not know, without failing', async () => {
    const offline = adapter(undefined);
    expect(await offline.recentBars({ symbol: 'AAPL', timeframeMs: 5 * SECOND, before: OPENED, count: 20 })).toEqual([]);
    expect(await offline.recentBars({ symbol: 'AAPL', timeframeMs: 90 * MINUTE, before: OPENED, count: 20 })).toEqual([]);
    const refused = await offline.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 20 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokerError);
    const { data } = await session();
    expect(await data.recentBars({ symbol: 'NOPE', timeframeMs: MINUTE, before: OPENED, count: 20 })).toEqual([]);
  });

  it('maps a refused key to a BrokerError that does not carry the keys', async () => {
    const { e } = await session();
    const error = await adapter(e, 'wrong-secret').recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).status).toBe(401);
    expect(String((error as BrokerError).message)).not.toMatch(/wrong-secret|PKBARS/);
  });
});
