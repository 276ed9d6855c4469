import type { LogLevel } from '../src/kernel/log-entry.js';
import { isAtLeast } from '../store/log-level.js';
import type { LogLine } from '../store/log-lines.js';
import type { MergedLogLine } from './format.js';

export interface LogRows {
  /** Oldest first, at most the pane's height; each row sits where its newest repeat was logged. */
  readonly rows: readonly MergedLogLine[];
  /** Entries below the level shown. */
  readonly hidden: number;
}

/** Same level and text: the one thing that makes two lines "the same" on screen. */
export function logRowKey(line: Pick<LogLine, 'level' | 'text'>): string {
  return `${line.level} ${line.text}`;
}

/**
 * What the log pane shows: the lines at or above `minimum`, newest at the bottom, cut to `height`
 * rows. A line that repeats one already in those rows joins it (count added, latest time kept),
 * even with other lines between, so an alternating pair of retries takes two rows, not the pane.
 * Lines further back are left alone: an hour-old line is not news now.
 */
export function logRows(log: readonly LogLine[], minimum: LogLevel, height: number): LogRows {
  let hidden = 0;
  for (const line of log) if (!isAtLeast(line.level, minimum)) hidden += line.count;
  const rows = new Map<string, MergedLogLine>();
  for (let i = log.length - 1; i >= 0; i--) {
    const line = log[i];
    if (line === undefined || !isAtLeast(line.level, minimum)) continue;
    const key = logRowKey(line);
    const row = rows.get(key);
    if (row !== undefined) rows.set(key, { first: line, last: row.last, count: row.count + line.count });
    else if (rows.size < height) rows.set(key, { first: line, last: line, count: line.count });
    else break;
  }
  return { rows: [...rows.values()].reverse(), hidden };
}
