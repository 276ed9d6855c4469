import { afterEach, describe, expect, it } from 'vitest';
import type { Adjustment } from '../../src/domain/adjustment.js';
import { booksDifferences } from '../../src/domain/books.js';
import { dec } from '../../src/domain/decimal.js';
import { newOrder, type Order } from '../../src/domain/order.js';
import { specOf, type OrderSpec } from '../../src/domain/order-types.js';
import { emptyPortfolio, type Portfolio } from '../../src/domain/portfolio.js';
import { BrokerError } from '../../src/broker/errors.js';
import { MAX_ORDERS_PAGE, type BrokerOrder, type ListOrdersQuery } from '../../src/broker/port.js';
import type { SimExchange } from '../../src/broker/sim/sim-exchange.js';
import type { ManualClock } from '../../src/kernel/clock.js';
import { NO_RECONCILIATION } from '../../src/core/reconciliation-counts.js';
import { AAPL_QUOTE, after, buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

const STARTING_CASH = dec(100_000);
const LIMIT_180: OrderSpec = restingBuy(10);

/** The previous session: an order sent to the exchange and acknowledged there. */
async function sentBefore(sim: SimExchange, clock: ManualClock, clientOrderId: string, spec: OrderSpec = LIMIT_180): Promise<string> {
  const answer = await sim.submitOrder({ ...spec, clientOrderId });
  clock.advance(100);
  return answer.id;
}

/** The local record a previous session left behind. */
function remembered(seq: number, clientOrderId: string, changes: Partial<Order>, createdAt: number, spec: OrderSpec = LIMIT_180): Order {
  return { ...newOrder(spec, clientOrderId, seq, createdAt), ...changes };
}

/** The exchange fills the resting buy at 180 (30 ms after the quote comes down), then the quote goes back. */
function fillAt179_95(sim: SimExchange, clock: ManualClock): void {
  sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95'), last: dec('179.92') });
  clock.advance(100);
  sim.setQuote('AAPL', AAPL_QUOTE);
}

const counters = (h: Harness): Readonly<Record<string, number>> => h.engine.metrics().counters;
const adjustmentLines = (h: Harness): string[] => h.logText().filter((t) => t.includes('booked as an adjustment'));
const DAY_AND_MORE = 25 * 60 * 60 * 1000;
/** A strategy's client order id: its source rides in it. */
const STRATEGY_ID = 'blt-sma1-01HNZXD07M5CEN5XA66EMZSRZW';
const BRACKET = { orderClass: 'bracket', takeProfit: { limitPrice: dec('200.00') }, stopLoss: { stopPrice: dec('170.00') } } as const;

describe('reconciliation at startup, against a local view that disagrees with the exchange', () => {
  it('books a fill the exchange made while Blotter was down, marked as found by reconciliation, and logs it', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const createdAt = clock.now();
        const brokerOrderId = await sentBefore(sim, clock, 'blt-prev-1');
        const local = remembered(1, 'blt-prev-1', { status: 'new', brokerOrderId, updatedAt: clock.now() }, createdAt);
        fillAt179_95(sim, clock);
        return { orders: [local], portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.order(1)?.status).toBe('filled');
    expect(h.fills).toHaveLength(1);
    expect(h.fills[0]?.detectedBy).toBe('reconcile');
    expect(h.fills[0]?.price.toString()).toBe('179.95');
    expect(h.logText()).toEqual(
      expect.arrayContaining([
        '#1 BUY 10 AAPL @ 180.00 filled 10 @ 179.95 (10/10) (seen by reconcile)',
        'reconcile: #1 BUY 10 AAPL @ 180.00 was new here, filled at the broker (filled 10) — applied',
        'reconcile (startup): 1 difference found and fixed',
      ]),
    );
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
    expect(counters(h)['reconcile.runs{startup}']).toBe(1);
    expect(counters(h)['reconcile.findings{startup}']).toBe(1);
    expect(counters(h)['fills.inferred{reconcile}']).toBe(1);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, inferredFills: 1 });
  });

  it('adopts an open exchange order Blotter does not know, logs it, and follows it to its fill', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        await sentBefore(sim, clock, 'placed-elsewhere-1', restingBuy(7));
      },
    });
    expect(h.engine.orders()).toHaveLength(1);
    const adopted = h.order(1);
    // Not an id Blotter makes: placed on the broker's website or by another program.
    expect(adopted).toMatchObject({ clientOrderId: 'placed-elsewhere-1', status: 'new', symbol: 'AAPL', side: 'buy', source: 'external' });
    expect(adopted?.brokerOrderId).toBe(h.sim.ledger().orders[0]?.id);
    expect(h.logText()).toContain('#1 BUY 7 AAPL @ 180.00 adopted: the broker has it but Blotter did not place it');
    expect(h.logText()).toContain('reconcile (startup): 1 difference found and fixed');
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 1 });

    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95') });
    await h.advance(100);
    expect(h.order(1)?.status).toBe('filled');
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('7');
  });

  // The books lost the order with a crash (or it was placed elsewhere) after it had filled: its fill
  // belongs in the books, found by reconciliation, and nothing needs correcting by hand.
  it('adopts a finished exchange order Blotter does not know and books its fill, oldest first', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        await sentBefore(sim, clock, 'lost-in-a-crash-1', buy(10));
        const id = await sentBefore(sim, clock, 'lost-in-a-crash-2');
        await sim.cancelOrder(id);
        clock.advance(100);
        return { portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.engine.orders().map((o) => [o.seq, o.clientOrderId, o.status])).toEqual([
      [1, 'lost-in-a-crash-1', 'filled'],
      [2, 'lost-in-a-crash-2', 'canceled'],
    ]);
    expect(h.fills.map((f) => [f.clientOrderId, f.qty.toString(), f.detectedBy])).toEqual([['lost-in-a-crash-1', '10', 'reconcile']]);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
    expect(adjustmentLines(h)).toEqual([]);
    expect(h.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 2, inferredFills: 1 });
  });

  it('closes a local pending order the exchange never got as rejected "never reached the broker"', async () => {
    const h = await startHarness({
      before: (_sim, clock) => ({
        orders: [remembered(1, 'blt-lost-1', { updatedAt: clock.now() - 60_000 }, clock.now() - 60_000)],
        portfolio: emptyPortfolio(STARTING_CASH),
      }),
    });
    expect(h.order(1)?.status).toBe('rejected');
    expect(h.order(1)?.reason).toBe('never reached the broker');
    expect(h.logText()).toContain('reconcile: #1 BUY 10 AAPL @ 180.00 never reached the broker — closed as rejected');
    expect(h.sim.ledger().orders).toEqual([]);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, closedOrders: 1 });
  });

  // A crash right after the order was recorded and before it was sent: too recent for the startup
  // pass, and no 30-s wait for the next one either: the order's own polls find out.
  it('closes a just-restored pending order the exchange never got as soon as its polls say so', async () => {
    const h = await startHarness({
      config: { reconcileEveryMs: 600_000 },
      before: (_sim, clock) => ({
        orders: [remembered(1, 'blt-crashed-1', { updatedAt: clock.now() - 1_000 }, clock.now() - 1_000)],
        portfolio: emptyPortfolio(STARTING_CASH),
      }),
    });
    expect(h.order(1)?.status).toBe('pending_new');
    // The first poll of the open orders (10 s in, the stream healthy) misses it and asks for it.
    await h.advance(10_100);
    expect(h.order(1)?.status).toBe('rejected');
    expect(h.logText()).toContain('poll: #1 BUY 10 AAPL @ 180.00 never reached the broker — closed as rejected');
    expect(h.logText().filter((t) => t.startsWith('poll failed'))).toEqual([]);
  });

  it('leaves a pending order alone while its submit is still being retried, so it is not closed and then placed', async () => {
    const h = await startHarness({
      // settleMs 0: only the in-flight check can keep reconciliation away from the order.
      config: { settleMs: 0, retry: { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 5_000, multiplier: 2, jitter: 'equal', maxRetryAfterMs: 60_000 } },
      intercept: ({ method, n }, proceed) =>
        method === 'submitOrder' && n === 1 ? Promise.reject(new BrokerError('transient', 'service unavailable', { status: 503 })) : proceed(),
    });
    const placing = h.engine.place(restingBuy(10));
    await h.advance(10);
    expect(h.logText()).toContain('submit #1 unavailable — retry 2/5 in 1.5s');
    expect(h.order(1)?.status).toBe('pending_new');

    await h.drive(h.engine.reconcile('periodic'));
    expect(h.order(1)?.status).toBe('pending_new');
    expect(h.logText().filter((t) => t.includes('never reached the broker'))).toEqual([]);

    await h.drive(placing);
    await h.advance(50);
    expect(h.order(1)?.status).toBe('new');
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['new']);
  });

  it('reports a position mismatch on a quiet symbol and takes the exchange figure', async () => {
    const portfolio: Portfolio = {
      cash: STARTING_CASH,
      positions: { MSFT: { symbol: 'MSFT', qty: dec(5), avgCost: dec(400), realizedPnl: dec(0), costBasis: dec(2_000) } },
    };
    const h = await startHarness({ restored: { portfolio } });
    const adjustments: Adjustment[] = h.events.flatMap((e) => (e.type === 'adjustment' ? [e.adjustment] : []));
    expect(adjustmentLines(h)).toEqual(["reconcile: MSFT position here 5, broker 0 — the broker's figure wins, booked as an adjustment"]);
    expect(h.logs().find((e) => e.text.includes('booked as an adjustment'))?.level).toBe('error');
    expect(h.engine.portfolio().positions.MSFT?.qty.toString()).toBe('0');
    expect(adjustments.map((a) => [a.symbol, a.qty.toString(), a.cash.toString(), a.reason])).toEqual([['MSFT', '-5', '0', 'MSFT position here 5, broker 0']]);
    expect(h.engine.booksStatus().adjustments).toBe(1);
    // The position is still the sum of what booked it: the fills (none here) and the adjustment.
    expect(booksDifferences({ cash: STARTING_CASH, positions: { MSFT: dec(5) } }, [], adjustments, h.engine.portfolio())).toEqual([]);
    expect(counters(h)['reconcile.findings{startup}']).toBe(1);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, positionOverrides: 1 });
  });

  // Shares bought long before reconciliation's look-back: no order it can see explains them.
  it('takes the exchange position and cash when the exchange holds shares Blotter has no record of, as adjustments', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        await sentBefore(sim, clock, 'forgotten-1', buy(10));
        clock.advance(DAY_AND_MORE);
        return { portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.sim.ledger().positions.AAPL?.qty.toString()).toBe('10');
    expect(adjustmentLines(h)).toEqual([
      "reconcile: AAPL position here 0, broker 10 — the broker's figure wins, booked as an adjustment",
      "reconcile: cash here 100,000.00, broker 98,125.60 — the broker's figure wins, booked as an adjustment",
    ]);
    expect(h.engine.booksStatus().adjustments).toBe(2);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.portfolio().positions.AAPL?.avgCost.toString()).toBe('187.44');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, positionOverrides: 1, cashOverrides: 1 });
  });

  // The trader bought 10 AAPL at the broker outside Blotter while a GTC MSFT order was working here.
  it('cash follows the exchange after a position is corrected, even when an order was working in another symbol', async () => {
    const h = await startHarness({
      config: { reconcileEveryMs: 10_000 },
      before: async (sim, clock) => {
        await sentBefore(sim, clock, 'bought-on-the-web-1', buy(10));
        clock.advance(DAY_AND_MORE);
        const createdAt = clock.now();
        const msft = restingBuy(1, { symbol: 'MSFT', limitPrice: dec('400.00'), timeInForce: 'gtc' });
        const brokerOrderId = await sentBefore(sim, clock, 'blt-gtc-1', msft);
        return {
          orders: [remembered(1, 'blt-gtc-1', { status: 'new', brokerOrderId, updatedAt: clock.now() }, createdAt, msft)],
          portfolio: emptyPortfolio(STARTING_CASH),
        };
      },
    });
    expect(adjustmentLines(h)).toEqual(["reconcile: AAPL position here 0, broker 10 — the broker's figure wins, booked as an adjustment"]);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    await h.advance(25_000);
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
  });

  it('does not override the position of a symbol with a working order (a fill may be on its way)', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const createdAt = clock.now();
        const brokerOrderId = await sentBefore(sim, clock, 'blt-working-1');
        return {
          orders: [remembered(1, 'blt-working-1', { status: 'new', brokerOrderId, updatedAt: clock.now() }, createdAt)],
          portfolio: {
            cash: STARTING_CASH,
            positions: { AAPL: { symbol: 'AAPL', qty: dec(3), avgCost: dec(187), realizedPnl: dec(0), costBasis: dec(561) } },
          },
        };
      },
    });
    expect(adjustmentLines(h)).toEqual([]);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('3');
  });
});

