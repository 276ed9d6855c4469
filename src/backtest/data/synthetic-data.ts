/**
 * Invented bars to backtest on (`--data synthetic:SEED`), so everything works offline: the sim's
 * market walk (domain/synthetic-bars), the same for the same seed, symbol and timeframe on every
 * machine and every day. By default ten years of daily bars, 2,520 trading days (252 a year) from
 * 2015-01-01 at $100. Bars that would start on a Saturday or Sunday (UTC) are left out, as markets
 * close then: the two days' moves show as Monday's gap, and the statistics see trading days (N = 252).
 */
import { syntheticBars } from '../../domain/synthetic-bars.js';
import type { BarColumns } from '../types.js';

const DAY_MS = 86_400_000;
export const SYNTHETIC_DEFAULTS = { count: 2_520, timeframeMs: DAY_MS, startPrice: 100, start: Date.UTC(2015, 0, 1) } as const;

const TWO_TO_32 = 4_294_967_296;
const GOLDEN = 0x9e3779b9;
const EPOCH_WEEKDAY = 4;

export interface SyntheticDataRequest {
  /** A whole number from 0; the walk's own seed is 32 bits, so larger ones are folded into it. */
  readonly seed: number;
  readonly symbol: string;
  /** Bars to make, weekends left out. */
  readonly count?: number;
  readonly timeframeMs?: number;
  /** The first bar's open. */
  readonly startPrice?: number;
  /** Epoch ms; rounded up to a whole bar. */
  readonly start?: number;
}

export function syntheticBacktestBars(request: SyntheticDataRequest): BarColumns {
  const { seed, symbol } = request;
  const count = request.count ?? SYNTHETIC_DEFAULTS.count;
  const timeframeMs = request.timeframeMs ?? SYNTHETIC_DEFAULTS.timeframeMs;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a synthetic seed is a whole number from 0, not ${seed}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`a count of bars is a whole number from 0, not ${count}`);
  if (!Number.isInteger(timeframeMs) || timeframeMs < 1) throw new RangeError(`a bar lasts a whole number of ms above 0, not ${timeframeMs}`);
  const start = Math.ceil((request.start ?? SYNTHETIC_DEFAULTS.start) / timeframeMs) * timeframeMs;
  let span = 0;
  for (let kept = 0; kept < count; span++) if (isWeekday(start + span * timeframeMs)) kept++;
  const walk = syntheticBars({ seed: walkSeed(seed), symbol, startPrice: request.startPrice ?? SYNTHETIC_DEFAULTS.startPrice, timeframeMs, start, count: span });
  return weekdaysOf(walk, count);
}

/** Seeds below 2^32 are the walk's own (as the sim's market takes them); the bits above are mixed in. */
function walkSeed(seed: number): number {
  const high = Math.floor(seed / TWO_TO_32);
  const low = seed % TWO_TO_32;
  return high === 0 ? low : (low ^ Math.imul(high, GOLDEN)) >>> 0;
}

function isWeekday(time: number): boolean {
  const weekday = (((Math.floor(time / DAY_MS) + EPOCH_WEEKDAY) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

function weekdaysOf(walk: BarColumns, count: number): BarColumns {
  if (count === walk.length) return walk;
  const bars = {
    length: count,
    start: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  let kept = 0;
  for (let i = 0; i < walk.length; i++) {
    if (!isWeekday(walk.start[i]!)) continue;
    bars.start[kept] = walk.start[i]!;
    bars.open[kept] = walk.open[i]!;
    bars.high[kept] = walk.high[i]!;
    bars.low[kept] = walk.low[i]!;
    bars.close[kept] = walk.close[i]!;
    bars.volume[kept] = walk.volume[i]!;
    kept++;
  }
  return bars;
}
