import type { LogEntry } from '../src/kernel/log-entry.js';

/**
 * A log line as the console keeps it: an entry, with `at` its latest time, and how many times in a
 * row it was logged. A retry loop or a flapping stream is one line, so it cannot push the rest of
 * the history out of the bounded log.
 */
export interface LogLine extends LogEntry {
  readonly count: number;
}

function sameLogText(a: LogEntry, b: LogEntry): boolean {
  return a.level === b.level && a.text === b.text;
}

/** Appends entries, folding each into the last line when it repeats it; keeps the newest `limit` lines. */
export function appendLogLines(lines: readonly LogLine[], entries: readonly LogEntry[], limit: number): readonly LogLine[] {
  if (entries.length === 0) return lines;
  const out = [...lines];
  for (const entry of entries) {
    const last = out.at(-1);
    if (last !== undefined && sameLogText(last, entry)) out[out.length - 1] = { ...entry, count: last.count + 1 };
    else out.push({ ...entry, count: 1 });
  }
  return out.length > limit ? out.slice(-limit) : out;
}
