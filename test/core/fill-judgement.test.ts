import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { applyExecution } from '../../src/domain/fill.js';
import { newOrder } from '../../src/domain/order.js';
import type { BrokerOrder, TradeUpdate } from '../../src/broker/port.js';
import { judgeFill } from '../../src/core/fill-judgement.js';
import { newsFromBrokerOrder, newsFromTradeUpdate } from '../../src/core/trade-update-mapper.js';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** A polled order for 10 AAPL that shows no fill at all, unless told otherwise. */
function polled(changes: Partial<BrokerOrder> = {}): BrokerOrder {
  return {
    id: 'ord-1',
    clientOrderId: 'blt-1',
    orderClass: 'simple',
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'day',
    qty: dec(10),
    limitPrice: dec('187.50'),
    status: 'new',
    filledQty: dec(0),
    createdAt: iso(NOW - 5_000),
    updatedAt: iso(NOW - 1_000),
    submittedAt: iso(NOW - 5_000),
    ...changes,
  };
}

describe('judgeFill: each signal on its own shows a fill', () => {
  it('status "filled" alone, with no quantity reported yet, books the whole order quantity', () => {
    expect(judgeFill(polled({ status: 'filled' }))).toEqual({ complete: true, signal: 'status', cumulativeQty: dec(10) });
  });

  it('filled quantity equal to the order quantity, while the status still says new', () => {
    const judged = judgeFill(polled({ filledQty: dec(10) }));
    expect(judged).toMatchObject({ complete: true, signal: 'filled_qty' });
    expect(judged?.cumulativeQty.toString()).toBe('10');
  });

  it('filled quantity above the order quantity still counts as complete, and books what was reported', () => {
    const judged = judgeFill(polled({ filledQty: dec(12) }));
    expect(judged).toMatchObject({ complete: true, signal: 'filled_qty' });
    expect(judged?.cumulativeQty.toString()).toBe('12');
  });

  it('an average fill price with some filled quantity is a partial fill of that quantity', () => {
    const judged = judgeFill(polled({ filledQty: dec(4), filledAvgPrice: dec('187.44') }));
    expect(judged).toMatchObject({ complete: false, signal: 'avg_price' });
    expect(judged?.cumulativeQty.toString()).toBe('4');
  });

  it('a filled-at time alone, with no quantity reported, books the whole order as filled', () => {
    const judged = judgeFill(polled({ filledAt: iso(NOW - 2_000) }));
    expect(judged).toMatchObject({ complete: true, signal: 'filled_at' });
    expect(judged?.cumulativeQty.toString()).toBe('10');
  });

  it('a filled-at time with a partial quantity books that quantity and is not complete', () => {
    const judged = judgeFill(polled({ filledAt: iso(NOW - 2_000), filledQty: dec(3) }));
    expect(judged).toMatchObject({ complete: false, signal: 'filled_at' });
    expect(judged?.cumulativeQty.toString()).toBe('3');
  });
});

describe('judgeFill: which signal is recorded when several are present', () => {
  it('status wins over everything else', () => {
    const all = polled({ status: 'filled', filledQty: dec(10), filledAvgPrice: dec('187.44'), filledAt: iso(NOW) });
    expect(judgeFill(all)?.signal).toBe('status');
  });

  it('filled quantity wins over the average price and the filled-at time', () => {
    const judged = judgeFill(polled({ filledQty: dec(10), filledAvgPrice: dec('187.44'), filledAt: iso(NOW) }));
    expect(judged?.signal).toBe('filled_qty');
  });

  it('the average price wins over the filled-at time', () => {
    const judged = judgeFill(polled({ filledQty: dec(6), filledAvgPrice: dec('187.44'), filledAt: iso(NOW) }));
    expect(judged?.signal).toBe('avg_price');
    expect(judged?.cumulativeQty.toString()).toBe('6');
  });

  it('a complete quantity makes the judgement complete whatever the status says', () => {
    expect(judgeFill(polled({ status: 'pending_cancel', filledQty: dec(10), filledAvgPrice: dec('187.44') }))?.complete).toBe(true);
  });

  it('a partial fill under a filled-looking average price is still partial', () => {
    expect(judgeFill(polled({ status: 'partially_filled', filledQty: dec(4), filledAvgPrice: dec('187.44') }))?.complete).toBe(false);
  });
});

