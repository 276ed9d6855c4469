import { describe, expect, it } from 'vitest';
import { d, harness, type Request } from './helpers.js';

const BRACKET: Request = {
  side: 'buy',
  type: 'limit',
  limitPrice: d('90.00'),
  qty: d(10),
  orderClass: 'bracket',
  takeProfit: { limitPrice: d('105.00') },
  stopLoss: { stopPrice: d('85.00') },
};

describe('sim order classes: what a request must say', () => {
  it.each<[string, Request, string]>([
    ['an unknown class', { ...BRACKET, orderClass: 'mleg' as Request['orderClass'] }, 'invalid order_class: mleg (expected simple, bracket, oco, oto)'],
    ['legs on a simple order', { ...BRACKET, orderClass: 'simple' }, 'take_profit and stop_loss are only for bracket, oco and oto orders'],
    ['fractional shares in a bracket', { ...BRACKET, qty: d('2.5') }, 'fractional orders must be simple orders'],
    ['a fractional gtc bracket', { ...BRACKET, qty: d('2.5'), timeInForce: 'gtc' }, 'fractional orders must be simple orders'],
    ['a dollar amount in an oto', { ...BRACKET, type: 'market', limitPrice: undefined, qty: undefined, notional: d(500), orderClass: 'oto', stopLoss: undefined }, 'fractional orders must be simple orders'],
    ['an ioc bracket', { ...BRACKET, timeInForce: 'ioc' }, 'bracket orders must be day or gtc orders'],
    ['a stop entry', { ...BRACKET, type: 'stop', limitPrice: undefined, stopPrice: d('95.00') }, 'bracket orders must be market or limit orders'],
    ['a bracket without a stop loss', { ...BRACKET, stopLoss: undefined }, 'bracket orders need take_profit.limit_price and stop_loss.stop_price'],
    ['an oto with both legs', { ...BRACKET, orderClass: 'oto' }, 'oto orders need exactly one of take_profit and stop_loss'],
    ['an oto with no leg', { ...BRACKET, orderClass: 'oto', takeProfit: undefined, stopLoss: undefined }, 'oto orders need exactly one of take_profit and stop_loss'],
    [
      'a buy bracket taking profit below its stop',
      { ...BRACKET, takeProfit: { limitPrice: d('85.00') } },
      'take_profit.limit_price 85 must be above stop_loss.stop_price 85 for a buy bracket',
    ],
    [
      'a sell bracket taking profit above its stop',
      { ...BRACKET, side: 'sell', limitPrice: d('110.00') },
      'take_profit.limit_price 105 must be below stop_loss.stop_price 85 for a sell bracket',
    ],
    [
      'a sub-penny take profit',
      { ...BRACKET, takeProfit: { limitPrice: d('105.001') } },
      'invalid take_profit.limit_price 105.001. sub-penny increment does not fulfill minimum pricing criteria',
    ],
    ['a negative stop', { ...BRACKET, stopLoss: { stopPrice: d('-1') } }, 'stop_loss.stop_price must be > 0'],
    ['a zero stop limit', { ...BRACKET, stopLoss: { stopPrice: d('85.00'), limitPrice: d(0) } }, 'stop_loss.limit_price must be > 0'],
  ])('refuses %s with 422 invalid_order, leaving no order', async (_name, request, message) => {
    const h = harness();
    await expect(h.submit(request)).rejects.toMatchObject({ kind: 'rejected', status: 422, reason: 'invalid_order', message });
    expect(await h.sim.listOrders({ status: 'all' })).toEqual([]);
  });

  it('accepts a sell bracket: buy legs, the take-profit below the stop', async () => {
    const h = harness();
    const parent = await h.submit({ ...BRACKET, side: 'sell', limitPrice: d('110.00'), takeProfit: { limitPrice: d('95.00') }, stopLoss: { stopPrice: d('115.00') } });
    expect(parent.legs?.map((leg) => `${leg.side} ${leg.type}`)).toEqual(['buy limit', 'buy stop']);
  });

  it('refuses a bracket or oto that would close a position: they are entries', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    const sell = { ...BRACKET, side: 'sell', limitPrice: d('110.00'), takeProfit: { limitPrice: d('95.00') }, stopLoss: { stopPrice: d('115.00') } } as const;
    await expect(h.submit(sell)).rejects.toMatchObject({
      status: 422,
      reason: 'invalid_order',
      message: 'bracket orders must be entry orders (the account is long AAPL: this sell would close it)',
    });
    await expect(h.submit({ ...sell, orderClass: 'oto', takeProfit: undefined })).rejects.toMatchObject({
      message: 'oto orders must be entry orders (the account is long AAPL: this sell would close it)',
    });
    await expect(h.submit({ ...BRACKET, qty: d(5) })).resolves.toMatchObject({ orderClass: 'bracket' });
  });

  it('accepts a market entry', async () => {
    const h = harness();
    await expect(h.submit({ ...BRACKET, type: 'market', limitPrice: undefined })).resolves.toMatchObject({ orderClass: 'bracket', type: 'market' });
  });

  it('marks every order with its class, simple ones included', async () => {
    const h = harness();
    const simple = await h.submit({ side: 'buy', qty: d(1) });
    expect(simple.orderClass).toBe('simple');
    expect(simple.legs).toBeUndefined();
    h.settle();
    expect(h.updates.map((u) => u.order.orderClass)).toEqual(['simple', 'simple']);
  });
});
