import type { Quote } from '../src/broker/port.js';
import { valuePortfolio, type Portfolio } from '../src/domain/portfolio.js';
import { markOf } from './mark-price.js';

/** Samples kept per series: a minute at one a second, enough for a sparkline's shape. */
export const HISTORY_LIMIT = 60;
/**
 * At most one sample per series per second of market time. Quotes arrive up to 1,000 a second; all
 * but one a second per symbol leave the history untouched, so nothing is copied for them.
 */
export const SAMPLE_EVERY_MS = 1000;

/** Recent values of one figure, oldest first, for drawing only: floats, never summed as money. */
export interface SampledSeries {
  readonly values: readonly number[];
  /** Market time (ms) of the newest sample. */
  readonly at: number;
}

export const EMPTY_SERIES: SampledSeries = { values: [], at: Number.NEGATIVE_INFINITY };

/** The series with `value` appended if its newest sample is old enough, else the series itself. */
export function addSample<S extends SampledSeries>(series: S, value: number, at: number): S {
  // Also refuses time going backwards (a reordered quote) and NaN times.
  if (!(at - series.at >= SAMPLE_EVERY_MS)) return series;
  const kept = series.values.length < HISTORY_LIMIT ? series.values : series.values.slice(1);
  return { ...series, values: [...kept, value], at };
}

/** A quote's market time in ms; NaN when the broker's timestamp cannot be read. */
export function quoteTime(quote: Quote): number {
  return Date.parse(quote.timestamp);
}

/**
 * The symbol's history with this quote's mark sampled in, or undefined when no sample is due (the
 * usual case) or the quote gives no price to mark at.
 */
export function samplePrice(history: SampledSeries | undefined, quote: Quote, at: number): SampledSeries | undefined {
  if (Number.isNaN(at) || (history !== undefined && !(at - history.at >= SAMPLE_EVERY_MS))) return undefined;
  const mark = markOf(quote);
  if (mark === undefined) return undefined;
  return addSample(history ?? EMPTY_SERIES, mark.value.toNumber(), at);
}

/**
 * Equity marked at the latest quotes, sampled at market time `at` when due. Valued only when a
 * sample is due, so a busy second costs one valuation, not one per batch.
 */
export function sampleEquity(
  series: SampledSeries,
  portfolio: Portfolio,
  quotes: Readonly<Record<string, Quote>>,
  at: number,
): SampledSeries {
  if (!(at - series.at >= SAMPLE_EVERY_MS)) return series;
  const { equity } = valuePortfolio(portfolio, (symbol) => markOf(quotes[symbol])?.value);
  return addSample(series, equity.toNumber(), at);
}
