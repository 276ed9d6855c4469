import type { StrategyMetrics } from '../src/strategy/instance-status.js';

export type { StrategyMetrics } from '../src/strategy/instance-status.js';

/** Whether two readings would show the same lines: they are plain numbers, so their JSON says. */
export function sameStrategyMetrics(a: StrategyMetrics | undefined, b: StrategyMetrics | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
