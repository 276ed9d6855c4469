import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { ManualClock, type Clock } from '../../src/kernel/clock.js';
import type { Bar } from '../../src/domain/bar.js';
import { BarBuilder, type QuoteTick, type TradeTick } from '../../src/strategy/bar-builder.js';
import { readTimeframe, type Timeframe } from '../../src/strategy/timeframe.js';

/** A bar boundary: 15:00:00 UTC is a whole number of 5 s since midnight. */
const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

function timeframe(text: string): Timeframe {
  const reading = readTimeframe(text);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.timeframe;
}

const FIVE_S = timeframe('5s');

function trade(at: number, price: string, size = '1'): TradeTick {
  return { price: dec(price), size: dec(size), timestamp: new Date(at).toISOString() };
}

function quote(at: number, bid: string, ask: string): QuoteTick {
  return { bid: dec(bid), ask: dec(ask), timestamp: new Date(at).toISOString() };
}

function flat(start: number, price: number): Bar {
  return { start, open: price, high: price, low: price, close: price, volume: 0, trades: 0 };
}

/** A builder on a ManualClock that records each bar with the clock time it was handed out. */
function running(options: { start?: number; graceMs?: number; tf?: Timeframe } = {}) {
  const clock = new ManualClock(options.start ?? T0);
  const bars: Bar[] = [];
  const handedAt: number[] = [];
  const builder = new BarBuilder({
    timeframe: options.tf ?? FIVE_S,
    clock,
    graceMs: options.graceMs,
    onBar: (bar) => {
      bars.push(bar);
      handedAt.push(clock.now());
    },
  });
  return { clock, bars, handedAt, builder };
}

