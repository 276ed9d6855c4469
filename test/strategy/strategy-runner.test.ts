import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { DEFAULT_SOURCE_LIMITS } from '../../src/strategy/source-limits.js';
import type { StrategyIntent } from '../../src/strategy/strategy.js';
import { bar, fixture, scripted, settle } from './runner-fixture.js';

const buy10: StrategyIntent = { kind: 'buy', size: 10, reason: 'test' };

/** A strategy that answers bar i with answers[i]. */
function answering(...answers: (StrategyIntent | undefined)[]) {
  return scripted((_ctx, i) => answers[i]);
}

describe('StrategyRunner', () => {
  it('trades sma-cross on its bars with its own source, and reverses by closing first and opening after the close fills', async () => {
    const f = fixture();
    const runner = f.runner(smaCross, ['fast=2', 'slow=3', 'size=10', 'mode=reverse']);
    // fast(2) crosses above slow(3) at bar 4 and below it at bar 6.
    for (const [i, close] of [10, 9, 8, 9, 12].entries()) runner.bar(bar(i, close));
    await settle();
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1']);
    f.executor.fill(f.executor.last().clientOrderId, '12');
    await settle();
    runner.bar(bar(5, 8)); await settle();
    runner.bar(bar(6, 6)); await settle();
    await settle();
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1', 'sell 10 AAPL sma1']);
    f.executor.fill(f.executor.last().clientOrderId, '6');
    await settle();
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1', 'sell 10 AAPL sma1', 'sell 10 AAPL sma1']);
    f.executor.fill(f.executor.last().clientOrderId, '6');
    await settle();
    expect(f.executor.position('sma1', 'AAPL').qty.toString()).toBe('-10');
    expect(runner.figures()).toMatchObject({ sent: 2, last: { text: expect.stringContaining('target short 10') } });
    expect(f.slots.figures().inUse).toBe(0);
  });

  it('sends nothing for a target or a close already reached', async () => {
    const f = fixture();
    const runner = f.runner(answering({ kind: 'close', reason: 'flat already' }, { kind: 'target', direction: 'long', size: 10, reason: 'in' }, { kind: 'target', direction: 'long', size: 10, reason: 'again' }));
    runner.bar(bar(0, 100)); await settle();
    expect(f.executor.placed).toHaveLength(0);
    runner.bar(bar(1, 100)); await settle();
    f.executor.fill(f.executor.last().clientOrderId, '100');
    await settle();
    runner.bar(bar(2, 100)); await settle();
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1']);
    expect(f.logs.filter((line) => line.includes('already there'))).toHaveLength(2);
  });

  it("sizes 'all' from cash and the price, and refuses it while no price is known", async () => {
    const f = fixture();
    f.executor.cashValue = dec('10050');
    f.executor.prices.delete('AAPL');
    const runner = f.runner(answering({ kind: 'buy', size: 'all', reason: 'all in' }, { kind: 'buy', size: 'all', reason: 'all in' }));
    runner.bar(bar(0, 100)); await settle();
    expect(runner.figures().refused).toEqual({ no_price: 1 });
    f.executor.prices.set('AAPL', dec('100'));
    runner.bar(bar(1, 100)); await settle();
    expect(f.executor.lines()).toEqual(['buy 100 AAPL sma1']);
  });

  it('holds the slot until the order ends, and frees it at once when the place is refused', async () => {
    const f = fixture();
    const runner = f.runner(answering(buy10, undefined, buy10));
    runner.bar(bar(0, 100)); await settle();
    await settle();
    expect(f.slots.holdings('sma1')).toHaveLength(1);
    runner.bar(bar(1, 100)); await settle();
    expect(f.slots.holdings('sma1')).toHaveLength(1);
    f.executor.end(f.executor.last().clientOrderId, 'canceled');
    await settle();
    expect(f.slots.holdings('sma1')).toHaveLength(0);

    f.executor.refuseNext = new Error('insufficient buying power');
    runner.bar(bar(2, 100)); await settle();
    await settle();
    expect(f.slots.holdings('sma1')).toHaveLength(0);
    expect(runner.figures()).toMatchObject({ sent: 1, refused: { place_failed: 1 } });
    expect(f.logs.some((line) => line.includes('insufficient buying power'))).toBe(true);
  });

  it('refuses a signal that finds every slot taken, counting and logging why', async () => {
    const f = fixture(1);
    const lease = f.slots.take('brk2', 'MSFT');
    const runner = f.runner(answering(buy10));
    runner.bar(bar(0, 100)); await settle();
    expect(f.executor.placed).toHaveLength(0);
    expect(runner.figures().refused).toEqual({ all_in_use: 1 });
    expect(f.logs).toContain('warn sma1: signal refused: buy 10 (test): the only signal slot is in use (by brk2 MSFT)');
    expect(lease.ok).toBe(true);
  });

  it('refuses a signal over its position or notional limit before taking a slot, counting it under limit', async () => {
    const f = fixture();
    const limits = { maxPosition: dec(1_000), maxNotional: dec(50_000), maxOrdersPerMinute: 30 };
    const runner = f.runner(answering({ kind: 'buy', size: 1_200, reason: 'big' }, { kind: 'buy', size: 600, reason: 'dear' }, { kind: 'buy', size: 500, reason: 'fits' }), [], { limits });
    runner.bar(bar(0, 100)); await settle();
    runner.bar(bar(1, 100)); await settle();
    expect(f.executor.placed).toHaveLength(0);
    expect(f.slots.figures().taken).toBe(0);
    expect(f.logs).toEqual([
      'warn sma1: signal refused: buy 1200 (big): its position would be 1,200 AAPL, over its max position of 1,000 — buy at most 1,000',
      'warn sma1: signal refused: buy 600 (dear): order of $60,000.00 (600 × $100.00) is over its max notional $50,000.00 — at most 500 shares at $100.00',
    ]);
    runner.bar(bar(2, 100)); await settle();
    expect(f.executor.lines()).toEqual(['buy 500 AAPL sma1']);
    expect(runner.figures()).toMatchObject({ sent: 1, refused: { limit: 2 } });
  });

  it('sends at most max-orders orders in any minute of the clock, and the next once the oldest is a minute old', async () => {
    const f = fixture();
    const runner = f.runner(answering(buy10, buy10, buy10, buy10), [], { limits: { ...DEFAULT_SOURCE_LIMITS, maxOrdersPerMinute: 2 } });
    for (const [i, wait] of [0, 20_000, 30_000].entries()) {
      f.clock.advance(wait);
      runner.bar(bar(i, 100)); await settle();
      if (f.executor.last().end === undefined) f.executor.fill(f.executor.last().clientOrderId, '100');
      await settle();
    }
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1', 'buy 10 AAPL sma1']);
    expect(f.logs).toContain('warn sma1: signal refused: buy 10 (test): 2 orders in the last minute, its limit — next one in 10 s');
    expect(runner.figures().refused).toEqual({ limit: 1 });
    f.clock.advance(10_000);
    runner.bar(bar(3, 100)); await settle();
    expect(f.executor.lines()).toHaveLength(3);
  });

  it('stops only the strategy whose handler throws, with the error shown', async () => {
    const f = fixture();
    const errors: string[] = [];
    const failing = f.runner(scripted(() => {
      throw new Error('boom');
    }), [], { onError: (message) => errors.push(message) });
    const healthy = f.runner(answering(buy10), [], { id: 'brk2' });
    expect(() => failing.bar(bar(0, 100))).not.toThrow();
    await settle();
    healthy.bar(bar(0, 100)); await settle();
    expect(failing.state).toBe('error');
    expect(failing.error).toBe('onBar threw: boom');
    expect(errors).toEqual(['onBar threw: boom']);
    failing.bar(bar(1, 100)); await settle();
    expect(healthy.state).toBe('running');
    expect(f.executor.lines()).toEqual(['buy 10 AAPL brk2']);
  });

  it('reports a handler that runs longer than the bound', async () => {
    const f = fixture();
    let now = 0;
    const runner = f.runner(scripted(() => void (now += 80)), [], { stopwatch: () => now, slowHandlerMs: 50 });
    runner.bar(bar(0, 100)); await settle();
    expect(f.logs).toContain('warn sma1: onBar took 80 ms, over the 50 ms a handler should take');
  });

  it('keeps building bars while paused without calling handlers, and passes only reducing intents while reducing', async () => {
    const f = fixture();
    const seen: number[] = [];
    const runner = f.runner(scripted((_ctx, i) => {
      seen.push(i);
      if (i === 1) return buy10;
      if (i === 3) return { kind: 'buy', size: 5, reason: 'more' };
      if (i === 4) return { kind: 'close', reason: 'out' };
      return undefined;
    }));
    expect(runner.pause()).toBeUndefined();
    runner.bar(bar(0, 100)); await settle();
    expect(seen).toEqual([]);
    expect(runner.resume()).toBeUndefined();
    runner.bar(bar(1, 100)); await settle();
    f.executor.fill(f.executor.last().clientOrderId, '100');
    await settle();
    expect(runner.reduce()).toBeUndefined();
    runner.bar(bar(2, 100)); await settle();
    runner.bar(bar(3, 100)); await settle();
    expect(runner.figures().refused).toEqual({ reducing: 1 });
    runner.bar(bar(4, 100)); await settle();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1', 'sell 10 AAPL sma1']);
  });

  it('stops by canceling its working orders, flattening its position, waiting for its work and freeing its slots', async () => {
    const f = fixture();
    const runner = f.runner(answering(buy10, { kind: 'buy', size: 5, reason: 'more' }));
    runner.bar(bar(0, 100)); await settle();
    f.executor.fill(f.executor.last().clientOrderId, '100');
    await settle();
    runner.bar(bar(1, 100)); await settle();
    await settle();
    const working = f.executor.last().clientOrderId;
    const stopping = runner.stop({ flatten: true, timeoutMs: 5_000 });
    await settle();
    expect(f.executor.cancels).toEqual([working]);
    f.executor.end(working, 'canceled');
    await settle();
    expect(f.executor.lines()).toEqual(['buy 10 AAPL sma1', 'buy 5 AAPL sma1', 'sell 10 AAPL sma1']);
    const closing = f.executor.last().clientOrderId;
    f.executor.fill(closing, '101');
    const report = await stopping;
    expect(report).toMatchObject({ canceled: [working], flattenedBy: closing, unfinished: [] });
    expect(runner.state).toBe('stopped');
    expect(f.slots.figures().inUse).toBe(0);
    expect(f.executor.position('sma1', 'AAPL').qty.isZero()).toBe(true);
  });

  it('cancels an order whose place was in flight when the stop came, and leaves no tracked work', async () => {
    const f = fixture();
    let open!: () => void;
    f.executor.gate = new Promise((resolve) => (open = resolve));
    const runner = f.runner(answering(buy10));
    runner.bar(bar(0, 100)); await settle();
    const stopping = runner.stop({ timeoutMs: 5_000 });
    await settle();
    expect(f.executor.cancels).toEqual([]);
    open();
    await settle();
    const orphan = f.executor.last().clientOrderId;
    expect(f.executor.cancels).toEqual([orphan]);
    f.executor.end(orphan, 'canceled');
    const report = await stopping;
    expect(report.unfinished).toEqual([]);
    expect(f.executor.working('sma1', 'AAPL')).toEqual([]);
    expect(f.slots.figures().inUse).toBe(0);
  });

  it('reports what did not stop within the bound, and frees the slots anyway', async () => {
    const f = fixture();
    const runner = f.runner(answering(buy10));
    runner.bar(bar(0, 100)); await settle();
    await settle();
    const order = f.executor.last().clientOrderId;
    const stopping = runner.stop({ timeoutMs: 1_000 });
    await settle();
    f.clock.advance(1_000);
    const report = await stopping;
    expect(report.unfinished).toEqual([`signal buy 10 (test) still running after 1000 ms`, `order ${order} still working`]);
    expect(report.releasedSlots).toHaveLength(1);
    expect(f.slots.figures().inUse).toBe(0);
  });

  it('never lets 10 strategies hold more than 3 slots, or two for one strategy, and ends with every slot free', async () => {
    const f = fixture(3);
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META', 'GOOG', 'AMD', 'INTC', 'IBM'];
    for (const symbol of symbols) f.executor.prices.set(symbol, dec(100));
    const runners = symbols.map((symbol, i) => f.runner(answering(...Array.from({ length: 40 }, () => buy10)), [], { id: `s${i}`, symbol }));
    for (let i = 0; i < 40; i++) {
      for (const runner of runners) if (random() < 0.5) runner.bar(bar(i, 100));
      for (const order of f.executor.placed) if (order.end === undefined && random() < 0.3) f.executor.end(order.clientOrderId, random() < 0.5 ? 'filled' : 'rejected');
      await settle();
      const held = f.slots.holdings();
      expect(held.length).toBeLessThanOrEqual(3);
      expect(new Set(held.map((h) => h.strategyId)).size).toBe(held.length);
    }
    expect(f.slots.figures().peak).toBe(3);
    const stops = Promise.all(runners.map((runner) => runner.stop({ timeoutMs: 1_000 })));
    await settle();
    for (const order of f.executor.placed) if (order.end === undefined) f.executor.end(order.clientOrderId, 'canceled');
    const reports = await stops;
    expect(reports.flatMap((report) => report.unfinished)).toEqual([]);
    expect(f.slots.figures().inUse).toBe(0);
  });
});
