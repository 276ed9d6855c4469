export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One line of the trader's log: fills, rejections, retries, reconciliation findings. */
export interface LogEntry {
  readonly at: number;
  readonly level: LogLevel;
  readonly text: string;
}
