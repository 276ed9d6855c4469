/**
 * Invented price history: the sim keeps only its current quote, so a strategy warming up on it, and
 * a backtest on `--data synthetic:SEED` (backtest/data/synthetic-data), read bars made up here. Each bar is a step of a
 * geometric random walk with a realistic daily volatility (1.5 % to 2 % a session, fixed per seed
 * and symbol), its high and low drawn from how far a Brownian path between its open and close
 * strays, so the shape of a bar is plausible at any timeframe.
 *
 * Every random number is a hash of (seed, symbol, timeframe, the bar's index since the epoch, which
 * draw), not the next output of a generator: a bar's move depends on nothing but where it sits in
 * time, so the same window always comes out the same, from any starting point, and a long run
 * costs a few multiplications per bar and no objects.
 */
import type { Bar, BarColumns } from './bar.js';

/** A session's regular hours: the stretch a daily volatility is quoted over. */
const SESSION_MS = 6.5 * 60 * 60 * 1000;
const LOWEST_DAILY_VOL = 0.015;
const DAILY_VOL_RANGE = 0.005;
/** Dollars traded a second in a typical large-cap session (about $2 billion a day). */
const DOLLARS_A_SECOND = 2e9 / (SESSION_MS / 1000);
const ROUND_LOT = 100;
const TWO_TO_32 = 4_294_967_296;
const GOLDEN = 0x9e3779b9;

export interface SyntheticBarsRequest {
  readonly seed: number;
  readonly symbol: string;
  /** The first bar's open; put on the tick. */
  readonly startPrice: number;
  readonly timeframeMs: number;
  /** The first bar's start (epoch ms): a whole number of bars since the epoch. */
  readonly start: number;
  readonly count: number;
}


export interface SyntheticHistoryRequest {
  readonly seed: number;
  readonly symbol: string;
  /** The price the history ends at: the close of its last bar. */
  readonly lastPrice: number;
  readonly timeframeMs: number;
  /** Epoch ms: only bars that ended at or before it; the bar forming at `before` is left out. */
  readonly before: number;
  readonly count: number;
}

/** `count` bars forward in time from `start`, opening at `startPrice`. */
export function syntheticBars(request: SyntheticBarsRequest): BarColumns {
  const { timeframeMs, start, count, startPrice } = request;
  checkTimeframe(timeframeMs);
  if (start % timeframeMs !== 0) throw new RangeError(`synthetic bars start on a whole bar; ${start} is not a multiple of ${timeframeMs} ms`);
  checkCount(count);
  checkPrice(startPrice, 'start price');
  const columns = emptyColumns(count);
  walk(request, start, startPrice, columns);
  scaleToTicks(columns, 1);
  return columns;
}

/**
 * The `count` bars that ended at or before `before`, closing at `lastPrice`: the walk is drawn
 * forward and then scaled so that its last close is exactly `lastPrice`, so the first live bar
 * carries on from it.
 */
export function syntheticHistoryColumns(request: SyntheticHistoryRequest): BarColumns {
  const { timeframeMs, before, count, lastPrice } = request;
  checkTimeframe(timeframeMs);
  checkCount(count);
  checkPrice(lastPrice, 'last price');
  if (!Number.isFinite(before)) throw new RangeError(`before must be a time in epoch ms, not ${before}`);
  const end = Math.floor(before / timeframeMs) * timeframeMs;
  const columns = emptyColumns(count);
  if (count === 0) return columns;
  walk(request, end - count * timeframeMs, lastPrice, columns);
  scaleToTicks(columns, lastPrice / columns.close[count - 1]!);
  return columns;
}

/** syntheticHistoryColumns as bar objects, for the few a warm-up wants. */
export function syntheticHistory(request: SyntheticHistoryRequest): Bar[] {
  const columns = syntheticHistoryColumns(request);
  return Array.from({ length: columns.length }, (_, i) => ({
    start: columns.start[i]!,
    open: columns.open[i]!,
    high: columns.high[i]!,
    low: columns.low[i]!,
    close: columns.close[i]!,
    volume: columns.volume[i]!,
    trades: syntheticPrints(columns.volume[i]!),
  }));
}

/** How many trades an invented volume took: as if printed in round lots. */
export function syntheticPrints(volume: number): number {
  return Math.ceil(volume / ROUND_LOT);
}

