import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../../src/domain/decimal.js';
import { ORDER_CLASSES, type BrokerOrder } from '../../../src/broker/port.js';
import { expectDecimal, type ContractSession } from './session.js';

/** The take-profit (a limit) and stop-loss (a stop) legs of a parent, as the broker nests them. */
async function legsOf(s: ContractSession, parentId: string): Promise<{ takeProfit: BrokerOrder; stopLoss: BrokerOrder }> {
  const legs = (await s.broker.getOrder(parentId)).legs ?? [];
  const takeProfit = legs.find((leg) => leg.type === 'limit');
  const stopLoss = legs.find((leg) => leg.type === 'stop' || leg.type === 'stop_limit');
  if (takeProfit === undefined || stopLoss === undefined) throw new Error(`order ${parentId} lacks its legs: ${JSON.stringify(legs)}`);
  return { takeProfit, stopLoss };
}

/** Submits a bracket: an AAPL buy of 10 with a take-profit at 101.00 and a stop-loss at 99.00. */
function bracket(s: ContractSession, entry: { type: 'market' } | { type: 'limit'; limitPrice: Decimal }): Promise<BrokerOrder> {
  return s.submit({
    side: 'buy',
    qty: dec(10),
    timeInForce: 'gtc',
    orderClass: 'bracket',
    takeProfit: { limitPrice: dec('101.00') },
    stopLoss: { stopPrice: dec('99.00') },
    ...entry,
  });
}

/** `commission` only where the broker reports one (Alpaca's stock orders carry none). */
const DECIMAL_FIELDS = ['qty', 'notional', 'limitPrice', 'stopPrice', 'trailPercent', 'trailPrice', 'hwm', 'filledQty', 'filledAvgPrice', 'commission'] as const;

/** What is wrong with the shape of an order as a client reads it, if anything. */
function shapeProblems(order: BrokerOrder, nested: boolean): string[] {
  const problems: string[] = [];
  if (!ORDER_CLASSES.includes(order.orderClass)) problems.push(`${order.id}: order class ${String(order.orderClass)}`);
  for (const field of DECIMAL_FIELDS) {
    const value = order[field];
    if (value !== undefined && !(value instanceof Decimal)) problems.push(`${order.id}: ${field} is not a Decimal`);
  }
  if (!(order.filledQty instanceof Decimal)) problems.push(`${order.id}: no filledQty`);
  if (nested && order.legs !== undefined) problems.push(`${order.id}: a leg with legs of its own`);
  for (const leg of order.legs ?? []) problems.push(...shapeProblems(leg, true));
  return problems;
}

