import { describe, expect, it } from 'vitest';
import {
  fixedCommission,
  percentCommission,
  perShareCommission,
  zeroCommission,
  type CommissionContext,
} from '../../../src/domain/costs/commission.js';
import { fixedBpsSlippage, noSlippage, sizeBasedSlippage, type SlippageContext } from '../../../src/domain/costs/slippage.js';
import { d, harness, setAapl, str } from './helpers.js';

const buy: SlippageContext = { side: 'buy', price: d('100.00'), qty: d(100), displayedSize: d(500) };
const sell: SlippageContext = { ...buy, side: 'sell' };

function charge(model: { commission(c: CommissionContext): ReturnType<typeof d> }, c: Partial<CommissionContext>): string {
  return model
    .commission({ side: 'buy', qty: d(100), price: d('50.00'), priorQty: d(0), priorCommission: d(0), ...c })
    .toString();
}

describe('slippage models', () => {
  it('none leaves the quote price alone', () => {
    expect(str(noSlippage().price(buy))).toBe('100');
  });

  it('fixed bps moves the price against the trader, on a tick', () => {
    const model = fixedBpsSlippage(5);
    expect(str(model.price(buy))).toBe('100.05');
    expect(str(model.price(sell))).toBe('99.95');
    expect(str(model.price({ ...buy, price: d('187.43') }))).toBe('187.52');
  });

  it('size-based grows with the order relative to the displayed size, up to a cap', () => {
    const model = sizeBasedSlippage({ bpsPerDisplayedSize: 10, baseBps: 1, maxBps: 20 });
    expect(str(model.price({ ...buy, qty: d(50) }))).toBe('100.02');
    expect(str(model.price({ ...buy, qty: d(500) }))).toBe('100.11');
    expect(str(model.price({ ...buy, qty: d(1000) }))).toBe('100.2');
    expect(str(model.price({ ...buy, qty: d(100000) }))).toBe('100.2');
    expect(str(model.price({ ...sell, qty: d(500) }))).toBe('99.89');
  });

  it('refuses negative parameters', () => {
    expect(() => fixedBpsSlippage(-1)).toThrow(RangeError);
  });
});

describe('commission models', () => {
  it('zero charges nothing', () => {
    expect(charge(zeroCommission(), {})).toBe('0');
  });

  it('per share charges each share, with a minimum per order met across partial fills', () => {
    const model = perShareCommission({ perShare: '0.005', minimum: '1.00' });
    expect(charge(model, { qty: d(100) })).toBe('1');
    expect(charge(model, { qty: d(1000) })).toBe('5');
    // First execution of 100 paid the 1.00 minimum; 300 more makes 400 shares = 2.00 in all.
    expect(charge(model, { qty: d(300), priorQty: d(100), priorCommission: d(1) })).toBe('1');
    expect(charge(model, { qty: d(50), priorQty: d(100), priorCommission: d(1) })).toBe('0');
  });

  it('percent charges a share of each execution notional, rounded to cents', () => {
    expect(charge(percentCommission('0.1'), { qty: d(100), price: d('50.00') })).toBe('5');
    expect(charge(percentCommission('0.25'), { qty: d(3), price: d('33.33') })).toBe('0.25');
  });

  it('fixed charges once per order', () => {
    const model = fixedCommission('4.95');
    expect(charge(model, {})).toBe('4.95');
    expect(charge(model, { priorQty: d(10), priorCommission: d('4.95') })).toBe('0');
  });
});

describe('models inside the exchange', () => {
  it('fills with slippage and books commission in the update, the ledger and cash', async () => {
    const h = harness({ slippage: fixedBpsSlippage(10), commission: perShareCommission({ perShare: '0.01', minimum: '1' }) });
    await h.submit({ side: 'buy', qty: d(50) });
    h.settle();
    const fill = h.updates.at(-1);
    // 100.02 × 1.001 = 100.12002 → 100.12; 50 × 0.01 = 0.50 → minimum 1.
    expect([fill?.event, str(fill?.price), str(fill?.commission)]).toEqual(['fill', '100.12', '1']);
    const ledger = h.sim.ledger();
    expect(str(ledger.fills[0]?.commission)).toBe('1');
    expect(str(ledger.cash)).toBe(str(d(100000).minus(d('100.12').times(50)).minus(1)));
  });

  it('caps slippage at the limit price', async () => {
    const h = harness({ slippage: fixedBpsSlippage(100) });
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('100.50'), qty: d(10) });
    h.settle();
    expect(str(h.updates.at(-1)?.price)).toBe('100.5');
  });

  it('charges a per-order minimum once across partial fills', async () => {
    const h = harness({ commission: perShareCommission({ perShare: '0.005', minimum: '1.00' }) });
    setAapl(h.sim, '100.00', '100.02', { ask: '100' });
    await h.submit({ side: 'buy', qty: d(300) });
    h.settle();
    setAapl(h.sim, '100.00', '100.02', { ask: '500' });
    h.settle(30);
    expect(h.updates.filter((u) => u.commission !== undefined).map((u) => str(u.commission))).toEqual(['1', '0.5']);
  });

  it('reports on the order the commission charged on it so far: none when submitted, the running total after each execution', async () => {
    const h = harness({ commission: perShareCommission({ perShare: '0.005', minimum: '1.00' }) });
    setAapl(h.sim, '100.00', '100.02', { ask: '100' });
    const submitted = await h.submit({ side: 'buy', qty: d(300) });
    expect(str(submitted.commission)).toBe('0');
    h.settle();
    expect(str((await h.sim.getOrder(submitted.id)).commission)).toBe('1');
    setAapl(h.sim, '100.00', '100.02', { ask: '500' });
    h.settle(30);
    expect(str((await h.sim.getOrder(submitted.id)).commission)).toBe('1.5');
    expect(str((await h.sim.getOrderByClientId(submitted.clientOrderId)).commission)).toBe('1.5');
    expect((await h.sim.listOrders({ status: 'all' })).map((o) => str(o.commission))).toEqual(['1.5']);
    const executions = h.updates.filter((u) => u.executionId !== undefined);
    expect(executions.map((u) => [str(u.commission), str(u.order.commission)])).toEqual([
      ['1', '1'],
      ['0.5', '1.5'],
    ]);
  });
});
