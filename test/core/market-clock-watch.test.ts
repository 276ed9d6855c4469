import { describe, expect, it } from 'vitest';
import type { MarketClock } from '../../src/broker/port.js';
import { MarketClockWatch } from '../../src/core/market-clock-watch.js';
import { ManualClock } from '../../src/kernel/clock.js';

const HOUR = 3_600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function watching(answers: (MarketClock | Error)[]) {
  const clock = new ManualClock(Date.parse('2026-12-02T20:00:00Z'));
  const reads: number[] = [];
  const applied: MarketClock[] = [];
  const errors: unknown[] = [];
  const watch = new MarketClockWatch({
    clock,
    read: async () => {
      reads.push(clock.now());
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    apply: (marketClock) => applied.push(marketClock),
    onError: (error) => errors.push(error),
  });
  return { clock, reads, applied, errors, watch };
}

describe('the market clock watch', () => {
  it('reads the clock again just after the close the broker announced, every six hours overnight, and just after the open', async () => {
    const start = Date.parse('2026-12-02T20:00:00Z');
    const close = start + HOUR;
    const open = close + 17.5 * HOUR;
    const closed: MarketClock = { timestamp: iso(close), isOpen: false, nextOpen: iso(open), nextClose: iso(open + 6.5 * HOUR) };
    const w = watching([closed, closed, closed, { timestamp: iso(open), isOpen: true, nextOpen: iso(open + 24 * HOUR), nextClose: iso(open + 6.5 * HOUR) }]);
    w.watch.follow({ timestamp: iso(start), isOpen: true, nextClose: iso(close), nextOpen: iso(open) });
    await w.clock.advanceAsync(HOUR, 60_000);
    expect(w.reads).toEqual([]);
    await w.clock.advanceAsync(2_000);
    expect(w.applied.map((c) => c.isOpen)).toEqual([false]);
    await w.clock.advanceAsync(open + 2_000 - w.clock.now(), 60_000);
    expect(w.reads.map((at) => at - close)).toEqual([2_000, 6 * HOUR + 2_000, 12 * HOUR + 2_000, 17.5 * HOUR + 2_000]);
    expect(w.applied.map((c) => c.isOpen)).toEqual([false, false, false, true]);
    expect(w.errors).toEqual([]);
    w.watch.stop();
  });

  it('tries again a minute after a failed read, and reads nothing once stopped', async () => {
    const start = Date.parse('2026-12-02T20:00:00Z');
    const w = watching([new Error('503'), { timestamp: iso(start), isOpen: false, nextOpen: iso(start + 20 * HOUR) }]);
    w.watch.follow({ timestamp: iso(start), isOpen: true, nextClose: iso(start + 1_000) });
    await w.clock.advanceAsync(3_000);
    expect(w.errors).toHaveLength(1);
    await w.clock.advanceAsync(60_000);
    expect(w.applied).toHaveLength(1);
    w.watch.stop();
    await w.clock.advanceAsync(24 * HOUR, 60_000);
    expect(w.reads).toHaveLength(2);
  });

  it('looks again within six hours when the broker announces no open or close', async () => {
    const start = Date.parse('2026-12-02T20:00:00Z');
    const w = watching([{ timestamp: iso(start), isOpen: true }]);
    w.watch.follow({ timestamp: iso(start), isOpen: true });
    await w.clock.advanceAsync(6 * HOUR, 60_000);
    expect(w.reads).toEqual([start + 6 * HOUR]);
    w.watch.stop();
  });
});