describe('judgeFill: no evidence, no fill', () => {
  it('a working order with nothing filled shows no fill', () => {
    expect(judgeFill(polled())).toBeUndefined();
  });

  it('an average price without any filled quantity is not evidence', () => {
    expect(judgeFill(polled({ filledAvgPrice: dec('187.44') }))).toBeUndefined();
  });

  it('a zero average price and an empty filled-at time are not evidence', () => {
    expect(judgeFill(polled({ filledAvgPrice: dec(0), filledAt: '' }))).toBeUndefined();
  });

  it('a canceled order with nothing filled shows no fill', () => {
    expect(judgeFill(polled({ status: 'canceled', canceledAt: iso(NOW) }))).toBeUndefined();
  });

  it('"filled" on a dollar order with no filled quantity books nothing: there is no quantity to book', () => {
    const notional = polled({ qty: undefined, notional: dec(1000), status: 'filled' });
    expect(judgeFill(notional)).toBeUndefined();
  });
});

describe('newsFromBrokerOrder: a snapshot read as news', () => {
  it('a filled snapshot is a fill event with an execution of the cumulative quantity, marked with how it was seen', () => {
    const snapshot = polled({ status: 'filled', filledQty: dec(10), filledAvgPrice: dec('187.44'), filledAt: iso(NOW - 2_000) });
    const news = newsFromBrokerOrder(snapshot, 'final_check', NOW);
    expect(news.event).toBe('fill');
    expect(news.signal).toBe('status');
    expect(news.execution).toMatchObject({ executionId: 'ord-1:cum:10', detectedBy: 'final_check', at: NOW - 2_000 });
    expect(news.execution?.cumulativeQty.toString()).toBe('10');
    expect(news.execution?.avgPrice?.toString()).toBe('187.44');
  });

  it('the same cumulative quantity gives the same execution id however often and whenever it is seen', () => {
    const snapshot = polled({ status: 'partially_filled', filledQty: dec(4), filledAvgPrice: dec('187.44') });
    const first = newsFromBrokerOrder(snapshot, 'poll', NOW);
    const later = newsFromBrokerOrder({ ...snapshot, updatedAt: iso(NOW + 9_000) }, 'reconcile', NOW + 10_000);
    expect(first.execution?.executionId).toBe(later.execution?.executionId);
    expect(later.execution?.detectedBy).toBe('reconcile');
    const more = newsFromBrokerOrder({ ...snapshot, filledQty: dec(7) }, 'poll', NOW);
    expect(more.execution?.executionId).not.toBe(first.execution?.executionId);
  });

  it('a partial fill on a working order is a partial_fill event', () => {
    const news = newsFromBrokerOrder(polled({ filledQty: dec(4), filledAvgPrice: dec('187.44') }), 'poll', NOW);
    expect(news.event).toBe('partial_fill');
    expect(news.execution?.cumulativeQty.toString()).toBe('4');
  });

  it('a partial fill on an order being cancelled keeps the cancel pending', () => {
    const news = newsFromBrokerOrder(polled({ status: 'pending_cancel', filledQty: dec(4), filledAvgPrice: dec('187.44') }), 'poll', NOW);
    expect(news.event).toBe('cancel_requested');
    expect(news.execution?.cumulativeQty.toString()).toBe('4');
  });

  it('a canceled order that had partly filled books the partial fill and ends canceled', () => {
    const news = newsFromBrokerOrder(polled({ status: 'canceled', filledQty: dec(4), filledAvgPrice: dec('187.44') }), 'poll', NOW);
    expect(news.event).toBe('canceled');
    expect(news.execution?.cumulativeQty.toString()).toBe('4');
  });

  it('a snapshot with no fill is just its status', () => {
    expect(newsFromBrokerOrder(polled(), 'poll', NOW)).toEqual({ event: 'accepted', execution: undefined, signal: undefined });
    expect(newsFromBrokerOrder(polled({ status: 'pending_new' }), 'poll', NOW).event).toBeUndefined();
    expect(newsFromBrokerOrder(polled({ status: 'rejected' }), 'poll', NOW).event).toBe('rejected');
  });

  it('the fill time falls back to the last update, and to now when the broker gave no usable time', () => {
    const noFilledAt = newsFromBrokerOrder(polled({ filledQty: dec(10), filledAvgPrice: dec('187.44') }), 'poll', NOW);
    expect(noFilledAt.execution?.at).toBe(NOW - 1_000);
    const garbage = newsFromBrokerOrder(polled({ filledQty: dec(10), filledAvgPrice: dec('187.44'), updatedAt: 'not a time' }), 'poll', NOW);
    expect(garbage.execution?.at).toBe(NOW);
  });
});

