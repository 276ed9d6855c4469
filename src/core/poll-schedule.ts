/**
 * How often a working order is polled as a safety net under the trade-update stream. It starts
 * fast (fills mostly come early), backs off towards `maxMs` while nothing happens, and drops back to
 * `unhealthyMs` while the stream is not healthy, when polling is the only way fills are seen.
 */
export interface PollSchedule {
  readonly firstMs: number;
  readonly maxMs: number;
  readonly growth: number;
  readonly unhealthyMs: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstMs: 500, maxMs: 2000, growth: 1.5, unhealthyMs: 500 };

/** The wait before the next poll, given the previous wait (undefined before the first poll). */
export function nextPollDelay(schedule: PollSchedule, previousMs: number | undefined, streamHealthy: boolean): number {
  if (!streamHealthy) return schedule.unhealthyMs;
  if (previousMs === undefined) return schedule.firstMs;
  return Math.min(schedule.maxMs, Math.round(previousMs * schedule.growth));
}