/** Brackets and oco orders: legs held and released, shares held once, one leg cancelling the other. */
export function classCases(session: () => ContractSession): void {
  describe('order classes', () => {
    it('a bracket buy that fills sets its legs working and holds the shares once; the take-profit filling cancels the stop', async () => {
      const s = session();
      const parent = await bracket(s, { type: 'market' });
      expect(parent.orderClass).toBe('bracket');
      expect(parent.legs?.map((leg) => leg.side)).toEqual(['sell', 'sell']);
      await s.settle();
      expect((await s.broker.getOrder(parent.id)).status).toBe('filled');
      const { takeProfit, stopLoss } = await legsOf(s, parent.id);
      expect(takeProfit.status).toBe('new');
      expect(stopLoss.status).toBe('held');
      expectDecimal(takeProfit.limitPrice, '101.00');
      expectDecimal(stopLoss.stopPrice, '99.00');
      expect(s.events(takeProfit.id)).toContain('new');
      const extra = await s.refusal(s.submit({ side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc', qty: dec(1) }));
      expect([extra.kind, extra.reason]).toEqual(['rejected', 'insufficient_qty']);

      await s.quote('AAPL', '101.00', '101.02');
      await s.settle();
      const after = await legsOf(s, parent.id);
      expect(after.takeProfit.status).toBe('filled');
      expectDecimal(after.takeProfit.filledAvgPrice, '101.00');
      expect(after.stopLoss.status).toBe('canceled');
      expect(s.events(stopLoss.id).at(-1)).toBe('canceled');
      expect(s.events(stopLoss.id)).not.toContain('new');
      expect(await s.broker.getPositions()).toEqual([]);
    });

    it('an oco on a position held holds the shares once; the take-profit filling cancels the stop', async () => {
      const s = session();
      await s.hold(10);
      const parent = await s.submit({
        side: 'sell',
        type: 'limit',
        limitPrice: dec('101.00'),
        qty: dec(10),
        timeInForce: 'gtc',
        orderClass: 'oco',
        takeProfit: { limitPrice: dec('101.00') },
        stopLoss: { stopPrice: dec('99.00') },
      });
      expect(parent.orderClass).toBe('oco');
      await s.settle();
      const parentNow = await s.broker.getOrder(parent.id);
      expect(parentNow.status).toBe('new');
      const stopLoss = parentNow.legs?.find((leg) => leg.type === 'stop' || leg.type === 'stop_limit');
      expect(stopLoss?.status).toBe('held');
      const extra = await s.refusal(s.submit({ side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc', qty: dec(1) }));
      expect([extra.kind, extra.reason]).toEqual(['rejected', 'insufficient_qty']);

      await s.quote('AAPL', '101.00', '101.02');
      await s.settle();
      const done = await s.broker.getOrder(parent.id);
      expect(done.status).toBe('filled');
      expectDecimal(done.filledAvgPrice, '101.00');
      expect(done.legs?.map((leg) => leg.status)).toEqual(['canceled']);
      const stopId = stopLoss?.id ?? '';
      expect(s.events(stopId).at(-1)).toBe('canceled');
      expect(s.events(stopId)).not.toContain('new');
      expect(await s.broker.getPositions()).toEqual([]);
    });

    it('a bracket whose entry never filled cancels with its legs', async () => {
      const s = session();
      const parent = await bracket(s, { type: 'limit', limitPrice: dec('95.00') });
      await s.settle();
      const { takeProfit, stopLoss } = await legsOf(s, parent.id);
      expect([takeProfit.status, stopLoss.status]).toEqual(['held', 'held']);
      await s.broker.cancelOrder(parent.id);
      await s.settle();
      expect((await s.broker.getOrder(parent.id)).status).toBe('canceled');
      const after = await legsOf(s, parent.id);
      expect([after.takeProfit.status, after.stopLoss.status]).toEqual(['canceled', 'canceled']);
      for (const leg of [takeProfit, stopLoss]) expect(s.events(leg.id)).not.toContain('new');
    });

    it('every order carries its class and exact decimals, and legs appear only inside their parent', async () => {
      const s = session();
      await s.hold(5);
      await s.submit({ side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc', qty: dec(2) });
      const parent = await bracket(s, { type: 'limit', limitPrice: dec('95.00') });
      await s.settle();
      const orders = await s.broker.listOrders({ status: 'all', limit: 500 });
      expect(orders).toHaveLength(3);
      const legIds = new Set((parent.legs ?? []).map((leg) => leg.id));
      expect(legIds.size).toBe(2);
      expect(orders.filter((o) => legIds.has(o.id))).toEqual([]);
      expect(orders.find((o) => o.id === parent.id)?.legs?.map((leg) => leg.id).sort()).toEqual([...legIds].sort());
      const seen = [...orders, parent, ...s.updates.map((u) => u.order)];
      expect(seen.flatMap((order) => shapeProblems(order, false))).toEqual([]);
      const executions = s.updates.flatMap((u) => [u.price, u.qty, u.positionQty, u.commission]).filter((v) => v !== undefined);
      expect(executions.length).toBeGreaterThan(0);
      expect(executions.every((v) => v instanceof Decimal)).toBe(true);
      const [position] = await s.broker.getPositions();
      const account = await s.broker.getAccount();
      const money = [position?.qty, position?.avgEntryPrice, account.cash, account.equity, account.buyingPower, account.lastEquity];
      expect(money.every((v) => v instanceof Decimal)).toBe(true);
    });
  });
}
