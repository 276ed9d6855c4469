import { expect } from 'vitest';
import { compareWithLedger } from '../../src/app/ledger-match.js';
import { ZERO, sumDec } from '../../src/domain/decimal.js';
import { isTerminal } from '../../src/domain/order-state.js';
import type { ChaosSession } from './chaos-session.js';

export interface BooksChecks {
  /** How long after its deadline a timed-out order may take to be done under the run's faults. */
  readonly timeoutGraceMs: number;
  /** Fewer fills than this and the run did not trade enough to prove anything. */
  readonly minFills: number;
}

/**
 * What every chaos run must end with, whatever broker it went through: the local books equal to
 * the exchange's ledger by the fills alone, each order charged what the exchange charged, no
 * client order id sent twice, nothing outliving its deadline, lost fills found another way.
 */
export function expectBooksEqualToLedger(s: ChaosSession, { timeoutGraceMs, minFills }: BooksChecks): void {
  const ledger = s.sim.ledger();
  const comparison = compareWithLedger({ orders: s.engine.orders(), fills: s.fills, portfolio: s.engine.portfolio() }, ledger);
  expect(comparison.differences).toEqual([]);
  expect(comparison.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
  // Equal by the fills alone: reconciliation never had to book a correction (which would make the
  // positions and cash above equal by construction).
  expect(s.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
  expect(s.engine.reconciliation()).toMatchObject({ positionOverrides: 0, cashOverrides: 0 });
  expect(ledger.fills.length).toBeGreaterThan(minFills);
  // The exchange charged commission, and each order is charged here what it was charged there,
  // however its fills were found.
  expect(sumDec(ledger.fills.map((f) => f.commission)).gt(0)).toBe(true);
  const charged = new Map(ledger.orders.map((o) => [o.clientOrderId, (o.commission ?? ZERO).toFixed()]));
  const mismatched = s.engine.orders().filter((o) => charged.has(o.clientOrderId) && (o.commissionPaid ?? ZERO).toFixed() !== charged.get(o.clientOrderId));
  expect(mismatched.map((o) => `#${o.seq}`)).toEqual([]);

  // No client order id reached the exchange twice.
  expect(s.sim.faultStats().refusedClientOrderIds).toEqual([]);
  const ids = ledger.orders.map((o) => o.clientOrderId);
  expect(new Set(ids).size).toBe(ids.length);

  // Every order with a deadline is done, and none outlived it by more than the time a cancel takes.
  for (const order of s.engine.orders()) {
    if (order.timeoutAt === undefined) continue;
    expect(isTerminal(order.status), `#${order.seq} ${order.status}`).toBe(true);
    if (order.status !== 'filled') expect(order.updatedAt, `#${order.seq} ${order.status}`).toBeLessThanOrEqual(order.timeoutAt + timeoutGraceMs);
  }

  // Fills lost on the stream were found by polling, final checks and reconciliation.
  const counters = s.engine.metrics().counters;
  expect(counters['fills.inferred{poll}']).toBeGreaterThan(0);
  expect(counters['fills.duplicate']).toBeGreaterThan(0);
}
