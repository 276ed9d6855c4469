/**
 * A strategy's bar length (`bar=5s`, `1m`, `1h`, `1d`) and where its bars begin. Bars are aligned
 * to the clock, not to when a strategy started: a 5s bar covers [t, t + 5s) with t a whole number
 * of 5 s since midnight UTC, as Alpaca aligns its minute bars, so two strategies on the same
 * timeframe see the same bars and live bars line up with history.
 */
import { formatDuration, readDuration, type DurationTerms } from '../kernel/duration.js';

export const DAY_MS = 86_400_000;

export interface Timeframe {
  readonly ms: number;
  /** As a trader writes it: `5s`, `1m`, `1d`. */
  readonly label: string;
}

export type TimeframeReading = { readonly ok: true; readonly timeframe: Timeframe } | { readonly ok: false; readonly problem: string };

const TERMS: DurationTerms = { noun: 'bar', units: ['s', 'm', 'h'], quote: (text) => text };
const SOME_BARS = '1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d';
const DAYS = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))d$/i;

/**
 * Reads a bar length. It must split a day into whole bars (or be the day itself) so every bar
 * boundary falls at the same time of day, every day.
 */
export function readTimeframe(text: string): TimeframeReading {
  const trimmed = text.trim();
  const days = DAYS.exec(trimmed);
  if (days !== null) {
    return Number(days[1]) === 1 ? accept(DAY_MS) : refuse(`'${trimmed}' is not a bar length; the longest bar is 1d`);
  }
  const reading = readDuration(trimmed, TERMS);
  if (!reading.ok) return refuse(`${reading.problem}, or 1d`);
  const { ms } = reading;
  if (ms <= 0) return refuse(`'${trimmed}' is not a bar length; a bar is ${SOME_BARS}`);
  if (ms % 1000 !== 0) return refuse(`'${trimmed}' is not a whole number of seconds; a bar is ${SOME_BARS}`);
  if (!reading.whole) return refuse(`'${trimmed}' is not a whole number of its unit; write ${formatDuration(ms)}`);
  if (ms > DAY_MS) return refuse(`'${trimmed}' is longer than a day; the longest bar is 1d`);
  if (DAY_MS % ms !== 0) return refuse(`'${trimmed}' does not divide a day into whole bars; a bar is ${SOME_BARS}`);
  return accept(ms);
}

/**
 * The start of the bar holding instant `at` (epoch ms). The epoch is a UTC midnight, so a multiple
 * of the bar length since it is one since every UTC midnight. A 1d bar is the UTC day: it holds a
 * whole US regular session, though Alpaca stamps its daily bars at New York midnight instead.
 */
export function barStart(timeframe: Timeframe, at: number): number {
  return at - (at % timeframe.ms);
}

function accept(ms: number): TimeframeReading {
  return { ok: true, timeframe: { ms, label: ms === DAY_MS ? '1d' : formatDuration(ms) } };
}

function refuse(problem: string): TimeframeReading {
  return { ok: false, problem };
}
