import { afterEach, describe, expect, it } from 'vitest';
import { booksDifferences, openingBalances } from '../../src/domain/books.js';
import { dec } from '../../src/domain/decimal.js';
import { newOrder } from '../../src/domain/order.js';
import { specOf, type OrderSpec } from '../../src/domain/order-types.js';
import { openingPortfolio } from '../../src/domain/portfolio.js';
import type { SimExchange } from '../../src/broker/sim/sim-exchange.js';
import type { ManualClock } from '../../src/kernel/clock.js';
import { NO_RECONCILIATION } from '../../src/core/reconciliation-counts.js';
import { MSFT_QUOTE, buy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

/** Five shares offered at 410.05, so the GTC buy of eight fills five and works on. */
const MSFT_THIN = { ...MSFT_QUOTE, askSize: dec(5) };
/** The market moves away from the GTC buy's limit: it works on, unfilled. */
const MSFT_AWAY = { ...MSFT_QUOTE, bid: dec('420.00'), ask: dec('420.05'), last: dec('420.02') };
const GTC_MSFT: OrderSpec = { symbol: 'MSFT', side: 'buy', type: 'limit', limitPrice: dec('410.05'), timeInForce: 'gtc', qty: dec(8) };

/** The account's last hour before Blotter: a market buy of 10 AAPL, filled, and a GTC buy of 8 MSFT, 5 filled and working. */
async function accountWithHistory(sim: SimExchange, clock: ManualClock): Promise<{ finished: string; working: string }> {
  const bought = sim.submitOrder({ ...buy(10), clientOrderId: 'web-aapl' });
  await clock.advanceAsync(1_000, 5);
  sim.setQuote('MSFT', MSFT_THIN);
  const resting = sim.submitOrder({ ...GTC_MSFT, clientOrderId: 'web-msft' });
  await clock.advanceAsync(1_000, 5);
  sim.setQuote('MSFT', MSFT_AWAY);
  const [finished, working] = await Promise.all([bought, resting]);
  await clock.advanceAsync(30 * 60_000, 1_000);
  return { finished: finished.id, working: working.id };
}

const adjustments = (h: Harness) => h.events.flatMap((e) => (e.type === 'adjustment' ? [e.adjustment] : []));
const rows = (h: Harness) => h.engine.orders().map((o) => [o.seq, o.clientOrderId, o.status, o.filledQty.toFixed()]);

/** The account's positions and cash, as the exchange's own ledger has them. */
function brokerFigures(sim: SimExchange): { cash: string; positions: Record<string, string> } {
  const ledger = sim.ledger();
  const positions: Record<string, string> = {};
  for (const p of Object.values(ledger.positions)) if (!p.qty.isZero()) positions[p.symbol] = p.qty.toFixed();
  return { cash: ledger.cash.toFixed(), positions };
}

function localFigures(h: Harness): { cash: string; positions: Record<string, string> } {
  const positions: Record<string, string> = {};
  for (const p of Object.values(h.engine.portfolio().positions)) if (!p.qty.isZero()) positions[p.symbol] = p.qty.toFixed();
  return { cash: h.engine.portfolio().cash.toFixed(), positions };
}

describe('new books on an account with history', () => {
  it('open with the account’s positions and cash, leave its finished order alone and adopt its working one without its earlier fills', async () => {
    const h = await startHarness({ before: async (sim, clock) => void (await accountWithHistory(sim, clock)) });
    expect(localFigures(h)).toEqual({ cash: brokerFigures(h.sim).cash, positions: { AAPL: '10', MSFT: '5' } });
    expect(localFigures(h)).toEqual(brokerFigures(h.sim));
    const aapl = (await h.sim.getPositions()).find((p) => p.symbol === 'AAPL');
    expect(h.engine.portfolio().positions.AAPL).toMatchObject({ avgCost: aapl?.avgEntryPrice, realizedPnl: dec(0) });
    expect(rows(h)).toEqual([[1, 'web-msft', 'partially_filled', '5']]);
    expect(h.fills).toEqual([]);
    expect(adjustments(h)).toEqual([]);
    expect(h.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 1 });
    expect(h.logText()).toContain(
      '#1 BUY 8 MSFT @ 410.05 adopted: the broker has it but Blotter did not place it (5 filled before the books opened, brought forward)',
    );
    expect(h.engine.openedAt()).toBeLessThan(h.clock.now());

    // The rest of the working order fills: booked once, from what it had filled.
    h.sim.setQuote('MSFT', MSFT_QUOTE);
    await h.advance(500);
    expect(rows(h)).toEqual([[1, 'web-msft', 'filled', '8']]);
    expect(h.fills.map((f) => [f.clientOrderId, f.qty.toFixed()])).toEqual([['web-msft', '3']]);
    expect(localFigures(h)).toEqual(brokerFigures(h.sim));

    // Later reconciliations still look back over the finished order, and still leave it alone.
    await h.drive(h.engine.reconcile('periodic'));
    expect(rows(h)).toEqual([[1, 'web-msft', 'filled', '8']]);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 1 });
    expect(adjustments(h)).toEqual([]);
    expect(localFigures(h)).toEqual(brokerFigures(h.sim));
    // What the session keeps as the balances brought forward: the books balance with the one fill booked.
    const brought = openingBalances(h.engine.portfolio(), h.fills, []);
    expect(brought.positions).toEqual({ AAPL: dec(10), MSFT: dec(5) });
    expect(booksDifferences(brought, h.fills, [], h.engine.portfolio())).toEqual([]);
  });

  it('after a restart, take in an order lost by a crash after they opened, with its fills, but none from before', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const { working } = await accountWithHistory(sim, clock);
        const holdings = (await sim.getPositions()).map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: p.avgEntryPrice }));
        const portfolio = openingPortfolio(sim.ledger().cash, holdings);
        const openedAt = clock.now();
        const workingOrder = await sim.getOrder(working);
        await clock.advanceAsync(60_000, 1_000);
        // The previous session placed this one and crashed before it was saved.
        const lost = sim.submitOrder({ ...buy(2), clientOrderId: 'blt-lost-1' });
        await clock.advanceAsync(1_000, 5);
        await lost;
        return {
          openedAt,
          portfolio,
          orders: [
            {
              ...newOrder(specOf(workingOrder), 'web-msft', 1, Date.parse(workingOrder.createdAt), { source: 'external' }),
              status: 'partially_filled' as const,
              brokerOrderId: working,
              filledQty: workingOrder.filledQty,
              ...(workingOrder.filledAvgPrice !== undefined && { avgFillPrice: workingOrder.filledAvgPrice }),
              commissionPaid: workingOrder.commission ?? dec(0),
              updatedAt: openedAt,
            },
          ],
          nextSeq: 2,
        };
      },
    });
    expect(rows(h)).toEqual([
      [1, 'web-msft', 'partially_filled', '5'],
      [2, 'blt-lost-1', 'filled', '2'],
    ]);
    expect(h.fills.map((f) => [f.clientOrderId, f.qty.toFixed(), f.detectedBy])).toEqual([['blt-lost-1', '2', 'reconcile']]);
    expect(localFigures(h)).toEqual(brokerFigures(h.sim));
    expect(adjustments(h)).toEqual([]);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 1, inferredFills: 1 });
  });
});
