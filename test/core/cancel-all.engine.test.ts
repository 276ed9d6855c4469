import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/app/command-runner.js';
import { emptyPortfolio } from '../../src/domain/portfolio.js';
import { dec } from '../../src/domain/decimal.js';
import { newOrder } from '../../src/domain/order.js';
import { restingBuy, startHarness, stopAll } from './engine-harness.js';

afterEach(stopAll);

describe('cancel all', () => {
  // An order a crash left pending (never acknowledged) cannot be cancelled yet; the others must be.
  it('cancels every order it can, and says which it could not and why', async () => {
    const h = await startHarness({
      config: { reconcileEveryMs: 600_000 },
      before: (_sim, clock) => ({
        orders: [{ ...newOrder(restingBuy(3), 'blt-pending-1', 1, clock.now()), updatedAt: clock.now() }],
        portfolio: emptyPortfolio(dec(100_000)),
        nextSeq: 2,
      }),
    });
    await h.drive(h.engine.place(restingBuy(5)));
    await h.advance(100);
    expect(h.engine.workingOrders().map((o) => [o.seq, o.status])).toEqual([
      [1, 'pending_new'],
      [2, 'new'],
    ]);
    const outcome = await h.drive(runCommand(h.engine, 'cancel all'));
    expect(outcome).toEqual({
      ok: true,
      text: 'cancel requested for 1 working order; 1 not cancelled: #1 BUY 3 AAPL @ 180.00 is not acknowledged by the broker yet; try again in a moment',
    });
    await h.advance(100);
    expect(h.order(2)?.status).toBe('canceled');
  });
});
