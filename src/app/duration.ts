import { MAX_DURATION_MS, readDuration, type DurationTerms } from '../kernel/duration.js';


// Commander quotes a flag's whole argument in its error anyway, and a script's `wait` answers in a line of its own.
const TERMS: DurationTerms = { noun: 'duration', units: ['ms', 's', 'm', 'h'], quote: (text) => text };

export type FlagDuration = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly problem: string };

/**
 * Reads a duration given to a flag or in a script: a number and its unit (`500ms`, `30s`, `2m`,
 * `1h`), or `0`, at most 24h. Returns whole milliseconds, or one line saying what is wrong.
 */
export function readFlagDuration(text: string): FlagDuration {
  const reading = readDuration(text, TERMS);
  if (!reading.ok) return reading;
  if (reading.ms < 0) return { ok: false, problem: `'${text.trim()}' is negative` };
  if (reading.ms > MAX_DURATION_MS) return { ok: false, problem: `'${text.trim()}' is more than 24h` };
  return { ok: true, ms: reading.ms };
}

/** readFlagDuration's milliseconds, or undefined when it refuses the text. */
export function parseDuration(text: string): number | undefined {
  const reading = readFlagDuration(text);
  return reading.ok ? reading.ms : undefined;
}
