import { BrokerError } from '../../src/broker/errors.js';
import { describe, expect, it } from 'vitest';
import { compareWithBroker, readBrokerLedger, type BrokerLedger } from '../../src/app/broker-ledger.js';
import type { Broker, BrokerOrder } from '../../src/broker/port.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { dec, type Decimal } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { newOrder, type Order } from '../../src/domain/order.js';
import { ManualClock } from '../../src/kernel/clock.js';

const SETTLE_MS = 100;
const ALL_MATCH = { orders: true, fills: true, positions: true, cash: true };

/** The local record of a broker's order as a session that followed it would hold it, last changed at `updatedAt`. */
function localOf(order: BrokerOrder, seq: number, updatedAt: number): Order {
  return { ...newOrder(order, order.clientOrderId, seq, Date.parse(order.createdAt)), brokerOrderId: order.id, status: order.status, filledQty: order.filledQty, updatedAt } as Order;
}

function fillOf(order: Order, price: Decimal): Fill {
  return { executionId: `x-${order.clientOrderId}`, clientOrderId: order.clientOrderId, orderSeq: order.seq, symbol: order.symbol, side: order.side, qty: order.filledQty, price, commission: dec(0), at: order.updatedAt };
}

interface Scene {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly startedAt: number;
  readonly local: { readonly orders: Order[]; readonly fills: Fill[] };
}

/**
 * An account that bought 5 AAPL and left a GTC buy resting ten minutes before the session; the session
 * bought 2 more and cancelled that GTC order. The local view holds all three, as a kept profile would.
 */
async function scene(): Promise<Scene> {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed: 3, universe: [{ symbol: 'AAPL', price: '100.00' }], ackLatencyMs: 20, fillLatencyMs: 30 });
  sim.setQuote('AAPL', { bid: dec('100.00'), ask: dec('100.02'), last: dec('100.00') });
  const market = (clientOrderId: string, qty: number) => sim.submitOrder({ clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(qty) });
  const old = await market('before-untouched', 5);
  const gtc = await sim.submitOrder({ clientOrderId: 'before-gtc', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(1), limitPrice: dec(90) });
  clock.advance(SETTLE_MS);
  const oldChangedAt = clock.now();
  clock.advance(10 * 60_000);
  const startedAt = clock.now();
  clock.advance(10);
  const during = await market('in-session', 2);
  await sim.cancelOrder(gtc.id);
  clock.advance(SETTLE_MS);
  const now = clock.now();
  const [untouched, canceled, bought] = await Promise.all([old, gtc, during].map((o) => sim.getOrder(o.id)));
  const orders = [localOf(untouched as BrokerOrder, 1, oldChangedAt), localOf(canceled as BrokerOrder, 2, now), localOf(bought as BrokerOrder, 3, now)];
  const fills = [fillOf(orders[0] as Order, dec('100.02')), fillOf(orders[2] as Order, dec('100.02'))];
  return { clock, sim, startedAt, local: { orders, fills } };
}

async function ledgerOf(broker: Broker, scene: Scene): Promise<BrokerLedger> {
  const reading = await readBrokerLedger(broker, scene.local.orders, { startedAt: scene.startedAt, now: () => scene.clock.now() });
  if (!reading.ok) throw new Error(reading.problem);
  return reading.ledger;
}

async function portfolioOf(sim: SimExchange) {
  const [account, positions] = await Promise.all([sim.getAccount(), sim.getPositions()]);
  return { cash: account.cash, positions: Object.fromEntries(positions.map((p) => [p.symbol, { symbol: p.symbol, qty: p.qty, avgCost: p.avgEntryPrice, realizedPnl: dec(0) }])) };
}

