import { afterEach, describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../src/domain/decimal.js';
import type { PlaceOptions } from '../../src/domain/order-options.js';
import { isTerminal } from '../../src/domain/order-state.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { newOrder, type Order } from '../../src/domain/order.js';
import { BrokerError } from '../../src/broker/errors.js';
import type { SubmitOrderRequest } from '../../src/broker/port.js';
import { AAPL_QUOTE, buy, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

const PROTECTED: PlaceOptions = { takeProfit: dec('195'), stopLoss: dec('175') };
/** The quote at which a resting buy at 180 fills (each step of the book offers `askSize`). */
const at179_95 = (askSize: number | string = 500) => ({ ...AAPL_QUOTE, bid: dec('179.90'), ask: dec('179.95'), last: dec('179.92'), askSize: dec(askSize) });
/** A stop-limit entry: a class of order Alpaca takes no legs with, so its exit follows its fills. */
const stopLimitBuy = (qty: number): OrderSpec => buy(qty, { type: 'stop_limit', stopPrice: dec('187'), limitPrice: dec('187.50') });

const rows = (h: Harness, role: Order['role']): Order[] => h.engine.orders().filter((o) => o.role === role);
const live = (h: Harness, role: Order['role']): Order[] => rows(h, role).filter((o) => !isTerminal(o.status));
const submits = (h: Harness): SubmitOrderRequest[] => h.callsOf('submitOrder').map((c) => c.arg as SubmitOrderRequest);
const qty = (o: Order | undefined): string | undefined => o?.qty?.toString();
const position = (h: Harness): Decimal | undefined => h.engine.portfolio().positions.AAPL?.qty;

async function bracket(h: Harness, spec: OrderSpec = restingBuy(10)): Promise<Order> {
  return h.drive(h.engine.place(spec, PROTECTED));
}

describe('an entry Alpaca takes as a bracket: one request, legs held by the exchange', () => {
  it('`buy 10 AAPL @ 180 tp 195 sl 175` is one bracket request, and its legs come back as rows of their own, held', async () => {
    const h = await startHarness();
    const entry = await bracket(h);
    expect(submits(h)).toHaveLength(1);
    expect(submits(h)[0]).toMatchObject({ orderClass: 'bracket', takeProfit: { limitPrice: dec('195') }, stopLoss: { stopPrice: dec('175') } });
    expect(entry.orderClass).toBe('bracket');
    const atExchange = await h.sim.getOrder(entry.brokerOrderId ?? '');
    const [target] = rows(h, 'take_profit');
    const [stop] = rows(h, 'stop_loss');
    expect(h.engine.orders().map((o) => o.seq)).toEqual([1, 2, 3]);
    for (const [leg, role] of [
      [target, 'take_profit'],
      [stop, 'stop_loss'],
    ] as const) {
      const broker = atExchange.legs?.find((l) => l.id === leg?.brokerOrderId);
      expect(leg).toMatchObject({ role, status: 'held', orderClass: 'bracket', source: 'manual', side: 'sell', parentClientOrderId: entry.clientOrderId });
      expect(leg?.clientOrderId).toBe(broker?.clientOrderId);
      expect(qty(leg)).toBe('10');
    }
    expect(target).toMatchObject({ type: 'limit', limitPrice: dec('195') });
    expect(stop).toMatchObject({ type: 'stop', stopPrice: dec('175') });
  });

  it('once the entry fills the take-profit works and the stop waits live; the shares are held once, so a further sell is refused', async () => {
    const h = await startHarness();
    await bracket(h);
    h.sim.setQuote('AAPL', at179_95());
    await h.advance(300);
    expect(position(h)?.toString()).toBe('10');
    expect(rows(h, 'take_profit')[0]?.status).toBe('new');
    expect(rows(h, 'stop_loss')[0]?.status).toBe('held');
    await expect(h.drive(h.engine.place(buy(10, { side: 'sell' })))).rejects.toThrow(/only 0 AAPL available to sell \(10 asked\)/);
    expect(submits(h)).toHaveLength(2);
  });

  it('the take-profit filling cancels the stop at the exchange and leaves the position flat; the core sends no cancel', async () => {
    const h = await startHarness();
    await bracket(h);
    h.sim.setQuote('AAPL', at179_95());
    await h.advance(300);
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('196'), ask: dec('196.05'), last: dec('196') });
    await h.advance(500);
    expect(rows(h, 'take_profit')[0]?.status).toBe('filled');
    expect(rows(h, 'stop_loss')[0]?.status).toBe('canceled');
    expect(position(h)?.isZero()).toBe(true);
    expect(h.callsOf('cancelOrder')).toEqual([]);
    expect(h.sim.ledger().positions.AAPL?.qty.isZero() ?? true).toBe(true);
  });

  it('an entry cancelled after a partial fill leaves its legs cut to what filled, the take-profit working', async () => {
    const h = await startHarness();
    await bracket(h);
    h.sim.setQuote('AAPL', at179_95(4));
    await h.advance(100);
    expect(h.order(1)?.filledQty.toString()).toBe('4');
    h.sim.setQuote('AAPL', AAPL_QUOTE);
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    // The waiting stop is cut with no news of its own: the next read of the open orders (every 10 s
    // while the stream is healthy) brings its size.
    await h.advance(10_000);
    expect(h.order(1)?.status).toBe('canceled');
    expect(rows(h, 'take_profit').map((o) => [qty(o), o.status])).toEqual([['4', 'new']]);
    expect(rows(h, 'stop_loss').map((o) => [qty(o), o.status])).toEqual([['4', 'held']]);
    expect(submits(h)).toHaveLength(1);
  });

  it('flatten cancels the legs, waits for the cancels to land, then closes the position', async () => {
    const h = await startHarness();
    await bracket(h);
    h.sim.setQuote('AAPL', at179_95());
    await h.advance(300);
    h.sim.setQuote('AAPL', AAPL_QUOTE);
    const close = await h.drive(h.engine.flatten('AAPL'));
    await h.advance(300);
    expect(close?.status).not.toBe('rejected');
    expect(live(h, 'take_profit')).toEqual([]);
    expect(live(h, 'stop_loss')).toEqual([]);
    expect(position(h)?.isZero()).toBe(true);
    expect(h.sim.ledger().positions.AAPL?.qty.isZero() ?? true).toBe(true);
  });

  it('a bracket whose submit answer was lost gets its legs as rows from the lookup, linked to it', async () => {
    const h = await startHarness({ faults: { operations: { submitOrder: { lostResponse: 1 } } } });
    const entry = await bracket(h);
    await h.advance(100);
    expect(h.callsOf('getOrderByClientId').length).toBeGreaterThan(0);
    expect(submits(h)).toHaveLength(1);
    expect(rows(h, 'take_profit').map((o) => o.parentClientOrderId)).toEqual([entry.clientOrderId]);
    expect(rows(h, 'stop_loss').map((o) => o.parentClientOrderId)).toEqual([entry.clientOrderId]);
    expect(h.engine.orders()).toHaveLength(3);
  });
});

