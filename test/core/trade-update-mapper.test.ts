import { describe, expect, it } from 'vitest';
import { dec, sumDec } from '../../src/domain/decimal.js';
import { applyExecution, type Fill } from '../../src/domain/fill.js';
import { newOrder, type Order } from '../../src/domain/order.js';
import type { BrokerOrder, TradeUpdate } from '../../src/broker/port.js';
import { newsFromBrokerOrder, newsFromTradeUpdate, type OrderNews } from '../../src/core/trade-update-mapper.js';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** 10 AAPL as the broker reports it after `filled` shares at 187 and `commission` charged so far. */
function brokerOrder(filled: number, commission: string | undefined): BrokerOrder {
  return {
    id: 'ord-1',
    clientOrderId: 'blt-1',
    orderClass: 'simple',
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    qty: dec(10),
    status: filled === 10 ? 'filled' : 'partially_filled',
    filledQty: dec(filled),
    filledAvgPrice: dec(187),
    ...(commission !== undefined && { commission: dec(commission) }),
    createdAt: iso(NOW - 5_000),
    updatedAt: iso(NOW - 1_000),
    submittedAt: iso(NOW - 5_000),
  };
}

/** The trade update of one execution of `qty` shares charged `own`, leaving the order as brokerOrder() says. */
function execution(id: string, qty: number, own: string, filled: number, cumulative: string): TradeUpdate {
  return {
    event: filled === 10 ? 'fill' : 'partial_fill',
    order: brokerOrder(filled, cumulative),
    timestamp: iso(NOW - 500),
    executionId: id,
    price: dec(187),
    qty: dec(qty),
    commission: dec(own),
  };
}

function localOrder(): Order {
  return { ...newOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10) }, 'blt-1', 1, NOW - 5_000), brokerOrderId: 'ord-1' };
}

/** Books what each piece of news says, in order; returns the fills booked and the order after. */
function bookAll(news: readonly OrderNews[]): { order: Order; fills: Fill[] } {
  let order = localOrder();
  const fills: Fill[] = [];
  for (const item of news) {
    const outcome = applyExecution(order, item.execution!);
    if (outcome.kind !== 'applied') continue;
    order = outcome.order;
    fills.push(outcome.fill);
  }
  return { order, fills };
}

describe('commission in broker news', () => {
  it('a snapshot carries the order’s cumulative commission, a trade update its own and the order’s', () => {
    expect(newsFromBrokerOrder(brokerOrder(4, '1'), 'poll', NOW).execution?.cumulativeCommission?.toString()).toBe('1');
    const streamed = newsFromTradeUpdate(execution('e2', 6, '0.25', 10, '1.25')).execution;
    expect(streamed?.commission?.toString()).toBe('0.25');
    expect(streamed?.cumulativeCommission?.toString()).toBe('1.25');
  });

  it('an order that reports no commission (Alpaca’s stocks) charges a fill found by a poll nothing', () => {
    const { fills } = bookAll([newsFromBrokerOrder(brokerOrder(10, undefined), 'poll', NOW)]);
    expect(fills.map((f) => f.commission.toString())).toEqual(['0']);
  });

  // e1: 4 shares, charged the $1 minimum; e2: 6 more, $0.25 on top.
  const e1 = execution('e1', 4, '1', 4, '1');
  const e2 = execution('e2', 6, '0.25', 10, '1.25');

  it.each([
    ['the stream alone', [newsFromTradeUpdate(e1), newsFromTradeUpdate(e2)]],
    ['a poll before each trade update', [newsFromBrokerOrder(e1.order, 'poll', NOW), newsFromTradeUpdate(e1), newsFromBrokerOrder(e2.order, 'poll', NOW), newsFromTradeUpdate(e2)]],
    ['a poll after each trade update', [newsFromTradeUpdate(e1), newsFromBrokerOrder(e1.order, 'poll', NOW), newsFromTradeUpdate(e2), newsFromBrokerOrder(e2.order, 'poll', NOW)]],
    ['the first update lost, a poll finds it', [newsFromBrokerOrder(e1.order, 'poll', NOW), newsFromTradeUpdate(e2)]],
    ['the first update lost, the second stands for both', [newsFromTradeUpdate(e2)]],
    ['both updates lost, a final check finds them', [newsFromBrokerOrder(e2.order, 'final_check', NOW), newsFromTradeUpdate(e1), newsFromTradeUpdate(e2)]],
  ])('%s: the order is charged what the broker charged, once', (_, news) => {
    const { order, fills } = bookAll(news);
    expect(order.filledQty.toString()).toBe('10');
    expect(sumDec(fills.map((f) => f.commission)).toString()).toBe('1.25');
    expect(order.commissionPaid?.toString()).toBe('1.25');
  });
});
