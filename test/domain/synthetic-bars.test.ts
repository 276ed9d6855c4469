import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { isOnTick } from '../../src/domain/tick.js';
import type { BarColumns } from '../../src/domain/bar.js';
import { syntheticBars, syntheticHistory } from '../../src/domain/synthetic-bars.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const SESSION = 6.5 * 60 * MINUTE;
const MONDAY_3PM = Date.UTC(2026, 0, 5, 15, 0, 0);

function request(overrides: Partial<Parameters<typeof syntheticBars>[0]> = {}): Parameters<typeof syntheticBars>[0] {
  return { seed: 7, symbol: 'AAPL', startPrice: 228.5, timeframeMs: MINUTE, start: MONDAY_3PM, count: 2000, ...overrides };
}

function rows(columns: BarColumns): number[][] {
  return Array.from({ length: columns.length }, (_, i) => [
    columns.start[i]!,
    columns.open[i]!,
    columns.high[i]!,
    columns.low[i]!,
    columns.close[i]!,
    columns.volume[i]!,
  ]);
}

/** Standard deviation of the log returns close to close. */
function volatility(columns: BarColumns): number {
  const returns: number[] = [];
  for (let i = 1; i < columns.length; i++) returns.push(Math.log(columns.close[i]! / columns.close[i - 1]!));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  return Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
}