describe('newsFromTradeUpdate: a stream message read as news', () => {
  const update = (changes: Partial<TradeUpdate>, order: Partial<BrokerOrder> = {}): TradeUpdate => ({
    event: 'fill',
    order: polled({ status: 'filled', filledQty: dec(10), filledAvgPrice: dec('187.44'), ...order }),
    timestamp: iso(NOW - 500),
    executionId: 'exec-77',
    price: dec('187.44'),
    qty: dec(10),
    ...changes,
  });

  it('a fill carries the broker execution id, the last execution and detectedBy stream', () => {
    const news = newsFromTradeUpdate(update({}));
    expect(news.event).toBe('fill');
    expect(news.execution).toMatchObject({ executionId: 'exec-77', detectedBy: 'stream', at: NOW - 500 });
    expect(news.execution?.lastQty?.toString()).toBe('10');
    expect(news.execution?.lastPrice?.toString()).toBe('187.44');
  });

  it('a partial fill is a partial_fill event with the cumulative quantity', () => {
    const news = newsFromTradeUpdate(update({ event: 'partial_fill', qty: dec(4) }, { status: 'partially_filled', filledQty: dec(4) }));
    expect(news.event).toBe('partial_fill');
    expect(news.execution?.cumulativeQty.toString()).toBe('4');
  });

  it('without an execution id, the id is derived from the cumulative quantity and is stable', () => {
    const a = newsFromTradeUpdate(update({ executionId: undefined }));
    const b = newsFromTradeUpdate(update({ executionId: undefined, timestamp: iso(NOW) }));
    expect(a.execution?.executionId).toBe(b.execution?.executionId);
    expect(a.execution?.executionId).toContain('ord-1');
  });

  it('status messages map to order events and carry no execution', () => {
    expect(newsFromTradeUpdate(update({ event: 'new' }, { status: 'new', filledQty: dec(0) }))).toEqual({ event: 'accepted', execution: undefined });
    expect(newsFromTradeUpdate(update({ event: 'canceled' })).event).toBe('canceled');
    expect(newsFromTradeUpdate(update({ event: 'order_cancel_rejected' })).event).toBe('cancel_rejected');
    expect(newsFromTradeUpdate(update({ event: 'pending_new' })).event).toBeUndefined();
  });

  it('the same fill seen on the stream and then by a poll is booked once', () => {
    const order = { ...newOrder({ symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: dec(10), limitPrice: dec('187.50') }, 'blt-1', 1, NOW - 5_000), brokerOrderId: 'ord-1' };
    const streamed = applyExecution(order, newsFromTradeUpdate(update({})).execution!);
    expect(streamed.kind).toBe('applied');
    if (streamed.kind !== 'applied') return;
    const polledAgain = newsFromBrokerOrder(update({}).order, 'poll', NOW).execution!;
    expect(applyExecution(streamed.order, polledAgain).kind).toBe('stale');
  });
});
