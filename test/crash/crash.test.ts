import { describe, expect, it } from 'vitest';
import { runTrial, type TrialResult } from './harness.js';

/**
 * Ten kill -9 trials of a real `blotter run` while it trades (half with chaos faults), two at a time.
 * `npm run crash -- 100` runs more of the same.
 */
const TRIALS = 10;
const BASE_SEED = 9_100;

describe('kill -9 while trading, then restart', () => {
  it('every file parses and every restart ends equal to the exchange, with no fill lost or invented and no id reused', async () => {
    const results: TrialResult[] = [];
    const seeds = Array.from({ length: TRIALS }, (_, i) => BASE_SEED + i);
    const next = async (): Promise<void> => {
      for (let seed = seeds.shift(); seed !== undefined; seed = seeds.shift()) {
        results.push(await runTrial({ seed, faults: seed % 2 === 1, killAfterMs: 150 + ((seed * 7919) % 1500) }));
      }
    };
    await Promise.all([next(), next()]);
    const failed = results.filter((r) => r.failures.length > 0).map((r) => `seed ${r.seed}: ${r.failures.join('; ')}`);
    expect(failed).toEqual([]);
    expect(results).toHaveLength(TRIALS);
    // The trials must have had something to lose: fills seen before the kills.
    expect(results.reduce((n, r) => n + r.seenFills, 0)).toBeGreaterThan(0);
  }, 240_000);
});