describe('synthetic bars', () => {
  it('are the same for the same seed, symbol, timeframe and start, and differ when any of them changes', () => {
    const bars = rows(syntheticBars(request()));
    expect(rows(syntheticBars(request()))).toEqual(bars);
    for (const other of [{ seed: 8 }, { symbol: 'MSFT' }, { timeframeMs: 2 * MINUTE }, { start: MONDAY_3PM + MINUTE }]) {
      expect(rows(syntheticBars(request(other))).map((bar) => bar.slice(1))).not.toEqual(bars.map((bar) => bar.slice(1)));
    }
  });

  it('are whole, ordered bars on the tick: low ≤ open, close ≤ high, each opening at the last close, whole-share volume', () => {
    for (const startPrice of [228.5, 3.2, 0.4321]) {
      const bars = syntheticBars(request({ startPrice, count: 20_000 }));
      expect(bars.open[0]).toBe(startPrice);
      const wrong: string[] = [];
      for (let i = 0; i < bars.length; i++) {
        const [start, open, high, low, close, volume] = [bars.start[i]!, bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!];
        const problem =
          (start !== MONDAY_3PM + i * MINUTE && 'start') ||
          (!(low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close)) && 'order') ||
          (![open, high, low, close].every((price) => isOnTick(dec(String(price)))) && 'tick') ||
          (!(Number.isInteger(volume) && volume >= 1) && 'volume') ||
          (i > 0 && open !== bars.close[i - 1] && 'gap');
        if (problem !== false) wrong.push(`${problem} at ${i}: ${[start, open, high, low, close, volume].join(' ')}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('move about 1.5–2 % a day, a session’s share of it on short bars, not flat and not wild', () => {
    const daily = volatility(syntheticBars(request({ timeframeMs: DAY, start: 0, count: 5000 })));
    expect(daily).toBeGreaterThan(0.014);
    expect(daily).toBeLessThan(0.021);
    const fiveSeconds = volatility(syntheticBars(request({ timeframeMs: 5 * SECOND, count: 50_000 })));
    expect(fiveSeconds / Math.sqrt((5 * SECOND) / SESSION)).toBeGreaterThan(0.013);
    expect(fiveSeconds / Math.sqrt((5 * SECOND) / SESSION)).toBeLessThan(0.022);
  });

  it('make a million bars fast enough for a backtest, and the same million twice', () => {
    const million = request({ count: 1_000_000, start: 0 });
    const began = performance.now();
    const bars = syntheticBars(million);
    const seconds = (performance.now() - began) / 1000;
    console.log(`synthetic bars: ${Math.round(1_000_000 / seconds).toLocaleString('en-US')} bars/s`);
    expect(seconds).toBeLessThan(3);
    const again = syntheticBars(million);
    expect(Buffer.from(again.close.buffer).equals(Buffer.from(bars.close.buffer))).toBe(true);
    expect(Buffer.from(again.volume.buffer).equals(Buffer.from(bars.volume.buffer))).toBe(true);
  });

  it('refuse a start off the bar grid, a bar of no length and a count that is not whole, saying what would do', () => {
    expect(() => syntheticBars(request({ start: MONDAY_3PM + 1 }))).toThrow(/^synthetic bars start on a whole bar; \d+ is not a multiple of 60000 ms$/);
    expect(() => syntheticBars(request({ timeframeMs: 0 }))).toThrow('a bar lasts a whole number of ms above 0, not 0');
    expect(() => syntheticBars(request({ count: 1.5 }))).toThrow('a count of bars is a whole number from 0, not 1.5');
    expect(() => syntheticBars(request({ startPrice: -1 }))).toThrow('the start price must be a positive number, not -1');
  });
});

describe('synthetic history', () => {
  const history = (before: number, count = 30, lastPrice = 228.5): ReturnType<typeof syntheticHistory> =>
    syntheticHistory({ seed: 7, symbol: 'AAPL', lastPrice, timeframeMs: 5 * SECOND, before, count });

  it('ends at the last price with the last whole bar before `before`, oldest first, aligned to the timeframe', () => {
    const bars = history(MONDAY_3PM + 2 * SECOND);
    expect(bars).toHaveLength(30);
    expect(bars.at(-1)?.close).toBe(228.5);
    // The bar forming at 15:00:02 is left out: the last whole one ended at 15:00:00.
    expect(bars.at(-1)?.start).toBe(MONDAY_3PM - 5 * SECOND);
    expect(bars.map((bar) => bar.start)).toEqual(Array.from({ length: 30 }, (_, i) => MONDAY_3PM - (30 - i) * 5 * SECOND));
    for (const bar of bars) {
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      for (const price of [bar.open, bar.high, bar.low, bar.close]) expect(isOnTick(dec(String(price)))).toBe(true);
      expect(bar.trades).toBe(Math.ceil(bar.volume / 100));
    }
  });

  it('counts a bar ending exactly at `before` as whole, and answers none for a count of 0', () => {
    expect(history(MONDAY_3PM).at(-1)?.start).toBe(MONDAY_3PM - 5 * SECOND);
    expect(history(MONDAY_3PM + 5 * SECOND).at(-1)?.start).toBe(MONDAY_3PM);
    expect(history(MONDAY_3PM, 0)).toEqual([]);
  });

  it('is the same for the same inputs, and the same shape wherever it ends, scaled to the price it ends at', () => {
    expect(history(MONDAY_3PM)).toEqual(history(MONDAY_3PM));
    const moves = (bars: ReturnType<typeof history>): number[] => bars.map((bar) => (bar.close / bar.open - 1) * 1e4);
    // A later end sees the same bars in time, one more at the end; only tick rounding (a cent in $500) tells them apart.
    const later = moves(history(MONDAY_3PM + 5 * SECOND, 31, 500).slice(0, 30));
    const earlier = moves(history(MONDAY_3PM, 30, 500));
    expect(Math.max(...later.map((move, i) => Math.abs(move - earlier[i]!)))).toBeLessThan(0.5);
    expect(Math.max(...earlier.map(Math.abs))).toBeGreaterThan(1);
    expect(history(MONDAY_3PM + 5 * SECOND, 31, 500).at(-1)?.close).toBe(500);
  });

  it('puts a sub-dollar price on the hundredth-of-a-cent tick', () => {
    const bars = history(MONDAY_3PM, 200, 0.4321);
    expect(bars.at(-1)?.close).toBe(0.4321);
    for (const bar of bars) expect(isOnTick(dec(String(bar.low)))).toBe(true);
  });
});