describe('an entry Alpaca takes no legs with: one exit for what has filled', () => {
  it('a stop-limit entry gets one oco sized to its fill, replaced as it fills more, never two sells for the same shares', async () => {
    const h = await startHarness();
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
    const entry = await h.drive(h.engine.place(stopLimitBuy(10), PROTECTED));
    expect(entry.orderClass).toBe('simple');
    await h.advance(300);
    const [oco] = live(h, 'take_profit');
    expect(oco).toMatchObject({ orderClass: 'oco', type: 'limit', limitPrice: dec('195'), timeInForce: 'gtc', parentClientOrderId: entry.clientOrderId });
    expect(qty(oco)).toBe('4');
    expect(live(h, 'stop_loss').map((o) => [o.parentClientOrderId, o.type, o.stopPrice?.toString(), qty(o)])).toEqual([[oco?.clientOrderId, 'stop', '175', '4']]);
    expect(submits(h)[1]).toMatchObject({ orderClass: 'oco', limitPrice: dec('195'), takeProfit: { limitPrice: dec('195') }, stopLoss: { stopPrice: dec('175') } });

    for (const [askSize, filled] of [
      [3, '7'],
      [100, '10'],
    ] as const) {
      h.sim.setQuote('AAPL', { askSize: dec(askSize) });
      await h.advance(500);
      expect(h.order(1)?.filledQty.toString()).toBe(filled);
      expect(live(h, 'take_profit').map(qty)).toEqual([filled]);
      expect(live(h, 'stop_loss').map(qty)).toEqual([filled]);
    }
    expect(submits(h)).toHaveLength(2);
    expect(h.callsOf('replaceOrder')).toHaveLength(2);
  });

  it('an ioc entry gets one oco for what it filled', async () => {
    const h = await startHarness();
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
    await h.drive(h.engine.place(buy(10, { type: 'limit', limitPrice: dec('187.50'), timeInForce: 'ioc' }), PROTECTED));
    await h.advance(300);
    expect(h.order(1)).toMatchObject({ status: 'canceled', orderClass: 'simple' });
    expect(live(h, 'take_profit').map((o) => [o.orderClass, qty(o)])).toEqual([['oco', '4']]);
    expect(live(h, 'stop_loss').map(qty)).toEqual(['4']);
  });

  it('a lone take-profit waits for its entry to be done, then sells what filled', async () => {
    const h = await startHarness();
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
    await h.drive(h.engine.place(stopLimitBuy(10), { takeProfit: dec('195') }));
    await h.advance(300);
    expect(h.order(1)?.filledQty.toString()).toBe('4');
    expect(rows(h, 'take_profit')).toEqual([]);
    expect(h.logText()).toContain('#1 BUY 10 AAPL @ 187.50: its take-profit is sent once it is done (the broker refuses an opposite order while it works)');
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    await h.advance(300);
    expect(live(h, 'take_profit').map((o) => [o.orderClass, o.type, qty(o)])).toEqual([['simple', 'limit', '4']]);
    expect(rows(h, 'stop_loss')).toEqual([]);
  });

  it('an exit the broker refuses is not sent again until more of the entry fills', async () => {
    const h = await startHarness({
      intercept: ({ method, args }, proceed) =>
        method === 'submitOrder' && (args[0] as SubmitOrderRequest).orderClass === 'oco'
          ? Promise.reject(new BrokerError('rejected', 'oco orders are not allowed for this account', { reason: 'invalid_order', status: 422 }))
          : proceed(),
    });
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
    await h.drive(h.engine.place(stopLimitBuy(10), PROTECTED));
    await h.advance(3_000);
    expect(submits(h).filter((r) => r.orderClass === 'oco').map((r) => r.qty?.toString())).toEqual(['4']);
    expect(rows(h, 'take_profit').map((o) => o.status)).toEqual(['rejected']);
    h.sim.setQuote('AAPL', { askSize: dec(3) });
    await h.advance(3_000);
    expect(submits(h).filter((r) => r.orderClass === 'oco').map((r) => r.qty?.toString())).toEqual(['4', '7']);
    // The entry ending changes it, but fills nothing more: the refused exit is not sent again.
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    await h.advance(3_000);
    expect(h.order(1)?.status).toBe('canceled');
    expect(submits(h).filter((r) => r.orderClass === 'oco')).toHaveLength(2);
  });

  it('flat cancels the exit, and an exit cancelled by hand is not put back', async () => {
    const h = await startHarness();
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
    await h.drive(h.engine.place(stopLimitBuy(10), PROTECTED));
    await h.advance(300);
    const [oco] = live(h, 'take_profit');
    await h.drive(h.engine.cancel({ kind: 'seq', seq: oco?.seq ?? 0 }));
    await h.advance(300);
    expect(live(h, 'take_profit')).toEqual([]);
    expect(live(h, 'stop_loss')).toEqual([]);
    expect(submits(h)).toHaveLength(2);

    // Three more fill: only they get an exit.
    h.sim.setQuote('AAPL', { askSize: dec(3) });
    await h.advance(300);
    expect(live(h, 'take_profit').map(qty)).toEqual(['3']);

    await h.drive(h.engine.flatten('AAPL'));
    await h.advance(500);
    expect(position(h)?.isZero()).toBe(true);
    expect(live(h, 'take_profit')).toEqual([]);
    expect(live(h, 'stop_loss')).toEqual([]);
    expect(h.engine.workingOrders()).toEqual([]);
    expect(h.sim.ledger().positions.AAPL?.qty.isZero() ?? true).toBe(true);
  });
});

