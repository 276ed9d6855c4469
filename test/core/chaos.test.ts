import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_PRESETS } from '../../src/broker/sim/fault-presets.js';
import { SeededRandom } from '../../src/broker/sim/rng.js';
import { ZERO, sumDec } from '../../src/domain/decimal.js';
import { isTerminal } from '../../src/domain/order-state.js';
import { compareWithLedger } from '../../src/app/ledger-match.js';
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

    const ledger = s.sim.ledger();
    const comparison = compareWithLedger({ orders: s.engine.orders(), fills: s.fills, portfolio: s.engine.portfolio() }, ledger);
    expect(comparison.differences).toEqual([]);
    expect(comparison.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
    // Equal by the fills alone: reconciliation never had to book a correction (which would make the
    // positions and cash above equal by construction).
    expect(s.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
    expect(s.engine.reconciliation()).toMatchObject({ positionOverrides: 0, cashOverrides: 0 });
    expect(ledger.fills.length).toBeGreaterThan(500);
    // The exchange charged commission, and each order is charged here what it was charged there,
    // however its fills were found.
    expect(sumDec(ledger.fills.map((f) => f.commission)).gt(0)).toBe(true);
    const charged = new Map(ledger.orders.map((o) => [o.clientOrderId, (o.commission ?? ZERO).toFixed()]));
    const mismatched = s.engine.orders().filter((o) => charged.has(o.clientOrderId) && (o.commissionPaid ?? ZERO).toFixed() !== charged.get(o.clientOrderId));
    expect(mismatched.map((o) => `#${o.seq}`)).toEqual([]);

    // No client order id reached the exchange twice.
    expect(stats.refusedClientOrderIds).toEqual([]);
    const ids = ledger.orders.map((o) => o.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);

    // Every order with a deadline is done, and none outlived it by more than the time a cancel takes.
    for (const order of s.engine.orders()) {
      if (order.timeoutAt === undefined) continue;
      expect(isTerminal(order.status), `#${order.seq} ${order.status}`).toBe(true);
      if (order.status !== 'filled') expect(order.updatedAt, `#${order.seq} ${order.status}`).toBeLessThanOrEqual(order.timeoutAt + TIMEOUT_GRACE_MS);
    }

    // Fills lost on the stream were found by polling, final checks and reconciliation.
    const counters = s.engine.metrics().counters;
    expect(counters['fills.inferred{poll}']).toBeGreaterThan(0);
    expect(counters['fills.duplicate']).toBeGreaterThan(0);
  }, 120_000);
});
