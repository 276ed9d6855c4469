import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_SCHEDULE, pollDelay } from '../../src/core/poll-schedule.js';

describe('pollDelay', () => {
  it('reads the fills and the open orders every 10 s while the stream is healthy', () => {
    expect(pollDelay(DEFAULT_POLL_SCHEDULE, 'fills', true)).toBe(10_000);
    expect(pollDelay(DEFAULT_POLL_SCHEDULE, 'openOrders', true)).toBe(10_000);
  });

  it('reads the fills every second and the open orders every 2.5 s while it is not', () => {
    expect(pollDelay(DEFAULT_POLL_SCHEDULE, 'fills', false)).toBe(1_000);
    expect(pollDelay(DEFAULT_POLL_SCHEDULE, 'openOrders', false)).toBe(2_500);
  });

  it('follows a configured schedule', () => {
    const schedule = { healthyMs: 30_000, unhealthyMs: 500, openOrdersUnhealthyMs: 5_000 };
    expect([pollDelay(schedule, 'fills', true), pollDelay(schedule, 'fills', false), pollDelay(schedule, 'openOrders', false)]).toEqual([30_000, 500, 5_000]);
  });
});
