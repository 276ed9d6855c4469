import type { FaultConfig } from './fault-config.js';

export type FaultPresetName = 'none' | 'light' | 'chaos';

/**
 * Named fault mixes. `light` is an unreliable day; `chaos` switches every fault on at rates where a
 * few thousand orders meet each of them many times: about 10 % of requests fail, one update in five
 * is dropped, doubled, late or out of order, the stream is down 3 s of every 30 and REST 1 s of
 * every 45, and a quarter of cancels lose to a fill.
 */
export const FAULT_PRESETS: Readonly<Record<FaultPresetName, FaultConfig>> = {
  none: {},
  light: {
    transient: 0.02,
    rateLimited: 0.01,
    ambiguous: 0.005,
    lostResponse: 0.005,
    drop: 0.01,
    duplicate: 0.01,
    delay: 0.05,
    delayMaxMs: 500,
    reorder: 0.01,
    cancelRace: 0.05,
  },
  chaos: {
    transient: 0.04,
    rateLimited: 0.02,
    ambiguous: 0.02,
    lostResponse: 0.02,
    drop: 0.05,
    duplicate: 0.05,
    delay: 0.1,
    delayMaxMs: 2000,
    reorder: 0.05,
    outageEveryMs: 30_000,
    outageMs: 3000,
    restOutageEveryMs: 45_000,
    restOutageMs: 1000,
    cancelRace: 0.25,
  },
};
