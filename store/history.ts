import type { Quote } from '../src/broker/port.js';
import type { Decimal } from '../src/domain/decimal.js';
import { valuePortfolio, type Portfolio } from '../src/domain/portfolio.js';

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

export interface PriceHistory extends SampledSeries {
  /** The first price seen this session: the change's base when the broker gives no previous close. */
  readonly first: Decimal;
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

/** The symbol's history with this quote sampled in, or undefined when no sample is due (the usual case). */
export function samplePrice(history: PriceHistory | undefined, quote: Quote, at: number): PriceHistory | undefined {
  // A zero last means no trade yet, not a price.
  if (quote.last.isZero() || Number.isNaN(at)) return undefined;
  if (history === undefined) return { values: [quote.last.toNumber()], at, first: quote.last };
  const next = addSample(history, quote.last.toNumber(), at);
  return next === history ? undefined : next;
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
  const { equity } = valuePortfolio(portfolio, (symbol) => quotes[symbol]?.last);
  return addSample(series, equity.toNumber(), at);
}
