import { describe, expect, it } from 'vitest';
import { toListParams, toReplaceBody, toSubmitBody } from '../../../src/broker/alpaca/wire-requests.js';
import { dec } from '../../../src/domain/decimal.js';

describe('order request bodies', () => {
  it('writes a bracket as the SDK’s builder does', () => {
    const body = toSubmitBody({
      symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: dec('1'), limitPrice: dec('150'), clientOrderId: 'blt-1',
      orderClass: 'bracket', takeProfit: { limitPrice: dec('160') }, stopLoss: { stopPrice: dec('140'), limitPrice: dec('139') },
    });
    expect(body).toEqual({
      symbol: 'AAPL', side: 'buy', type: 'limit', time_in_force: 'day', qty: '1', limit_price: '150', client_order_id: 'blt-1',
      order_class: 'bracket', take_profit: { limit_price: '160' }, stop_loss: { stop_price: '140', limit_price: '139' },
    });
  });

  it('writes a notional market order as simple, with no empty fields', () => {
    expect(toSubmitBody({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', notional: dec('25.5'), clientOrderId: 'n' })).toEqual({
      symbol: 'SPY', side: 'buy', type: 'market', time_in_force: 'day', notional: '25.5', client_order_id: 'n', order_class: 'simple',
    });
  });

  it('names the new trail amount `trail` on PATCH', () => {
    expect(toReplaceBody({ clientOrderId: 'r', qty: dec('5'), trailPrice: dec('0.75'), timeInForce: 'gtc' })).toEqual({
      client_order_id: 'r', qty: '5', trail: '0.75', time_in_force: 'gtc',
    });
  });
});

describe('toListParams', () => {
  it('asks for newest first, nested, with the before_order_id cursor', () => {
    expect(toListParams({ status: 'all', limit: 500, after: '2026-01-05T14:30:00Z', symbols: ['AAPL', 'MSFT'], beforeOrderId: 'o-9' })).toEqual({
      status: 'all', direction: 'desc', nested: 'true', limit: '500', after: '2026-01-05T14:30:00Z', symbols: 'AAPL,MSFT', before_order_id: 'o-9',
    });
    expect(toListParams({ status: 'open', symbols: [] })).toEqual({ status: 'open', direction: 'desc', nested: 'true' });
  });

  it('refuses a limit Alpaca would refuse', () => {
    expect(() => toListParams({ status: 'open', limit: 501 })).toThrow('order list limit 501 is out of range: Alpaca takes a whole number from 1 to 500');
  });
});
