import { describe, expect, it } from 'vitest';
import { BrokerError, type RejectReason } from '../../src/broker/errors.js';
import { errorText, refusalText } from '../../src/core/error-text.js';
import { OrderBook } from '../../src/core/order-book.js';
import { dec } from '../../src/domain/decimal.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { newOrder, type Order } from '../../src/domain/order.js';

const T0 = 1_000_000;

function order(seq: number, fields: Partial<OrderSpec> = {}, changes: Partial<Order> = {}): Order {
  const spec: OrderSpec = { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(10), limitPrice: dec('180.00'), ...fields };
  return { ...newOrder(spec, `c${seq}`, seq, T0), status: 'new', ...changes };
}

const refused = (reason: RejectReason, message: string): BrokerError => new BrokerError('rejected', message, { reason, status: 403 });

describe('refusalText: what the broker refused, and what to do, by reason', () => {
  const sell = order(5, { side: 'sell', type: 'market', limitPrice: undefined }, { status: 'pending_new' });

  it('insufficient qty: leads with the figures the broker gave and names the open sells holding the shares', () => {
    const book = new OrderBook([order(2, { side: 'sell', limitPrice: dec('200.00') }), order(3), sell]);
    const message = 'insufficient qty available for order (requested: 10, available: 4)';
    const withFigures = new BrokerError('rejected', message, { reason: 'insufficient_qty', quantity: { requested: dec(10), available: dec(4) } });
    expect(refusalText(withFigures, sell, book)).toBe('only 4 AAPL available to sell (10 asked) — cancel or resize #2 first');
    // Without figures, the broker's own words.
    expect(refusalText(refused('insufficient_qty', message), sell, book)).toBe(`${message} — cancel or resize #2 first`);
  });

  it('insufficient qty with nothing holding the shares: the sale goes through zero, so sell at most the position', () => {
    const book = new OrderBook([sell]);
    const refusal = new BrokerError('rejected', 'insufficient qty available for order (requested: 10, available: 3)', {
      reason: 'insufficient_qty',
      quantity: { requested: dec(10), available: dec(3) },
    });
    expect(refusalText(refusal, sell, book)).toBe('only 3 AAPL available to sell (10 asked) — sell at most what the position holds');
  });

  it('wash trade: names the open order on the other side and the two ways out', () => {
    const buy = order(4, { type: 'market', limitPrice: undefined }, { status: 'pending_new' });
    const book = new OrderBook([order(3, { side: 'sell', limitPrice: dec('200.00') }), buy]);
    expect(refusalText(refused('wash_trade', 'potential wash trade detected. use complex orders'), buy, book)).toBe(
      'potential wash trade: AAPL has an open sell order #3 — cancel it first, or send this as a bracket/oco',
    );
    const two = new OrderBook([order(3, { side: 'sell' }), order(6, { side: 'sell' }), buy]);
    expect(refusalText(refused('wash_trade', 'potential wash trade detected'), buy, two)).toBe(
      'potential wash trade: AAPL has open sell orders #3 and #6 — cancel them first, or send this as a bracket/oco',
    );
  });

  it('wash trade with no opposite order in the book (the broker knows one the core does not)', () => {
    expect(refusalText(refused('wash_trade', 'potential wash trade detected'), sell, new OrderBook([sell]))).toBe(
      'potential wash trade: the broker has an open buy order on AAPL — cancel it first, or send this as a bracket/oco',
    );
  });

  it.each<readonly [RejectReason, string, string]>([
    ['insufficient_buying_power', 'insufficient buying power (order cost 1870.00, buying power 100.00)', 'insufficient buying power (order cost 1870.00, buying power 100.00) — send a smaller order, or cancel open orders that hold buying power'],
    ['duplicate_client_order_id', 'client_order_id must be unique', 'the broker already has an order with client order id c5: it was sent before — nothing new was sent; it shows in the orders pane once the broker reports it'],
    ['unknown_symbol', 'asset "AAPL" not found', 'unknown symbol AAPL at the broker — check the ticker'],
    ['not_tradable', 'asset AAPL is not active', "AAPL can't be traded at the broker now (asset AAPL is not active) — try again when it trades, or pick another symbol"],
    ['market_closed', 'market orders are not accepted outside market hours', 'the market is closed (market orders are not accepted outside market hours) — wait for the open, or send a day or gtc limit order to rest until then'],
    ['not_cancelable', 'order is already in "filled" state', '#5 has already filled or ended at the broker, so it can no longer be changed'],
    ['invalid_order', 'qty must be > 0', 'qty must be > 0'],
  ])('%s', (reason, message, expected) => {
    expect(refusalText(refused(reason, message), sell, new OrderBook([sell]))).toBe(expected);
  });

  it('shows anything else as it came', () => {
    const book = new OrderBook([sell]);
    expect(refusalText(new BrokerError('transient', 'service unavailable'), sell, book)).toBe('service unavailable');
    expect(refusalText(new TypeError('x is not a function'), sell, book)).toBe('x is not a function');
    expect(errorText('boom')).toBe('boom');
  });
});
