import { afterEach, describe, expect, it } from 'vitest';
import { expectBooksEqualToLedger } from '../support/chaos-checks.js';
import { FAULT_PRESETS } from '../../src/broker/sim/fault-presets.js';
import { SeededRandom } from '../../src/broker/sim/rng.js';
import { drive, randomOrder, settle, startChaosSession, type ChaosSession } from '../support/chaos-session.js';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY', 'QQQ', 'AMD', 'JPM', 'V', 'NFLX', 'INTC', 'KO', 'PEP', 'WMT', 'XOM', 'COST', 'ORCL'];
/**
 * How long after its deadline a timed-out order may take to be done under chaos: the final check
 * and the cancel each retry through outages (a few seconds of backoff), a cancel that still fails
 * is tried again 5 s later, and a lost "canceled" update is found by the next read of the open
 * orders (≤ 10 s while the stream is healthy).
 */
const TIMEOUT_GRACE_MS = 23_000;

let session: ChaosSession | undefined;

afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('chaos: thousands of random orders with every fault on', () => {
  it.each([
    [20261121, 99],
    [17, 123],
    [9001, 777],
  ])('market seed %i, fault seed %i: local state equals the ledger, no id sent twice, nothing working past its timeout', async (marketSeed, faultSeed) => {
    const s = (session = await startChaosSession({
      seed: marketSeed,
      faults: { ...FAULT_PRESETS.chaos, seed: faultSeed },
      config: { orderTimeoutMs: 15_000 },
    }));
    const random = SeededRandom.fromSeed(marketSeed + faultSeed);
    const placing: Promise<unknown>[] = [];
    for (let i = 0; i < 2_000; i++) {
      const { spec, options } = randomOrder(random, s.sim, SYMBOLS);
      placing.push(s.engine.place(spec, options).catch((error: Error) => s.refused.push(error.message)));
      if (random.chanceOf(0.15)) {
        const working = s.engine.workingOrders();
        const victim = working[random.int(0, Math.max(0, working.length - 1))];
        if (victim !== undefined) placing.push(s.engine.cancel({ kind: 'seq', seq: victim.seq }).catch(() => undefined));
      }
      await s.advance(random.int(0, 60));
    }
    await drive(s, Promise.all(placing));
    await settle(s);

    const stats = s.sim.faultStats();
    // Every kind of fault really happened, many times.
    expect(stats.updates.dropped).toBeGreaterThan(50);
    expect(stats.updates.duplicated).toBeGreaterThan(50);
    expect(stats.updates.reordered).toBeGreaterThan(50);
    expect(stats.updates.lostInOutage).toBeGreaterThan(50);
    expect(stats.outages.stream).toBeGreaterThan(0);
    expect(Object.values(stats.executedUnanswered).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(10);
    expect(stats.cancelRaces.fill_before_request + stats.cancelRaces.fill_before_cancel).toBeGreaterThan(10);

    expectBooksEqualToLedger(s, { timeoutGraceMs: TIMEOUT_GRACE_MS, minFills: 500 });
  }, 120_000);
});
