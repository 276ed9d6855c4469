import { describe, expect, it } from 'vitest';
import { OrderBook, workingOrder } from '../../src/core/order-book.js';
import { dec } from '../../src/domain/decimal.js';
import type { OrderStatus } from '../../src/domain/order-state.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { newOrder, type Order } from '../../src/domain/order.js';

const T0 = 1_000_000;

function order(seq: number, fields: Partial<OrderSpec> = {}, changes: Partial<Order> = {}): Order {
  const spec: OrderSpec = { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(10), limitPrice: dec('180.00'), ...fields };
  return { ...newOrder(spec, `c${seq}`, seq, T0), status: 'new', brokerOrderId: `b${seq}`, ...changes };
}

const seqs = (orders: readonly Order[]): number[] => orders.map((o) => o.seq);
const ended = (o: Order, status: OrderStatus = 'filled'): Order => ({ ...o, status, updatedAt: o.updatedAt + 1 });

describe('OrderBook: the order cache', () => {
  it('finds every order by client id, broker id and row number, ended ones too', () => {
    const done = ended(order(2));
    const book = new OrderBook([order(1), done]);
    expect(book.byClientOrderId('c2')).toBe(done);
    expect(book.byBrokerOrderId('b2')).toBe(done);
    expect(book.resolve({ kind: 'seq', seq: 2 })).toEqual({ kind: 'found', order: done });
    expect(seqs(book.all())).toEqual([1, 2]);
    expect(book.highestSeq()).toBe(2);
  });

  it('keeps the working orders by symbol and by source, in the order they were placed', () => {
    const book = new OrderBook([
      order(1),
      order(2, { symbol: 'MSFT' }, { source: 'sma-1' }),
      order(3, {}, { source: 'sma-1' }),
      order(4, { symbol: 'MSFT' }),
      ended(order(5)),
    ]);
    expect(seqs(book.working())).toEqual([1, 2, 3, 4]);
    expect(seqs(book.working('AAPL'))).toEqual([1, 3]);
    expect(seqs(book.working('MSFT'))).toEqual([2, 4]);
    expect(seqs(book.workingBySource('sma-1'))).toEqual([2, 3]);
    expect(seqs(book.workingBySource('manual'))).toEqual([1, 4]);
    expect(book.working('NVDA')).toEqual([]);
    expect(book.workingBySource('other')).toEqual([]);
    expect(seqs(book.bySymbol('AAPL'))).toEqual([1, 3, 5]);
    expect(book.bySymbol('NVDA')).toEqual([]);
  });

  it('takes an order out of the working sets when it ends, and gives back its latest version while it works', () => {
    const book = new OrderBook([order(1), order(2, {}, { source: 'sma-1' })]);
    const partly = { ...order(1), status: 'partially_filled' as const, filledQty: dec(4) };
    book.put(partly);
    expect(book.working('AAPL')[0]).toBe(partly);
    book.put(ended(partly));
    book.put(ended(order(2, {}, { source: 'sma-1' }), 'canceled'));
    expect(book.working()).toEqual([]);
    expect(book.working('AAPL')).toEqual([]);
    expect(book.workingBySource('sma-1')).toEqual([]);
    expect(book.byClientOrderId('c1')?.status).toBe('filled');
  });

  it('refuses to act on an order that has ended, saying so', () => {
    const book = new OrderBook([ended(order(7), 'canceled')]);
    expect(() => workingOrder(book, { kind: 'seq', seq: 7 })).toThrow('#7 BUY 10 AAPL @ 180.00 is already canceled');
  });

  it("never looks at finished orders to answer for the working ones: 100,000 of them cost working('AAPL') nothing", () => {
    let reads = 0;
    const watched = (o: Order): Order =>
      new Proxy(o, {
        get(target, property, receiver) {
          reads++;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    const filled = ended(order(0));
    const finished = Array.from({ length: 100_000 }, (_, i) =>
      watched({ ...filled, seq: i + 10, clientOrderId: `f${i}`, brokerOrderId: `g${i}`, symbol: i % 2 === 0 ? 'AAPL' : 'MSFT' }),
    );
    const book = new OrderBook([...finished, order(1), order(2, {}, { source: 'sma-1' })]);
    reads = 0;
    expect(seqs(book.working('AAPL'))).toEqual([1, 2]);
    expect(seqs(book.workingBySource('sma-1'))).toEqual([2]);
    expect(seqs(book.working())).toEqual([1, 2]);
    expect(reads).toBe(0);
  });
});
