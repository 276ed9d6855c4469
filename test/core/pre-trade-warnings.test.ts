import { describe, expect, it } from 'vitest';
import { preTradeWarnings, type BookView } from '../../src/core/pre-trade-warnings.js';
import { ZERO, dec } from '../../src/domain/decimal.js';
import type { OrderClass, OrderSpec } from '../../src/domain/order-types.js';
import { newOrder, type Order } from '../../src/domain/order.js';

const T0 = 1_000_000;

function spec(fields: Partial<OrderSpec> = {}): OrderSpec {
  return { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10), ...fields };
}

function open(seq: number, fields: Partial<OrderSpec> = {}, changes: Partial<Order> = {}): Order {
  return { ...newOrder(spec({ type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc', ...fields }), `c${seq}`, seq, T0), status: 'new', ...changes };
}

function book(orders: readonly Order[], positionQty = ZERO): BookView {
  return {
    working: orders.filter((o) => o.status !== 'filled' && o.status !== 'canceled'),
    find: (id) => orders.find((o) => o.clientOrderId === id),
    positionQty,
  };
}

/** The warnings in full, as the log gets them. */
const texts = (...args: Parameters<typeof preTradeWarnings>): string[] => preTradeWarnings(...args).map((w) => w.text);
const simple = (fields: Partial<OrderSpec> = {}, orderClass: OrderClass = 'simple') => ({ ...spec(fields), orderClass });

describe('pre-trade warnings: a possible wash trade', () => {
  it('names the open order on the other side and what would let this one through', () => {
    const warnings = texts(simple(), book([open(2, { side: 'sell', limitPrice: dec('190.00') })]));
    expect(warnings).toEqual(['AAPL has an open sell #2: the broker refuses this as a possible wash trade unless #2 is canceled first']);
  });

  it('names every one when there are several, oldest first', () => {
    const warnings = texts(simple({ side: 'sell' }), book([open(5), open(3, { type: 'stop', stopPrice: dec('140.00'), limitPrice: undefined })], dec(100)));
    expect(warnings).toEqual(['AAPL has open buys #3 and #5: the broker refuses this as a possible wash trade unless they are canceled first']);
  });

  it('counts a held leg as open', () => {
    const warnings = texts(simple(), book([open(4, { side: 'sell' }, { status: 'held' })]));
    expect(warnings).toHaveLength(1);
  });

  it('says nothing for the same side, another symbol, an ended order, or an empty book', () => {
    expect(texts(simple(), book([open(2), open(3, { side: 'sell', symbol: 'MSFT' }), open(4, { side: 'sell' }, { status: 'canceled' })]))).toEqual([]);
    expect(texts(simple(), book([]))).toEqual([]);
  });

  it('exempts what the broker exempts: bracket, oco and oto orders, and trailing stops', () => {
    const against = book([open(2, { side: 'sell' })]);
    for (const orderClass of ['bracket', 'oco', 'oto'] as const) expect(texts(simple({}, orderClass), against)).toEqual([]);
    expect(texts(simple({ type: 'trailing_stop', trailPercent: dec(2) }), against)).toEqual([]);
  });
});

describe('pre-trade warnings: shares already held by open orders', () => {
  const sell = (qty: number) => simple({ side: 'sell', qty: dec(qty) });

  it('warns when a sale is more than the position less what the open sells hold, with the figure available', () => {
    const warnings = texts(sell(5), book([open(2, { side: 'sell', qty: dec(6) })], dec(10)));
    expect(warnings).toEqual([
      'sell 5 AAPL is more than the 4 available: open sells #2 hold 6 of the 10 long — the broker refuses it as insufficient qty unless they are canceled or resized first',
    ]);
  });

  it('lets a sale that fits through without a word', () => {
    expect(texts(sell(4), book([open(2, { side: 'sell', qty: dec(6) })], dec(10)))).toEqual([]);
  });

  it('counts only what is left of a partly filled sell', () => {
    const partly = open(2, { side: 'sell', qty: dec(6) }, { status: 'partially_filled', filledQty: dec(4) });
    expect(texts(sell(8), book([partly], dec(10)))).toEqual([]);
    expect(texts(sell(9), book([partly], dec(10)))).toHaveLength(1);
  });

  it('counts the legs of one bracket or oco once, at the larger of them', () => {
    const entry = open(1, {}, { orderClass: 'bracket', status: 'filled', filledQty: dec(10) });
    const takeProfit = open(2, { side: 'sell', qty: dec(10) }, { orderClass: 'bracket', role: 'take_profit', parentClientOrderId: 'c1' });
    const stopLoss = open(3, { side: 'sell', type: 'stop', stopPrice: dec(140), limitPrice: undefined, qty: dec(10) }, { orderClass: 'bracket', role: 'stop_loss', parentClientOrderId: 'c1', status: 'held' });
    const warnings = texts(sell(6), book([entry, takeProfit, stopLoss], dec(15)));
    expect(warnings).toEqual([
      'sell 6 AAPL is more than the 5 available: open sells #2 and #3 hold 10 of the 15 long — the broker refuses it as insufficient qty unless they are canceled or resized first',
    ]);
    expect(texts(sell(5), book([entry, takeProfit, stopLoss], dec(15)))).toEqual([]);
  });

  it('counts two plain sells for the same shares twice, as the broker does', () => {
    const a = open(2, { side: 'sell', qty: dec(10) }, { role: 'take_profit', parentClientOrderId: 'c1' });
    const b = open(3, { side: 'sell', qty: dec(10) }, { role: 'stop_loss', parentClientOrderId: 'c1' });
    const entry = open(1, {}, { status: 'filled', filledQty: dec(10) });
    expect(texts(sell(1), book([entry, a, b], dec(21)))).toEqual([]);
    expect(texts(sell(2), book([entry, a, b], dec(21)))).toHaveLength(1);
  });

  it('warns that going from long to short in one order is refused, even with nothing held', () => {
    expect(texts(sell(15), book([], dec(10)))).toEqual([
      'sell 15 AAPL is more than the 10 long: the broker refuses going from long to short in one order — send 10, then the rest',
    ]);
  });

  it('mirrors it for a short covered by a buy', () => {
    const warnings = texts(simple({ qty: dec(8) }), book([open(2, { qty: dec(5) })], dec(-10)));
    expect(warnings).toEqual([
      'buy 8 AAPL is more than the 5 available: open buys #2 hold 5 of the 10 short — the broker refuses it as insufficient qty unless they are canceled or resized first',
    ]);
  });

  it('says nothing when flat (a short sale is a buying-power question) or for a $ amount', () => {
    expect(texts(sell(5), book([], ZERO))).toEqual([]);
    expect(texts(simple({ side: 'sell', qty: undefined, notional: dec(5000) }), book([], dec(1)))).toEqual([]);
  });

  it('gives both warnings when both apply', () => {
    const warnings = texts(sell(20), book([open(2)], dec(10)));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^AAPL has an open buy #2/);
    expect(warnings[1]).toMatch(/^sell 20 AAPL is more than the 10 long/);
  });
});

describe('pre-trade warnings in brief, for the line under the prompt', () => {
  const briefs = (...args: Parameters<typeof preTradeWarnings>): string[] => preTradeWarnings(...args).map((w) => w.brief);

  it('names the refusal and the orders in the way', () => {
    expect(briefs(simple(), book([open(2, { side: 'sell' })]))).toEqual(['wash trade: open sell #2']);
    expect(briefs(simple({ side: 'sell' }), book([open(5), open(3)], dec(100)))).toEqual(['wash trade: open buys #3 and #5']);
  });

  it('gives the shares available and what holds the rest, or the whole position when nothing does', () => {
    expect(briefs(simple({ side: 'sell', qty: dec(5) }), book([open(2, { side: 'sell', qty: dec(6) })], dec(10)))).toEqual([
      'insufficient qty: 4 available, #2 holds 6',
    ]);
    const two = book([open(2, { side: 'sell', qty: dec(3) }), open(4, { side: 'sell', qty: dec(3) })], dec(10));
    expect(briefs(simple({ side: 'sell', qty: dec(5) }), two)).toEqual(['insufficient qty: 4 available, #2 and #4 hold 6']);
    expect(briefs(simple({ side: 'sell', qty: dec(15) }), book([], dec(10)))).toEqual(['insufficient qty: only 10 long']);
    expect(briefs(simple({ qty: dec(15) }), book([], dec(-10)))).toEqual(['insufficient qty: only 10 short']);
  });
});
