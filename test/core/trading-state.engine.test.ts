import { afterEach, describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../src/core/errors.js';
import type { TradingStatus } from '../../src/core/trading-state.js';
import { buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

const tradingEvents = (h: Harness): TradingStatus[] => h.events.flatMap((e) => (e.type === 'trading' ? [e.status] : []));
const halts = (h: Harness): number => h.engine.metrics().counters.halts ?? 0;
const sell = (qty: number) => buy(qty, { side: 'sell' });

describe('halt and resume', () => {
  it('a halt by hand refuses new orders with a one-line reason naming the halt, and nothing reaches the exchange', async () => {
    const h = await startHarness();
    h.engine.halt('lunch break');
    const callsBefore = h.calls.length;
    const refused = h.engine.place(buy(10, { symbol: 'KO' }));
    await expect(refused).rejects.toThrow(OrderRefusedError);
    // Refused as typed, without asking the broker anything: it may be why trading halted.
    expect(h.calls.slice(callsBefore)).toEqual([]);
    await expect(refused).rejects.toThrow('trading is halted: lunch break — resume to allow new orders (cancels and closes still go through)');
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(h.engine.orders()).toEqual([]);
    expect(h.engine.tradingStatus()).toEqual({ state: 'halted', reason: 'lunch break' });
    expect(h.logText()).toContain(
      'trading halted (lunch break): new orders are refused; cancels and closes still go through; resume to allow new orders',
    );
  });

  it('a halt reason spread over several lines is refused in one line', async () => {
    const h = await startHarness();
    h.engine.halt('broker says:\n  maintenance\n  back at 10:00');
    await expect(h.engine.place(buy(10))).rejects.toThrow(/^trading is halted: broker says: maintenance back at 10:00 — resume/);
  });

  it('while halted, cancels go through', async () => {
    const h = await startHarness();
    const resting = await h.engine.place(restingBuy(10));
    await h.advance(50);
    h.engine.halt('by hand');
    await h.engine.cancel({ kind: 'seq', seq: resting.seq });
    await h.advance(50);
    expect(h.order(resting.seq)?.status).toBe('canceled');
  });

  it('while halted, orders that reduce the position go through (flatten, a partial close) and orders that add to it or flip it do not', async () => {
    const h = await startHarness();
    await h.engine.place(buy(10));
    await h.advance(100);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    h.engine.halt('by hand');

    await expect(h.engine.place(buy(1))).rejects.toThrow(/trading is halted: by hand/);
    await expect(h.engine.place(sell(11))).rejects.toThrow(/trading is halted: by hand/);
    await h.engine.place(sell(4));
    await h.advance(100);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('6');

    const closing = await h.engine.flatten('AAPL');
    expect(closing).toMatchObject({ side: 'sell', type: 'market' });
    await h.advance(100);
    expect(h.engine.portfolio().positions.AAPL?.qty.isZero()).toBe(true);
    expect(h.sim.ledger().positions.AAPL?.qty.isZero()).toBe(true);
    expect(h.engine.tradingStatus().state).toBe('halted');
  });

  it('resume allows new orders again and says so', async () => {
    const h = await startHarness();
    h.engine.halt('by hand');
    await expect(h.engine.place(buy(10))).rejects.toThrow(/halted/);
    h.engine.resume();
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
    expect(h.logText()).toContain('trading resumed: new orders allowed');
    const placed = await h.engine.place(buy(10));
    expect(placed.brokerOrderId).toBeDefined();
  });

  it('subscribers hear every change of trading state, with the reason', async () => {
    const h = await startHarness();
    const heard: TradingStatus[] = [];
    h.engine.subscribe((e) => {
      if (e.type === 'trading') heard.push(e.status);
    });
    h.engine.halt('by hand');
    h.engine.halt('again');
    h.engine.resume();
    h.engine.resume();
    expect(heard).toEqual([{ state: 'halted', reason: 'by hand' }, { state: 'active' }]);
  });

  it('counts halts in metrics, once per halt', async () => {
    const h = await startHarness();
    h.engine.halt('one');
    h.engine.halt('still the same halt');
    expect(halts(h)).toBe(1);
    h.engine.resume();
    h.engine.halt('two');
    expect(halts(h)).toBe(2);
    expect(h.logText().filter((t) => t.startsWith('trading halted'))).toHaveLength(2);
  });
});

describe('the circuit breaker', () => {
  it('halts new orders after repeated broker failures, with the reason in the log, until resumed or the broker answers again', async () => {
    const h = await startHarness();
    h.sim.startRestOutage();
    await expect(h.drive(h.engine.place(buy(10)))).rejects.toThrow(/failed after 5 attempts/);
    expect(h.engine.tradingStatus().state).toBe('halted');
    expect(h.engine.tradingStatus().reason).toMatch(/^circuit breaker: 5 broker failures in 60s \(last: unavailable\)$/);
    expect(h.logText()).toContain(
      `trading halted (${h.engine.tradingStatus().reason ?? ''}): new orders are refused; cancels and closes still go through; ` +
        'the broker is tried again in 30s, or resume to allow new orders now',
    );
    expect(tradingEvents(h).at(-1)).toEqual(h.engine.tradingStatus());
    expect(halts(h)).toBe(1);

    // The broker is back, but the halt stands until the trader resumes (or the cool-down's probe answers).
    h.sim.endRestOutage();
    await expect(h.engine.place(buy(11))).rejects.toThrow(/^trading is halted: circuit breaker: 5 broker failures/);
    expect(h.callsOf('submitOrder')).toEqual([]);
    h.engine.resume();
    const placed = await h.drive(h.engine.place(buy(12)));
    expect(placed.brokerOrderId).toBeDefined();
  });

  it('a trip while an order is working still lets the trader cancel it', async () => {
    const h = await startHarness({ config: { breaker: { failureThreshold: 3, windowMs: 60_000 } } });
    const resting = await h.engine.place(restingBuy(10));
    await h.advance(50);
    // Long enough for the account refresh and the polls to fail through their retries.
    h.sim.startRestOutage(12_000);
    await h.advance(11_000);
    expect(h.engine.tradingStatus().state).toBe('halted');
    await h.drive(h.engine.cancel({ kind: 'seq', seq: resting.seq }));
    await h.advance(50);
    expect(h.order(resting.seq)?.status).toBe('canceled');
  });
});