describe('BarBuilder', () => {
  it('makes open, high, low, close, volume and trade count from trades', () => {
    const { clock, bars, builder } = running();
    clock.advance(500);
    builder.trade(trade(T0 + 100, '100.50', '10'));
    builder.trade(trade(T0 + 900, '101.25', '5'));
    builder.trade(trade(T0 + 2_000, '99.75', '20'));
    builder.trade(trade(T0 + 4_999, '100.10', '0.5'));
    clock.advance(4_500);
    expect(bars).toEqual([{ start: T0, open: 100.5, high: 101.25, low: 99.75, close: 100.1, volume: 35.5, trades: 4 }]);
  });

  it('hands a bar out at its end, never before and never twice', () => {
    const { clock, bars, handedAt, builder } = running();
    builder.trade(trade(T0 + 10, '100'));
    clock.advance(4_999);
    expect(bars).toEqual([]);
    clock.advance(1);
    expect(bars).toHaveLength(1);
    clock.advance(0);
    expect(bars).toHaveLength(1);
    clock.advance(20_000);
    expect(bars.map((bar) => bar.start)).toEqual([T0, T0 + 5_000, T0 + 10_000, T0 + 15_000, T0 + 20_000]);
    expect(handedAt).toEqual(bars.map((bar) => bar.start + FIVE_S.ms));
  });

  it('closes a bar on the timer with no trade, flat at the last close', () => {
    const { clock, bars, builder } = running();
    builder.trade(trade(T0 + 1_000, '50', '3'));
    clock.advance(15_000);
    expect(bars).toEqual([{ start: T0, open: 50, high: 50, low: 50, close: 50, volume: 3, trades: 1 }, flat(T0 + 5_000, 50), flat(T0 + 10_000, 50)]);
  });

  it('skips quiet bars only until a first price is known', () => {
    const { clock, bars, builder } = running();
    clock.advance(10_000);
    expect(bars).toEqual([]);
    builder.quote(quote(T0 + 11_000, '9.98', '10.02'));
    clock.advance(10_000);
    expect(bars).toEqual([flat(T0 + 10_000, 10), flat(T0 + 15_000, 10)]);
  });

  it('makes a bar with no trade from the mid-quotes it saw', () => {
    const { clock, bars, builder } = running();
    builder.quote(quote(T0 + 100, '99', '101'));
    builder.quote(quote(T0 + 1_000, '101', '103'));
    builder.quote(quote(T0 + 2_000, '97', '99'));
    builder.quote(quote(T0 + 3_000, '99.5', '100.5'));
    clock.advance(5_000);
    expect(bars).toEqual([{ start: T0, open: 100, high: 102, low: 98, close: 100, volume: 0, trades: 0 }]);
  });

  it('ignores mids in a bar that had a trade', () => {
    const { clock, bars, builder } = running();
    builder.quote(quote(T0 + 100, '90', '92'));
    builder.trade(trade(T0 + 200, '100', '1'));
    builder.quote(quote(T0 + 300, '120', '122'));
    clock.advance(5_000);
    expect(bars).toEqual([{ start: T0, open: 100, high: 100, low: 100, close: 100, volume: 1, trades: 1 }]);
  });

  it('ignores one-sided and crossed quotes', () => {
    const { clock, bars, builder } = running();
    builder.quote(quote(T0 + 100, '0', '101'));
    builder.quote(quote(T0 + 200, '99', '0'));
    builder.quote(quote(T0 + 300, '102', '101'));
    clock.advance(5_000);
    expect(bars).toEqual([]);
  });

  it('takes open and close by market timestamp, ties by arrival, when trades arrive out of order within a bar', () => {
    const { clock, bars, builder } = running();
    builder.trade(trade(T0 + 2_000, '102'));
    builder.trade(trade(T0 + 500, '100'));
    builder.trade(trade(T0 + 4_000, '104'));
    builder.trade(trade(T0 + 3_000, '103'));
    builder.trade(trade(T0 + 500, '100.5'));
    builder.trade(trade(T0 + 4_000, '103.5'));
    clock.advance(5_000);
    expect(bars[0]).toMatchObject({ open: 100, close: 103.5, high: 104, low: 100, trades: 6 });
  });

  it('counts and drops a trade stamped in a bar already closed, without reopening it', () => {
    const { clock, bars, builder } = running();
    builder.trade(trade(T0 + 1_000, '100', '10'));
    clock.advance(5_000);
    builder.trade(trade(T0 + 4_900, '150', '99'));
    builder.trade(trade(T0 - 1, '150', '99'));
    builder.trade(trade(T0 + 6_000, '101', '1'));
    clock.advance(5_000);
    expect(bars).toEqual([
      { start: T0, open: 100, high: 100, low: 100, close: 100, volume: 10, trades: 1 },
      { start: T0 + 5_000, open: 101, high: 101, low: 101, close: 101, volume: 1, trades: 1 },
    ]);
    expect(builder.dropped).toEqual({ late: 2, early: 0, unusable: 0 });
  });

  it('places a trade stamped in the next bar, and drops one stamped further ahead', () => {
    const { clock, bars, builder } = running();
    clock.advance(4_990);
    builder.trade(trade(T0 + 5_010, '100'));
    builder.trade(trade(T0 + 10_000, '500'));
    clock.advance(5_010);
    expect(bars).toEqual([{ start: T0 + 5_000, open: 100, high: 100, low: 100, close: 100, volume: 1, trades: 1 }]);
    expect(builder.dropped).toEqual({ late: 0, early: 1, unusable: 0 });
  });

  it('counts trades with no readable timestamp, a price not above zero or a negative size', () => {
    const { builder } = running();
    builder.trade({ ...trade(T0, '100'), timestamp: 'yesterday' });
    builder.trade(trade(T0, '0'));
    builder.trade(trade(T0, '100', '-1'));
    expect(builder.dropped).toEqual({ late: 0, early: 0, unusable: 3 });
  });

  it('does not hand out the bar it started in, but takes its last price for a quiet bar after', () => {
    const { clock, bars, builder } = running({ start: T0 + 2_000 });
    builder.trade(trade(T0 + 2_500, '42', '7'));
    clock.advance(3_000);
    expect(bars).toEqual([]);
    clock.advance(5_000);
    expect(bars).toEqual([flat(T0 + 5_000, 42)]);
  });

  it('waits graceMs past a bar end for trades still on their way', () => {
    const { clock, bars, handedAt, builder } = running({ graceMs: 200 });
    builder.trade(trade(T0 + 1_000, '100'));
    clock.advance(5_050);
    builder.trade(trade(T0 + 4_990, '99'));
    builder.trade(trade(T0 + 5_020, '98'));
    expect(bars).toEqual([]);
    clock.advance(150);
    expect(bars).toEqual([{ start: T0, open: 100, high: 100, low: 99, close: 99, volume: 2, trades: 2 }]);
    expect(handedAt).toEqual([T0 + 5_200]);
    builder.trade(trade(T0 + 4_999, '1'));
    clock.advance(5_000);
    expect(bars[1]).toEqual({ start: T0 + 5_000, open: 98, high: 98, low: 98, close: 98, volume: 1, trades: 1 });
    expect(builder.dropped.late).toBe(1);
  });

  it('refuses a negative grace', () => {
    const clock = new ManualClock(T0);
    expect(() => new BarBuilder({ timeframe: FIVE_S, clock, graceMs: -1, onBar: () => undefined })).toThrow('graceMs must be 0 or more milliseconds, not -1');
  });

  it('aligns minute bars to the clock minute', () => {
    const { clock, bars, builder } = running({ start: T0 + 20_000, tf: timeframe('1m') });
    clock.advance(40_000);
    builder.trade(trade(T0 + 61_000, '10'));
    clock.advance(60_000);
    expect(bars).toEqual([{ start: T0 + 60_000, open: 10, high: 10, low: 10, close: 10, volume: 1, trades: 1 }]);
  });

  it('closes every bar that is due when a timer fires late', () => {
    let now = T0;
    let fire: (() => void) | undefined;
    const lateClock: Clock = {
      now: () => now,
      setTimer: (fn) => {
        fire = fn;
        return () => {
          fire = undefined;
        };
      },
      setRepeating: () => () => undefined,
    };
    const bars: Bar[] = [];
    const builder = new BarBuilder({ timeframe: FIVE_S, clock: lateClock, onBar: (bar) => bars.push(bar) });
    builder.trade(trade(T0 + 1_000, '7'));
    now = T0 + 17_000;
    fire?.();
    expect(bars.map((bar) => bar.start)).toEqual([T0, T0 + 5_000, T0 + 10_000]);
    expect(fire).toBeDefined();
  });

  it('after stop holds no timer, hands out nothing and ignores ticks', () => {
    const { clock, bars, builder } = running();
    builder.trade(trade(T0 + 1_000, '100'));
    clock.advance(5_000);
    expect(clock.pendingTimers()).toBe(1);
    builder.trade(trade(T0 + 6_000, '101'));
    builder.stop();
    expect(clock.pendingTimers()).toBe(0);
    builder.trade(trade(T0 + 7_000, '102'));
    clock.advance(60_000);
    expect(bars).toHaveLength(1);
    expect(builder.dropped).toEqual({ late: 0, early: 0, unusable: 0 });
  });

  it('hands out no more of a late batch once a listener stops it', () => {
    let now = T0;
    let fire: (() => void) | undefined;
    const lateClock: Clock = { now: () => now, setTimer: (fn) => ((fire = fn), () => (fire = undefined)), setRepeating: () => () => undefined };
    const bars: Bar[] = [];
    const builder = new BarBuilder({
      timeframe: FIVE_S,
      clock: lateClock,
      onBar: (bar) => {
        bars.push(bar);
        builder.stop();
      },
    });
    builder.trade(trade(T0 + 1_000, '7'));
    now = T0 + 17_000;
    fire?.();
    expect(bars).toHaveLength(1);
    expect(fire).toBeUndefined();
  });
});