describe("reading the broker's side at the end of a session", () => {
  it('reads the orders the session placed or changed, their fills, and the whole account; earlier untouched orders stay out', async () => {
    const s = await scene();
    const ledger = await ledgerOf(s.sim, s);

    // The GTC order was placed before the window: it is asked for by id, because the session cancelled it.
    expect(ledger.view.orders.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([
      ['before-gtc', 'canceled'],
      ['in-session', 'filled'],
    ]);
    expect(ledger.view.fills.map((f) => [f.clientOrderId, f.qty.toFixed(), f.price.toFixed()])).toEqual([['in-session', '2', '100.02']]);
    expect(ledger.view.positions.AAPL?.qty.toFixed()).toBe('7');

    const portfolio = await portfolioOf(s.sim);
    expect(compareWithBroker({ ...s.local, portfolio }, ledger)).toEqual({ matches: ALL_MATCH, differences: [] });
  });

  it('finds an order and fills the books lack, and a position and cash that differ', async () => {
    const s = await scene();
    const ledger = await ledgerOf(s.sim, s);
    const portfolio = await portfolioOf(s.sim);
    const withoutSession = { orders: s.local.orders.slice(0, 2), fills: s.local.fills.slice(0, 1) };
    const positions = { AAPL: { ...(portfolio.positions.AAPL as NonNullable<(typeof portfolio.positions)['AAPL']>), qty: dec(5) } };

    const { matches, differences } = compareWithBroker({ ...withoutSession, portfolio: { cash: portfolio.cash.plus('200.04'), positions } }, ledger);

    expect(matches).toEqual({ orders: false, fills: false, positions: false, cash: false });
    const bought = ledger.view.orders.find((o) => o.clientOrderId === 'in-session') as BrokerOrder;
    expect(differences).toEqual([
      `broker order ${bought.id} (in-session, filled) unknown here`,
      'fills of in-session: 0 for 0 here, 2 for 200.04 at the broker',
      'position AAPL: 5 here, 7 at the broker',
      `cash: local ${portfolio.cash.plus('200.04').toFixed()}, broker ${portfolio.cash.toFixed()}`,
    ]);
  });

  it("measures the session's start by the broker's clock, so an order the books lack is found though this machine's clock is ahead", async () => {
    const s = await scene();
    const ahead = 8 * 60_000;
    const withoutSession = s.local.orders.slice(0, 2).map((o) => ({ ...o, updatedAt: o.updatedAt + ahead }));
    const reading = await readBrokerLedger(s.sim, withoutSession, { startedAt: s.startedAt + ahead, now: () => s.clock.now() + ahead });
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.ledger.brokerStartedAt).toBe(s.startedAt);
    const { differences } = compareWithBroker({ orders: withoutSession, fills: [], portfolio: await portfolioOf(s.sim) }, reading.ledger);
    expect(differences).toContainEqual(expect.stringMatching(/^broker order \S+ \(in-session, filled\) unknown here$/));
  });

  it('says in one line that the broker could not be read, rather than throwing', async () => {
    const s = await scene();
    const failing: Broker = Object.assign(Object.create(s.sim) as SimExchange, {
      getAccount: () => Promise.reject(new Error('503 Service Unavailable')),
    });
    expect(await readBrokerLedger(failing, s.local.orders, { startedAt: s.startedAt, now: () => s.clock.now() })).toEqual({
      ok: false,
      problem: 'could not read the broker to compare the books with: 503 Service Unavailable',
    });
  });

  it("waits out a 429 as the broker asks, and reads again", async () => {
    const s = await scene();
    let refusals = 1;
    const limited: Broker = Object.assign(Object.create(s.sim) as SimExchange, {
      getAccount: () => (refusals-- > 0 ? Promise.reject(new BrokerError('rate_limited', '429: rate limit exceeded', { retryAfterMs: 2_500 })) : s.sim.getAccount()),
    });
    const waits: number[] = [];
    const reading = await readBrokerLedger(limited, s.local.orders, {
      startedAt: s.startedAt,
      now: () => s.clock.now(),
      sleep: async (ms) => void waits.push(ms),
    });
    expect(reading.ok).toBe(true);
    expect(waits).toEqual([2_500]);
  });
});