describe('after a restart', () => {
  it('a bracket the books lost is adopted with its legs as rows of their own, and its prices', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        await sim.submitOrder({ ...restingBuy(10), clientOrderId: 'blt-prev-1', orderClass: 'bracket', takeProfit: { limitPrice: dec('195') }, stopLoss: { stopPrice: dec('175') } });
        clock.advance(100);
      },
    });
    expect(h.order(1)).toMatchObject({ clientOrderId: 'blt-prev-1', orderClass: 'bracket', takeProfit: dec('195'), stopLoss: dec('175') });
    expect(h.engine.orders().map((o) => [o.seq, o.role, o.parentClientOrderId, o.status])).toEqual([
      [1, undefined, undefined, 'new'],
      [2, 'take_profit', 'blt-prev-1', 'held'],
      [3, 'stop_loss', 'blt-prev-1', 'held'],
    ]);
  });

  it('an entry that filled while Blotter was down gets its oco once reconciliation books the fill', async () => {
    const h = await startHarness({
      before: async (sim, clock) => {
        sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(4) });
        const createdAt = clock.now();
        const sent = await sim.submitOrder({ ...stopLimitBuy(10), clientOrderId: 'blt-prev-1' });
        clock.advance(100);
        sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(0) });
        const local = { ...newOrder(stopLimitBuy(10), 'blt-prev-1', 1, createdAt), ...PROTECTED, status: 'new' as const, brokerOrderId: sent.id };
        return { orders: [local] };
      },
    });
    await h.advance(300);
    expect(h.order(1)?.filledQty.toString()).toBe('4');
    expect(live(h, 'take_profit').map((o) => [o.orderClass, qty(o)])).toEqual([['oco', '4']]);
    expect(live(h, 'stop_loss').map(qty)).toEqual(['4']);
  });
});
