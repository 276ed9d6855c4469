import { afterEach, describe, expect, it } from 'vitest';
import type { BarColumns } from '../../../src/domain/bar.js';
import { dec } from '../../../src/domain/decimal.js';
import type { MarketTrade, TradeUpdate } from '../../../src/broker/port.js';
import { barPath, DEPTH_WITHOUT_VOLUME } from '../../../src/broker/sim/replay-feed.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../../src/kernel/clock.js';

const DAY = 86_400_000;
/** A quarter of a second past a whole second: the replay waits for the next one. */
const T = Date.UTC(2026, 0, 5, 15, 0, 0) + 250;
const FIRST_BAR = Date.UTC(2026, 0, 5, 15, 0, 1);

/** Daily bars [open, high, low, close, volume]. */
function columns(rows: readonly (readonly [number, number, number, number, number])[]): BarColumns {
  const column = (k: number): Float64Array => Float64Array.from(rows.map((row) => row[k] as number));
  return {
    length: rows.length,
    start: Float64Array.from(rows.map((_, i) => Date.UTC(2024, 0, 1) + i * DAY)),
    open: column(0),
    high: column(1),
    low: column(2),
    close: column(3),
    volume: column(4),
  };
}

const GOOG = columns([
  [100, 104, 99, 103, 4000],
  [103, 103.5, 97, 98, 800],
  [98, 101, 95, 100, 0],
]);

const open: SimExchange[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

function replaying(barMs?: number): { sim: SimExchange; clock: ManualClock; trades: string[] } {
  const clock = new ManualClock(T);
  const sim = createSimExchange({
    clock,
    seed: 7,
    universe: [{ symbol: 'AAPL', price: '100.00' }],
    replay: { sources: [{ symbol: 'GOOG', bars: GOOG }], ...(barMs !== undefined && { barMs }) },
  });
  open.push(sim);
  const trades: string[] = [];
  sim.subscribeMarketData(['GOOG'], { trade: (t: MarketTrade) => trades.push(`${t.timestamp.slice(17, 23)} ${t.price.toFixed()} x${t.size.toFixed()}`) });
  return { sim, clock, trades };
}

describe('barPath', () => {
  it('visits the extreme nearer the open first, and on a tie dips first in an up bar and rallies first in a down bar', () => {
    expect(barPath(100, 104, 99, 103)).toEqual([100, 99, 104, 103]);
    expect(barPath(103, 103.5, 97, 98)).toEqual([103, 103.5, 97, 98]);
    expect(barPath(100, 102, 98, 101)).toEqual([100, 98, 102, 101]);
    expect(barPath(100, 102, 98, 99)).toEqual([100, 102, 98, 99]);
  });
});

describe('a replayed symbol on the simulated exchange', () => {
  it('waits at the first open, then prints each bar as four trades a quarter of a bar apart from the next whole second, and stops after the last', () => {
    const { sim, clock, trades } = replaying();
    expect(sim.getQuote('GOOG')).toMatchObject({ bid: dec(100), ask: dec(100), last: dec(100) });
    sim.start();
    clock.advance(FIRST_BAR - T - 1);
    expect(trades).toEqual([]);
    clock.advance(10_000);
    expect(trades).toEqual([
      '01.000 100 x1000',
      '01.250 99 x1000',
      '01.500 104 x1000',
      '01.750 103 x1000',
      // The open repeats the close before it and still prints: the bar's open is a trade.
      '02.000 103 x200',
      '02.250 103.5 x200',
      '02.500 97 x200',
      '02.750 98 x200',
      '03.000 98 x0',
      '03.250 95 x0',
      '03.500 101 x0',
      '03.750 100 x0',
    ]);
    expect(sim.getQuote('GOOG')).toMatchObject({ last: dec(100), prevClose: dec(98), bidSize: dec(DEPTH_WITHOUT_VOLUME) });
  });

  it('plays each bar over the chosen length on the clock', () => {
    const { sim, clock, trades } = replaying(60_000);
    sim.start();
    clock.advance(Date.UTC(2026, 0, 5, 15, 1, 0) - T + 45_000);
    expect(trades).toEqual(['00.000 100 x1000', '15.000 99 x1000', '30.000 104 x1000', '45.000 103 x1000']);
  });

  it('leaves the replayed symbol out of the random walk while the others still move', () => {
    const { sim, clock } = replaying();
    const quotes: string[] = [];
    sim.subscribeMarketData(['AAPL', 'GOOG'], { quote: (q) => quotes.push(q.symbol) });
    clock.advance(1000);
    for (let i = 0; i < 50; i++) sim.tick();
    expect(quotes.filter((symbol) => symbol === 'GOOG')).toEqual([]);
    expect(quotes.filter((symbol) => symbol === 'AAPL').length).toBeGreaterThan(20);
  });

  it('fills a market order at the replayed price, the whole bar volume shown on each side', async () => {
    const { sim, clock } = replaying();
    const updates: TradeUpdate[] = [];
    sim.subscribeTradeUpdates((update) => updates.push(update));
    sim.start();
    clock.advance(FIRST_BAR - T + 1);
    await sim.submitOrder({ symbol: 'GOOG', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(900), clientOrderId: 'replay-1' });
    clock.advance(100);
    const fills = updates.filter((update) => update.event === 'fill' || update.event === 'partial_fill');
    expect(fills.map((fill) => [fill.event, fill.price?.toFixed(), fill.qty?.toFixed()])).toEqual([['fill', '100', '900']]);
  });

  it('gives the bars it has played as its history, stamped when they played, merged at a multiple of their length', async () => {
    const { sim, clock } = replaying();
    expect(await sim.recentBars({ symbol: 'GOOG', timeframeMs: 1000, before: clock.now(), count: 5 })).toEqual([]);
    sim.start();
    clock.advance(FIRST_BAR - T + 2500);
    const now = clock.now();
    expect(await sim.recentBars({ symbol: 'GOOG', timeframeMs: 1000, before: now, count: 5 })).toEqual([
      { start: FIRST_BAR, open: 100, high: 104, low: 99, close: 103, volume: 4000, trades: 4 },
      { start: FIRST_BAR + 1000, open: 103, high: 103.5, low: 97, close: 98, volume: 800, trades: 4 },
    ]);
    expect((await sim.recentBars({ symbol: 'GOOG', timeframeMs: 1000, before: now, count: 1 })).map((bar) => bar.close)).toEqual([98]);
    clock.advance(1000);
    // 2 s bars fall on even seconds: the first replayed bar (at :01) begins none of them.
    expect(await sim.recentBars({ symbol: 'GOOG', timeframeMs: 2000, before: clock.now(), count: 5 })).toEqual([
      { start: FIRST_BAR + 1000, open: 103, high: 103.5, low: 95, close: 100, volume: 800, trades: 8 },
    ]);
    expect(await sim.recentBars({ symbol: 'GOOG', timeframeMs: 500, before: clock.now(), count: 5 })).toEqual([]);
    expect((await sim.recentBars({ symbol: 'AAPL', timeframeMs: 1000, before: clock.now(), count: 5 })).length).toBe(5);
  });
});