/** Fills the columns with the unrounded walk from `price`; volume is already whole shares. */
function walk(request: { readonly seed: number; readonly symbol: string; readonly timeframeMs: number }, start: number, price: number, columns: BarColumns): void {
  const { timeframeMs } = request;
  const key = streamKey(request.seed, request.symbol, timeframeMs);
  const sigma = dailyVolatility(key) * Math.sqrt(Math.min(timeframeMs, SESSION_MS) / SESSION_MS);
  const variance = sigma * sigma;
  const sharesABar = (DOLLARS_A_SECOND / price) * (timeframeMs / 1000);
  const firstIndex = start / timeframeMs;
  let hiKey = Number.NaN;
  let hiPart = Number.NaN;
  let p = price;
  for (let i = 0; i < columns.length; i++) {
    const index = firstIndex + i;
    const hi = Math.floor(index / TWO_TO_32);
    if (hi !== hiPart) {
      hiPart = hi;
      hiKey = mix(key ^ mix((hi + GOLDEN) >>> 0));
    }
    const barKey = mix(hiKey ^ mix(index >>> 0));
    const radius = Math.sqrt(-2 * Math.log(uniform(barKey, 1)));
    const angle = 2 * Math.PI * uniform(barKey, 2);
    const z = radius * Math.cos(angle);
    const move = sigma * z;
    // How far a Brownian bridge from 0 to `move` rises above both ends, and falls below them.
    const up = (move + Math.sqrt(move * move - 2 * variance * Math.log(uniform(barKey, 3)))) / 2;
    const down = (move - Math.sqrt(move * move - 2 * variance * Math.log(uniform(barKey, 4)))) / 2;
    columns.start[i] = start + i * timeframeMs;
    columns.open[i] = p;
    columns.high[i] = p * Math.exp(up);
    columns.low[i] = p * Math.exp(down);
    p *= Math.exp(move);
    columns.close[i] = p;
    // Lognormal around the typical size, busier when the price moves more (E|z| ≈ 0.8).
    const busy = Math.exp(0.5 * radius * Math.sin(angle) - 0.125) * (0.4 + 0.75 * Math.abs(z));
    columns.volume[i] = Math.max(1, Math.round(sharesABar * busy));
  }
}

/** Scales every price by `factor` and puts it on the tick, keeping low ≤ open, close ≤ high. */
function scaleToTicks(columns: BarColumns, factor: number): void {
  const { open, high, low, close } = columns;
  for (let i = 0; i < columns.length; i++) {
    const o = onTick(open[i]! * factor);
    const c = onTick(close[i]! * factor);
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(onTick(high[i]! * factor), o, c);
    low[i] = Math.min(onTick(low[i]! * factor), o, c);
  }
}

/** The nearest price on the US equity tick (a cent from $1, a hundredth of a cent below), never 0. */
function onTick(price: number): number {
  if (price >= 1) return Math.round(price * 100) / 100;
  return Math.max(1, Math.round(price * 10_000)) / 10_000;
}

function emptyColumns(count: number): BarColumns {
  return {
    length: count,
    start: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
}

function streamKey(seed: number, symbol: string, timeframeMs: number): number {
  // FNV-1a over the symbol's UTF-16 units.
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return mix(h ^ mix((seed ^ mix(timeframeMs >>> 0)) >>> 0));
}

function dailyVolatility(key: number): number {
  return LOWEST_DAILY_VOL + DAILY_VOL_RANGE * uniform(key, 0);
}

/** Draw `n` of the bar keyed `key`, in (0, 1) so a logarithm of it is finite. */
function uniform(key: number, n: number): number {
  return (mix((key + Math.imul(n, GOLDEN)) >>> 0) + 0.5) / TWO_TO_32;
}

/** A 32-bit integer hash with full avalanche (Wellons' lowbias32 family). */
function mix(value: number): number {
  let x = value;
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

function checkTimeframe(timeframeMs: number): void {
  if (!Number.isInteger(timeframeMs) || timeframeMs < 1) throw new RangeError(`a bar lasts a whole number of ms above 0, not ${timeframeMs}`);
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`a count of bars is a whole number from 0, not ${count}`);
}

function checkPrice(price: number, what: string): void {
  if (!(price > 0 && Number.isFinite(price))) throw new RangeError(`the ${what} must be a positive number, not ${price}`);
}
