import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { isTerminal } from '../../src/domain/order-state.js';
import { SeededRandom } from '../../src/broker/sim/rng.js';
import type { FaultConfig } from '../../src/broker/sim/fault-config.js';
import { compareWithLedger } from '../../src/app/ledger-match.js';
import { drive, randomOrder, settle, startChaosSession, type ChaosSession } from '../support/chaos-session.js';
import { recordCalls, type RecordedCall } from '../support/call-recorder.js';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'SPY'];
const RUNS = 12;

interface Scenario {
  readonly seed: number;
  readonly orders: number;
  readonly faults: FaultConfig;
}

/** Places random orders, lets the session settle with faults off, and hands it over for checks. */
async function play(scenario: Scenario, calls?: RecordedCall[], timeoutMs = 8_000): Promise<ChaosSession> {
  const session = await startChaosSession({
    seed: scenario.seed,
    faults: { ...scenario.faults, seed: scenario.seed },
    config: { orderTimeoutMs: timeoutMs },
    wrapBroker: calls === undefined ? undefined : (broker, clock) => recordCalls(broker, clock, calls),
  });
  const random = SeededRandom.fromSeed(scenario.seed);
  const placing: Promise<unknown>[] = [];
  for (let i = 0; i < scenario.orders; i++) {
    const { spec, options } = randomOrder(random, session.sim, SYMBOLS);
    placing.push(session.engine.place(spec, options).catch((error: Error) => session.refused.push(error.message)));
    await session.advance(random.int(0, 300));
  }
  await drive(session, Promise.all(placing));
  await settle(session);
  return session;
}

function localEqualsLedger(session: ChaosSession): void {
  const comparison = compareWithLedger(
    { orders: session.engine.orders(), fills: session.fills, portfolio: session.engine.portfolio() },
    session.sim.ledger(),
  );
  expect(comparison.differences).toEqual([]);
  // Equal without any correction booked by reconciliation.
  expect(session.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
}

const rate = fc.double({ min: 0, max: 0.3, noNaN: true });
const anyFaults: fc.Arbitrary<FaultConfig> = fc.record({
  transient: rate,
  rateLimited: fc.double({ min: 0, max: 0.1, noNaN: true }),
  ambiguous: fc.double({ min: 0, max: 0.1, noNaN: true }),
  lostResponse: fc.double({ min: 0, max: 0.1, noNaN: true }),
  drop: rate,
  duplicate: rate,
  delay: rate,
  reorder: rate,
  cancelRace: rate,
});
const scenario = (faults: fc.Arbitrary<FaultConfig>): fc.Arbitrary<Scenario> =>
  fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), orders: fc.integer({ min: 1, max: 25 }), faults });

describe('fill detection properties (fake time, injected faults)', () => {
  it('every fill the exchange makes is booked once, even with no stream at all; no phantom fills', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(fc.constant({ drop: 1 })), async (s) => {
        const session = await play(s);
        try {
          localEqualsLedger(session);
          // While the stream was silent, every fill was found by polling, a final check or reconciliation.
          const silent = session.fills.filter((f) => f.at < (session.faultsOffAt ?? 0));
          expect(silent.filter((f) => f.detectedBy === 'stream')).toEqual([]);
        } finally {
          await session.stop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('local orders, fills, positions and cash equal the exchange after every run, whatever the faults', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(anyFaults), async (s) => {
        const session = await play(s);
        try {
          localEqualsLedger(session);
          expect(session.sim.faultStats().refusedClientOrderIds).toEqual([]);
        } finally {
          await session.stop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a transient error never fails an order early: only after every attempt was refused', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(fc.record({ transient: fc.double({ min: 0.1, max: 0.6, noNaN: true }) })), async (s) => {
        const session = await play(s);
        try {
          const exchangeIds = new Set(session.sim.ledger().orders.map((o) => o.clientOrderId));
          for (const order of session.engine.orders().filter((o) => o.status === 'rejected')) {
            expect(exchangeIds.has(order.clientOrderId)).toBe(false);
            // Refused by the exchange for a reason of its own (a strict broker's held shares or wash
            // trades) is not failing early; anything else must have used every attempt.
            expect(order.reason).toMatch(/not accepted after 5 attempts|potential wash trade|insufficient qty available|only [0-9.]+ [A-Z.]+ available to|insufficient buying power/);
          }
          localEqualsLedger(session);
        } finally {
          await session.stop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('every timed-out order gets a final check before it is cancelled', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(fc.record({ drop: rate, transient: rate })), async (s) => {
        const calls: RecordedCall[] = [];
        const session = await play(s, calls, 3_000);
        try {
          for (const order of session.engine.orders()) {
            if (order.timeoutAt === undefined || order.brokerOrderId === undefined) continue;
            const cancel = calls.find((c) => c.method === 'cancelOrder' && c.arg === order.brokerOrderId && c.at >= (order.timeoutAt ?? 0));
            if (cancel === undefined) continue;
            const check = calls.find(
              (c) => c.method === 'getOrder' && c.arg === order.brokerOrderId && c.at >= (order.timeoutAt ?? 0) && c.at <= cancel.at,
            );
            expect(check, `#${order.seq} was cancelled at its deadline without a final check`).toBeDefined();
          }
          expect(session.engine.orders().filter((o) => o.timeoutAt !== undefined).every((o) => isTerminal(o.status))).toBe(true);
          localEqualsLedger(session);
        } finally {
          await session.stop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a cancel that loses the race to a fill ends with the fill booked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 8 }), async (seed, count) => {
        const session = await startChaosSession({ seed, faults: { cancelRace: 1, drop: 0.3, seed } });
        try {
          const quote = session.sim.getQuote('AAPL');
          const placed = [];
          for (let i = 0; i < count; i++) {
            placed.push(
              await drive(
                session,
                session.engine.place({
                  symbol: 'AAPL',
                  side: 'buy',
                  type: 'limit',
                  timeInForce: 'gtc',
                  qty: dec(i + 1),
                  limitPrice: (quote?.bid ?? dec(100)).minus(1),
                }),
              ),
            );
          }
          await session.advance(500);
          for (const order of placed) await drive(session, session.engine.cancel({ kind: 'seq', seq: order.seq }).catch(() => undefined));
          await settle(session);
          for (const order of placed) {
            const local = session.engine.orders().find((o) => o.clientOrderId === order.clientOrderId);
            expect(local?.status).toBe('filled');
            expect(local?.filledQty.toString()).toBe(order.qty?.toString());
          }
          localEqualsLedger(session);
        } finally {
          await session.stop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