describe('reconciliation reads every page and every leg, and counts what it did', () => {
  it('closes a working order the exchange canceled while Blotter was down, counted as closed', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const createdAt = clock.now();
        const brokerOrderId = await sentBefore(sim, clock, 'blt-prev-1');
        await sim.cancelOrder(brokerOrderId);
        clock.advance(100);
        return { orders: [remembered(1, 'blt-prev-1', { status: 'new', brokerOrderId, updatedAt: clock.now() }, createdAt)], portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, closedOrders: 1 });
  });

  it('counts over the session: a second run that finds nothing adds nothing', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        await sentBefore(sim, clock, 'placed-elsewhere-1', restingBuy(7));
      },
    });
    await h.drive(h.engine.reconcile('periodic'));
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 1 });
  });

  it('reads every page of the exchange’s orders, not only the first 500', async () => {
    const count = 501;
    const h = await startHarness({
      before: async (sim, clock) => {
        const placing = Array.from({ length: count }, (_, i) =>
          sim.submitOrder({ ...restingBuy(1, { limitPrice: dec('1.00') }), clientOrderId: `web-${i}` }),
        );
        await clock.advanceAsync(100, 5);
        const placed = await Promise.all(placing);
        const canceling = placed.map((order) => sim.cancelOrder(order.id));
        await clock.advanceAsync(100, 5);
        await Promise.all(canceling);
        return { portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.engine.orders()).toHaveLength(count);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: count });
    const pages = h.callsOf('listOrders').map((c) => c.arg as ListOrdersQuery).filter((q) => q.status === 'all');
    expect(pages.map((q) => q.limit)).toEqual([MAX_ORDERS_PAGE, MAX_ORDERS_PAGE]);
    expect(pages[0]?.beforeOrderId).toBeUndefined();
    expect(pages[1]?.beforeOrderId).toBeDefined();
  });

  it('reconciles each leg of a bracket as an order of its own, linked to its parent, when the books lost all three', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const placing = sim.submitOrder({ ...buy(10, { timeInForce: 'gtc' }), clientOrderId: STRATEGY_ID, ...BRACKET });
        await clock.advanceAsync(100, 5);
        await placing;
        return { portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    const [parent, takeProfit, stopLoss] = [h.order(1), h.order(2), h.order(3)];
    expect(parent).toMatchObject({ clientOrderId: STRATEGY_ID, status: 'filled', orderClass: 'bracket', source: 'sma1' });
    expect(takeProfit).toMatchObject({ side: 'sell', type: 'limit', role: 'take_profit', parentClientOrderId: STRATEGY_ID, orderClass: 'bracket', source: 'sma1' });
    expect(stopLoss).toMatchObject({ side: 'sell', type: 'stop', role: 'stop_loss', parentClientOrderId: STRATEGY_ID, orderClass: 'bracket', status: 'held', source: 'sma1' });
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, adoptedOrders: 3, inferredFills: 1 });
    expect(adjustmentLines(h)).toEqual([]);
  });

  it('applies what happened to each leg while Blotter was down: the take profit filled, the stop canceled', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        const createdAt = clock.now();
        const placing = sim.submitOrder({ ...buy(10, { timeInForce: 'gtc' }), clientOrderId: STRATEGY_ID, ...BRACKET });
        await clock.advanceAsync(100, 5);
        const answer = await placing;
        const [tp, sl] = answer.legs ?? [];
        // The previous session knew the entry as working and its legs as held.
        const leg = (seq: number, brokerLeg: BrokerOrder | undefined, role: Order['role']): Order => ({
          ...newOrder(specOf(brokerLeg!), brokerLeg!.clientOrderId, seq, createdAt, { source: 'sma1', orderClass: 'bracket' }),
          status: 'held',
          brokerOrderId: brokerLeg!.id,
          role,
          parentClientOrderId: STRATEGY_ID,
          updatedAt: createdAt,
        });
        const entry: Order = {
          ...newOrder(buy(10, { timeInForce: 'gtc' }), STRATEGY_ID, 1, createdAt, { source: 'sma1', orderClass: 'bracket' }),
          status: 'new',
          brokerOrderId: answer.id,
          updatedAt: createdAt,
        };
        sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('200.10'), ask: dec('200.15'), last: dec('200.12') });
        await clock.advanceAsync(100, 5);
        sim.setQuote('AAPL', AAPL_QUOTE);
        return { orders: [entry, leg(2, tp, 'take_profit'), leg(3, sl, 'stop_loss')], nextSeq: 4, portfolio: emptyPortfolio(STARTING_CASH) };
      },
    });
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['filled', 'filled', 'canceled']);
    expect([h.order(1)?.status, h.order(2)?.status, h.order(3)?.status]).toEqual(['filled', 'filled', 'canceled']);
    expect(h.engine.reconciliation()).toEqual({ ...NO_RECONCILIATION, inferredFills: 2, closedOrders: 1 });
    expect(h.engine.portfolio().positions.AAPL?.qty.isZero()).toBe(true);
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
  });
});

