/**
 * How often the batched poller reads the broker as a safety net under the trade-update stream: the
 * fills (the account's fill activities since the last one read) and the open orders, each one
 * request however many orders work. While the stream is healthy both are read every `healthyMs`;
 * while it is not, polling is the only way fills are seen, so fills are read every `unhealthyMs`
 * and the open orders (which show cancels and expiries) every `openOrdersUnhealthyMs`.
 */
export interface PollSchedule {
  readonly healthyMs: number;
  readonly unhealthyMs: number;
  readonly openOrdersUnhealthyMs: number;
}

/** At the unhealthy pace: 60 fill reads and 24 open-order reads a minute, well inside Alpaca's 200. */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { healthyMs: 10_000, unhealthyMs: 1_000, openOrdersUnhealthyMs: 2_500 };

/** The two things a poll reads. */
export type PollStep = 'fills' | 'openOrders';

/** The wait after one read of `step` before the next. */
export function pollDelay(schedule: PollSchedule, step: PollStep, streamHealthy: boolean): number {
  if (streamHealthy) return schedule.healthyMs;
  return step === 'fills' ? schedule.unhealthyMs : schedule.openOrdersUnhealthyMs;
}
