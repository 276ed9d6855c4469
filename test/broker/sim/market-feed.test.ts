import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/kernel/clock.js';
import type { SimQuote } from '../../../src/broker/sim/market-feed.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { DEFAULT_UNIVERSE, DEFAULT_WATCHLIST } from '../../../src/broker/sim/universe.js';
import { d, harness, str } from './helpers.js';

/** The sim's quotes as published: the simulated market always carries last and previous close. */
function subscribeSimQuotes(sim: SimExchange, symbols: readonly string[], handler: (quote: SimQuote) => void): () => void {
  return sim.subscribeMarketData(symbols, { quote: (q) => handler(q as SimQuote) });
}

async function record(seed: number, ticks: number, withOrders = false): Promise<string[]> {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed });
  const seen: string[] = [];
  subscribeSimQuotes(sim, sim.symbols(), (q) => seen.push(`${q.symbol} ${q.bid} ${q.ask} ${q.last} ${q.bidSize} ${q.askSize}`));
  if (withOrders) {
    await sim.submitOrder({ clientOrderId: 'x', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: d(10) });
  }
  sim.start();
  clock.advance(ticks * 400);
  await sim.close();
  return seen;
}

function quotesOver(ticks: number, seed = 3): SimQuote[] {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed });
  const seen: SimQuote[] = sim.symbols().map((s) => sim.getQuote(s)).filter((q): q is SimQuote => q !== undefined);
  subscribeSimQuotes(sim, sim.symbols(), (q) => seen.push(q));
  for (let i = 0; i < ticks; i++) sim.tick();
  return seen;
}

describe('sim market feed', () => {
  it('is reproducible with a seed and differs with another', async () => {
    const a = await record(7, 50);
    expect(a.length).toBeGreaterThan(500);
    expect(await record(7, 50)).toEqual(a);
    expect(await record(8, 50)).not.toEqual(a);
  });

  it('walks the same whatever the orders do', async () => {
    expect(await record(11, 20, true)).toEqual(await record(11, 20));
  });

  it('keeps spreads sane: bid < ask, at least one tick, a few cents at most, prices on the cent', () => {
    const quotes = quotesOver(300);
    expect(quotes.length).toBeGreaterThan(5000);
    const insane = quotes.filter((q) => {
      const spread = q.ask.minus(q.bid);
      return !(
        q.bid.lt(q.ask) &&
        spread.gte('0.01') &&
        spread.lte('0.04') &&
        [q.bid, q.ask, q.last].every((p) => p.mod('0.01').isZero()) &&
        q.last.gte(q.bid) &&
        q.last.lte(q.ask) &&
        q.bidSize.gt(0) &&
        q.askSize.gt(0) &&
        q.bidSize.mod(100).isZero()
      );
    });
    expect(insane).toEqual([]);
    const spreads = new Set(quotes.map((q) => q.ask.minus(q.bid).toString()));
    expect(spreads).toEqual(new Set(['0.01', '0.02', '0.03', '0.04']));
  });

  it('opens each symbol near its previous close and wanders plausibly', () => {
    const quotes = quotesOver(400, 5);
    const prevClose = new Map(DEFAULT_UNIVERSE.map((e) => [e.symbol, d(e.price)]));
    const strays = quotes.filter((q) => {
      const close = prevClose.get(q.symbol);
      return close === undefined || !q.prevClose.eq(close) || q.last.minus(close).div(close).abs().gte('0.05');
    });
    expect(strays).toEqual([]);
    const aapl = quotes.filter((q) => q.symbol === 'AAPL').map((q) => q.last.toString());
    expect(new Set(aapl).size).toBeGreaterThan(20);
  });

  it('offers about thirty well-known symbols and a watchlist drawn from them', () => {
    const symbols = DEFAULT_UNIVERSE.map((e) => e.symbol);
    expect(symbols.length).toBeGreaterThanOrEqual(30);
    expect(symbols).toEqual(expect.arrayContaining(['AAPL', 'MSFT', 'NVDA', 'SPY', 'QQQ', 'BRK.B', 'COST', 'UBER']));
    expect(DEFAULT_WATCHLIST.length).toBe(8);
    expect(DEFAULT_WATCHLIST.every((s) => symbols.includes(s))).toBe(true);
  });

  it('ticks on the configured interval, a few updates per second per symbol, only for subscribed symbols', () => {
    const clock = new ManualClock();
    const sim = createSimExchange({ clock, seed: 1, tickIntervalMs: 250 });
    const seen: SimQuote[] = [];
    const stop = subscribeSimQuotes(sim, ['AAPL', 'msft'], (q) => seen.push(q));
    clock.advance(10_000);
    expect(seen).toEqual([]);
    sim.start();
    clock.advance(249);
    expect(seen).toEqual([]);
    clock.advance(10_000 - 249);
    expect(new Set(seen.map((q) => q.symbol))).toEqual(new Set(['AAPL', 'MSFT']));
    const perSecond = seen.filter((q) => q.symbol === 'AAPL').length / 10;
    expect(perSecond).toBeGreaterThan(1.5);
    expect(perSecond).toBeLessThanOrEqual(4);
    const start = clock.now() - 10_000 - 10_000;
    expect(seen.every((q) => (Date.parse(q.timestamp) - start) % 250 === 0)).toBe(true);
    stop();
    const count = seen.length;
    clock.advance(5000);
    expect(seen.length).toBe(count);
    void sim.close();
  });

  it('lets a test force a quote, validated and published', () => {
    const h = harness();
    const seen: SimQuote[] = [];
    subscribeSimQuotes(h.sim, ['AAPL'], (q) => seen.push(q));
    const quote = h.sim.setQuote('AAPL', { bid: d('150.00'), ask: d('150.05') });
    expect(seen).toEqual([quote]);
    expect(str(h.sim.getQuote('AAPL')?.ask)).toBe('150.05');
    expect(() => h.sim.setQuote('AAPL', { bid: d('151.00'), ask: d('150.00') })).toThrow(/crossed/);
    expect(() => h.sim.setQuote('ZZZZ', { bid: d(1) })).toThrow(/unknown symbol/);
  });
});