describe('reconciliation after a stream reconnect and around submits', () => {
  it('a reconnect reconciles at once and recovers a fill lost while the stream was down', async () => {
    const h = await startHarness();
    await h.engine.place(restingBuy(10, { timeInForce: 'gtc' }));
    await h.advance(100);
    h.sim.startStreamOutage();
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95') });
    await h.advance(60);
    expect(h.sim.ledger().fills).toHaveLength(1);
    expect(h.order(1)?.status).toBe('new');

    h.sim.endStreamOutage();
    await h.advance(10);
    expect(h.order(1)?.status).toBe('filled');
    expect(h.fills.map((f) => f.detectedBy)).toEqual(['reconcile']);
    expect(h.logText()).toEqual(
      expect.arrayContaining([
        'trade-update stream down: polling working orders every 1000 ms',
        'trade-update stream back: reconciling',
        'reconcile: #1 BUY 10 AAPL @ 180.00 was new here, filled at the broker (filled 10) — applied',
      ]),
    );
    expect(counters(h)['reconcile.runs{reconnect}']).toBe(1);
    expect(counters(h)['reconcile.findings{reconnect}']).toBe(1);
    expect(h.engine.portfolio().cash.toString()).toBe(h.sim.ledger().cash.toString());
  });

  it('a new order waits for a reconciliation under way: it is sent, and place() resolves, only after it', async () => {
    let slowLists = false;
    const h = await startHarness({
      intercept: ({ method }, proceed, clock) => (method === 'listOrders' && slowLists ? after(clock, 1_000).then(proceed) : proceed()),
    });
    slowLists = true;
    const finished: string[] = [];
    const resync = h.engine.reconcile('periodic').then(() => finished.push('reconcile'));
    const placing = h.engine.place(buy(1)).then(() => finished.push('place'));
    await h.advance(900);
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(finished).toEqual([]);
    await h.drive(Promise.all([resync, placing]));
    expect(finished).toEqual(['reconcile', 'place']);
    // The order went out only once the exchange's order lists (answered 1 s after asking) were in.
    const listsAnswered = h.callsOf('listOrders').at(-1)!.at + 1_000;
    expect(h.callsOf('submitOrder')[0]!.at).toBeGreaterThanOrEqual(listsAnswered);
  });

  it('runs periodically and counts each run by its reason', async () => {
    const h = await startHarness({ config: { reconcileEveryMs: 10_000 } });
    await h.advance(25_000);
    expect(counters(h)['reconcile.runs{startup}']).toBe(1);
    expect(counters(h)['reconcile.runs{periodic}']).toBe(2);
    expect(counters(h)['reconcile.findings{periodic}']).toBe(0);
  });
});
