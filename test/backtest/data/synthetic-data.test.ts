import { describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS, syntheticBacktestBars } from '../../../src/backtest/data/synthetic-data.js';

const DAY = 86_400_000;

function weekday(time: number): number {
  return new Date(time).getUTCDay();
}

describe('syntheticBacktestBars', () => {
  it('makes ten years of daily bars by default: 2,520 trading days from 2015-01-01 at $100, no weekends', () => {
    const bars = syntheticBacktestBars({ seed: 42, symbol: 'SYNTH' });
    expect(SYNTHETIC_DEFAULTS.count).toBe(2520);
    expect(bars.length).toBe(2520);
    expect(new Date(bars.start[0]!).toISOString()).toBe('2015-01-01T00:00:00.000Z');
    expect(bars.open[0]).toBe(100);
    expect(Array.from(bars.start).filter((t) => weekday(t) === 0 || weekday(t) === 6)).toEqual([]);
    // Friday to Monday is the only gap longer than a day.
    const gaps = new Set(Array.from(bars.start.subarray(1), (t, i) => (t - bars.start[i]!) / DAY));
    expect([...gaps].sort()).toEqual([1, 3]);
  });

  it('keeps the rules every CSV must: time rising, open and close within low and high, prices above 0', () => {
    const bars = syntheticBacktestBars({ seed: 7, symbol: 'AAA', count: 5000, timeframeMs: 60_000 });
    for (let i = 0; i < bars.length; i++) {
      expect(bars.low[i]! > 0 && bars.low[i]! <= Math.min(bars.open[i]!, bars.close[i]!) && bars.high[i]! >= Math.max(bars.open[i]!, bars.close[i]!)).toBe(true);
      if (i > 0) expect(bars.start[i]!).toBeGreaterThan(bars.start[i - 1]!);
    }
    expect(bars.volume.every((v) => v >= 1)).toBe(true);
  });

  it('gives the same bars for the same seed and symbol, and other bars for another seed, symbol or a seed past 32 bits', () => {
    const closes = (seed: number, symbol: string): number[] => Array.from(syntheticBacktestBars({ seed, symbol, count: 50 }).close);
    expect(closes(42, 'SYNTH')).toEqual(closes(42, 'SYNTH'));
    expect(closes(43, 'SYNTH')).not.toEqual(closes(42, 'SYNTH'));
    expect(closes(42, 'OTHER')).not.toEqual(closes(42, 'SYNTH'));
    expect(closes(42 + 2 ** 32, 'SYNTH')).not.toEqual(closes(42, 'SYNTH'));
  });

  it('refuses a seed that is not a whole number from 0', () => {
    expect(() => syntheticBacktestBars({ seed: -1, symbol: 'X' })).toThrow('a synthetic seed is a whole number from 0, not -1');
    expect(() => syntheticBacktestBars({ seed: 1.5, symbol: 'X' })).toThrow('a synthetic seed is a whole number from 0, not 1.5');
  });
});
