export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One line of the trader's log: fills, rejections, retries, reconciliation findings. */
export interface LogEntry {
  readonly at: number;
  readonly level: LogLevel;
  readonly text: string;
}

/**
 * How much log is kept: the last LOG_LIMIT entries saved with the profile, and the last LOG_LIMIT
 * lines the console shows (a run of repeats is one line). One figure, so a restart brings back the
 * tail the trader was looking at instead of a part of it.
 */
export const LOG_LIMIT = 500;
