import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Bar } from '../../src/domain/bar.js';
import { BarBuilder } from '../../src/strategy/bar-builder.js';
import { BarHistory, LIVE_BAR_LIMIT } from '../../src/strategy/bar-history.js';
import { readTimeframe } from '../../src/strategy/timeframe.js';

const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);
const MINUTE = 60_000;

/** Bar `n` of a made-up minute series: every field differs, so a mixed-up column shows. */
function bar(n: number): Bar {
  return { start: T0 + n * MINUTE, open: 100 + n, high: 101 + n, low: 99 + n, close: 100.5 + n, volume: 1_000 + n, trades: n % 7 };
}

function filled(count: number, capacity?: number): BarHistory {
  const history = new BarHistory(capacity);
  for (let n = 0; n < count; n++) history.append(bar(n));
  return history;
}

describe('BarHistory', () => {
  it('reads every column of every bar by index, oldest at 0', () => {
    const history = filled(3);
    expect(history.length).toBe(3);
    expect(history.first).toBe(0);
    expect([0, 1, 2].map((i) => history.bar(i))).toEqual([bar(0), bar(1), bar(2)]);
    expect(history.close(2)).toBe(102.5);
    expect(history.trades(1)).toBe(1);
  });

  it('keeps every bar as its columns grow past their first size', () => {
    const history = filled(1_000);
    expect(history.length).toBe(1_000);
    for (const i of [0, 255, 256, 511, 512, 999]) expect(history.bar(i)).toEqual(bar(i));
  });

  it('keeps only the newest bars past its capacity, with indices that never shift', () => {
    const history = filled(700, 300);
    expect(history.length).toBe(700);
    expect(history.first).toBe(400);
    for (const i of [400, 401, 555, 699]) expect(history.bar(i)).toEqual(bar(i));
    expect(() => history.close(399)).toThrow('no bar at index 399; bars 400 to 699 are held');
  });

  it('holds ten thousand live bars unless told otherwise', () => {
    const history = filled(LIVE_BAR_LIMIT + 5);
    expect(history.first).toBe(5);
    expect(history.bar(LIVE_BAR_LIMIT + 4)).toEqual(bar(LIVE_BAR_LIMIT + 4));
  });

  it('refuses to read a bar that has not happened', () => {
    const history = filled(2);
    expect(() => history.close(2)).toThrow('no bar at index 2; bars 0 to 1 are held');
    expect(() => history.close(-1)).toThrow('no bar at index -1');
    expect(() => history.close(0.5)).toThrow('no bar at index 0.5');
    expect(() => new BarHistory().open(0)).toThrow('no bar at index 0; none is held yet');
  });

  it('refuses a bar that is not after the newest, or has a field that is not a finite number', () => {
    const history = filled(2);
    expect(() => history.append(bar(1))).toThrow('bar at 2026-01-05T15:01:00.000Z is not after the newest bar (2026-01-05T15:01:00.000Z); bars are added in time order');
    expect(() => history.append({ ...bar(5), close: Number.NaN })).toThrow('bar at 2026-01-05T15:05:00.000Z has close NaN; every field of a bar is a finite number');
    expect(history.length).toBe(2);
  });

  it('refuses a capacity below one bar', () => {
    expect(() => new BarHistory(0)).toThrow('a bar history holds at least 1 bar, not 0');
  });

  it('warms up from history, then takes live bars after it', () => {
    const clock = new ManualClock(T0 + 3 * MINUTE);
    const history = new BarHistory();
    history.warmUp([bar(0), bar(1), bar(2)]);
    const timeframe = readTimeframe('1m');
    if (!timeframe.ok) throw new Error(timeframe.problem);
    const builder = new BarBuilder({ timeframe: timeframe.timeframe, clock, onBar: (live) => history.append(live) });
    builder.trade({ price: dec('110'), size: dec('4'), timestamp: new Date(T0 + 3 * MINUTE + 1_000).toISOString() });
    clock.advance(2 * MINUTE);
    builder.stop();
    expect(history.length).toBe(5);
    expect(history.bar(2)).toEqual(bar(2));
    expect(history.bar(3)).toEqual({ start: T0 + 3 * MINUTE, open: 110, high: 110, low: 110, close: 110, volume: 4, trades: 1 });
    expect(history.bar(4)).toEqual({ start: T0 + 4 * MINUTE, open: 110, high: 110, low: 110, close: 110, volume: 0, trades: 0 });
  });

  it('warms up only before the first live bar, and only from history in time order', () => {
    expect(() => filled(1).warmUp([bar(-1)])).toThrow('warm up before the first live bar; this history already holds 1');
    expect(() => new BarHistory().warmUp([bar(1), bar(0)])).toThrow('bar at 2026-01-05T15:00:00.000Z is not after the newest bar (2026-01-05T15:01:00.000Z)');
  });
});
