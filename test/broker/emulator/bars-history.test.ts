import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { isOnTick } from '../../../src/domain/tick.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { emulator, type Emulator } from './helpers.js';

const MINUTE = 60_000;
const OPENED = Date.UTC(2026, 0, 5, 15, 0, 0);
const TWO_DAYS_BEFORE = '2026-01-03T15:00:00Z';

interface JsonBar {
  readonly t: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly n: number;
}

async function sim(e: Emulator): Promise<SimExchange> {
  expect((await e.call('GET', '/v2/account')).status).toBe(200);
  const exchange = e.server.accounts.exchange('alice');
  if (exchange === undefined) throw new Error('no account for alice');
  return exchange;
}

async function aaplBars(e: Emulator, query: string): Promise<{ bars: JsonBar[]; next: string | null }> {
  const { status, body } = await e.call('GET', `/v2/stocks/bars?symbols=AAPL&${query}`);
  expect(status).toBe(200);
  return { bars: body.bars.AAPL ?? [], next: body.next_page_token };
}

describe('emulator bars before its first print', () => {
  it('start with two days of the sim’s invented minutes, ending at the price it then showed', async () => {
    const e = await emulator();
    await sim(e);
    const { bars } = await aaplBars(e, `timeframe=1Min&start=${TWO_DAYS_BEFORE}&limit=10000`);
    expect(bars).toHaveLength(2 * 24 * 60 + 1);
    expect(bars[0]?.t).toBe(TWO_DAYS_BEFORE);
    const [lastInvented, firstPrint] = bars.slice(-2);
    expect(lastInvented).toMatchObject({ t: '2026-01-05T14:59:00Z', c: 100 });
    expect(firstPrint).toMatchObject({ t: '2026-01-05T15:00:00Z', o: 100, v: 500, n: 1 });
    const wrong = bars.filter(
      (bar) => !(bar.l <= Math.min(bar.o, bar.c) && bar.h >= Math.max(bar.o, bar.c) && [bar.o, bar.h, bar.l, bar.c].every((p) => isOnTick(dec(String(p))))),
    );
    expect(wrong).toEqual([]);
  });

  it('are the minutes the sim itself answers as its recent bars, so both brokers warm a strategy up alike', async () => {
    const e = await emulator();
    const exchange = await sim(e);
    const { bars } = await aaplBars(e, `timeframe=1Min&start=2026-01-05T14:00:00Z&end=2026-01-05T14:59:00Z`);
    const own = await exchange.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 60 });
    expect(bars.map((bar) => [Date.parse(bar.t), bar.o, bar.h, bar.l, bar.c, bar.v, bar.n])).toEqual(
      own.map((bar) => [bar.start, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.trades]),
    );
  });

  it('come newest first with sort=desc, paging on to older ones', async () => {
    const e = await emulator();
    await sim(e);
    const first = await aaplBars(e, `timeframe=1Hour&start=2026-01-05T00:00:00Z&sort=desc&limit=2`);
    expect(first.bars.map((bar) => bar.t)).toEqual(['2026-01-05T15:00:00Z', '2026-01-05T14:00:00Z']);
    const second = await aaplBars(e, `timeframe=1Hour&start=2026-01-05T00:00:00Z&sort=desc&limit=2&page_token=${first.next}`);
    expect(second.bars.map((bar) => bar.t)).toEqual(['2026-01-05T13:00:00Z', '2026-01-05T12:00:00Z']);
    const ascending = await aaplBars(e, `timeframe=1Hour&start=2026-01-05T00:00:00Z&sort=asc&limit=2`);
    expect(ascending.bars.map((bar) => bar.t)).toEqual(['2026-01-05T00:00:00Z', '2026-01-05T01:00:00Z']);
  });

  it('refuses a sort it does not know, saying which it takes', async () => {
    const e = await emulator();
    await sim(e);
    const { status, body } = await e.call('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=1Min&sort=newest');
    expect(status).toBe(400);
    expect(body.message).toBe('invalid sort "newest": expected asc or desc');
  });
});
