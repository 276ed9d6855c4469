import type { LogLevel } from '../src/kernel/log-entry.js';

/** Least to most severe. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export function isAtLeast(level: LogLevel, minimum: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minimum);
}

/**
 * info → warn → error → debug → info: each press narrows the log to what is more severe, then opens
 * it to everything, then comes back to the default.
 */
export function nextLogLevel(level: LogLevel): LogLevel {
  return LOG_LEVELS[(LOG_LEVELS.indexOf(level) + 1) % LOG_LEVELS.length] ?? DEFAULT_LOG_LEVEL;
}
