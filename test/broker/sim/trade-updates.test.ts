import { describe, expect, it } from 'vitest';
import { applyTrade, emptyPortfolio } from '../../../src/domain/portfolio.js';
import { percentCommission } from '../../../src/domain/costs/commission.js';
import { d, harness, setAapl, str } from './helpers.js';

describe('sim trade updates', () => {
  it('carries a unique execution id, this execution, the position after it and the cumulative order', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '60', bid: '1000' });
    await h.submit({ side: 'buy', qty: d(100) });
    h.settle();
    setAapl(h.sim, '100.00', '100.04', { ask: '1000', bid: '1000' });
    h.settle(30);
    // A long is sold to zero, and the short is a sale of its own (a sale may not carry it through zero).
    await h.submit({ side: 'sell', qty: d(100) });
    h.settle();
    await h.submit({ side: 'sell', qty: d(50) });
    h.settle();
    const fills = h.updates.filter((u) => u.executionId !== undefined);
    expect(fills.map((u) => [u.event, str(u.qty), str(u.price), str(u.positionQty), str(u.order.filledQty)])).toEqual([
      ['partial_fill', '60', '100.02', '60', '60'],
      ['fill', '40', '100.04', '100', '100'],
      ['fill', '100', '100', '0', '100'],
      ['fill', '50', '100', '-50', '50'],
    ]);
    expect(new Set(fills.map((u) => u.executionId)).size).toBe(4);
    expect(str(fills[1]?.order.filledAvgPrice)).toBe(d('60').times('100.02').plus(d(40).times('100.04')).div(100).toString());
    expect(fills.every((u) => u.commission !== undefined)).toBe(true);
    const acks = h.updates.filter((u) => u.event === 'new');
    expect(acks.every((u) => u.executionId === undefined && u.positionQty === undefined)).toBe(true);
  });

  it('sends each update to every subscriber until it unsubscribes', async () => {
    const h = harness();
    const second: string[] = [];
    const stop = h.sim.subscribeTradeUpdates((u) => second.push(u.event));
    await h.submit({ side: 'buy', qty: d(1) });
    h.clock.advance(20);
    stop();
    h.clock.advance(30);
    expect(second).toEqual(['new']);
    expect(h.events()).toEqual(['new', 'fill']);
  });

  it('keeps going when a subscriber throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const h = harness({ onSubscriberError: (e) => errors.push(e) });
    h.sim.subscribeTradeUpdates(() => {
      throw new Error('bad subscriber');
    });
    const late: string[] = [];
    h.sim.subscribeTradeUpdates((u) => late.push(u.event));
    await h.submit({ side: 'buy', qty: d(1) });
    h.settle();
    expect(late).toEqual(['new', 'fill']);
    expect(errors).toHaveLength(2);
  });
});

describe('sim ledger and account', () => {
  it('cash and positions after a sequence of trades equal the hand-computed figures', async () => {
    const h = harness({ commission: percentCommission('0.1') });
    setAapl(h.sim, '100.00', '100.02', { ask: '1000', bid: '1000' });
    await h.submit({ side: 'buy', qty: d(100) });
    h.settle();
    setAapl(h.sim, '101.00', '101.03', { ask: '1000', bid: '1000' });
    await h.submit({ side: 'buy', qty: d(50) });
    h.settle();
    setAapl(h.sim, '102.00', '102.02', { ask: '1000', bid: '1000', last: '102.01' });
    await h.submit({ side: 'sell', qty: d(120) });
    h.settle();

    // Buys: 100 × 100.02 = 10,002.00 (fee 10.00), 50 × 101.03 = 5,051.50 (fee 5.05);
    // sell 120 × 102.00 = 12,240.00 (fee 12.24).
    // 100,000 − 10,002 − 5,051.50 + 12,240 − (10.00 + 5.05 + 12.24) = 97,159.21.
    const ledger = h.sim.ledger();
    expect(str(ledger.cash)).toBe('97159.21');
    const position = ledger.positions['AAPL'];
    expect(str(position?.qty)).toBe('30');
    // Average cost 15,053.50 / 150; 120 sold at 102.00 realize 12,240 − 120 × that average.
    const average = d('15053.5').div(150);
    expect(str(position?.avgCost)).toBe(str(average));
    expect(str(position?.realizedPnl)).toBe(str(d(12240).minus(average.times(120))));

    const account = await h.sim.getAccount();
    expect(str(account.equity)).toBe(str(d('97159.21').plus(d(30).times('102.01'))));
    expect(str(account.lastEquity)).toBe('100000');
    expect(account.currency).toBe('USD');
    const positions = await h.sim.getPositions();
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: 'AAPL' });
    expect(str(positions[0]?.marketValue)).toBe(str(d(30).times('102.01')));
  });

  it('books fills with the domain accounting, so a local view replaying them agrees exactly', async () => {
    const h = harness({ commission: percentCommission('0.05') });
    setAapl(h.sim, '100.00', '100.02', { ask: '70', bid: '90' });
    await h.submit({ side: 'buy', qty: d(200) });
    h.settle();
    for (const [bid, ask] of [['100.05', '100.07'], ['99.90', '99.93'], ['100.10', '100.11']] as const) {
      setAapl(h.sim, bid, ask, { ask: '70', bid: '90' });
      h.settle(30);
    }
    // The long is sold to zero first; the short is a sale of its own.
    await h.submit({ side: 'sell', qty: d(200), timeInForce: 'day' });
    for (let i = 0; i < 3; i++) {
      setAapl(h.sim, '100.20', '100.22', { ask: '70', bid: '90' });
      h.settle();
    }
    await h.submit({ side: 'sell', qty: d(50), timeInForce: 'day' });
    setAapl(h.sim, '100.20', '100.22', { ask: '70', bid: '90' });
    h.settle();
    const ledger = h.sim.ledger();
    const replayed = ledger.fills.reduce((p, f) => applyTrade(p, f), emptyPortfolio(d(100000)));
    expect(str(replayed.cash)).toBe(str(ledger.cash));
    expect(str(replayed.positions['AAPL']?.qty)).toBe('-50');
    expect(str(ledger.positions['AAPL']?.qty)).toBe('-50');
    expect(ledger.fills.length).toBeGreaterThan(4);
    const orderFills = h.updates.filter((u) => u.executionId !== undefined).map((u) => u.executionId);
    expect(orderFills).toEqual(ledger.fills.map((f) => f.executionId));
  });

  it('lists orders newest first, filtered by status, symbol, time and limit', async () => {
    const h = harness();
    const first = await h.submit({ side: 'buy', qty: d(1) });
    h.settle();
    h.clock.advance(1000);
    const second = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(1) });
    const third = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('300.00'), qty: d(1), symbol: 'MSFT' });
    h.settle();
    const ids = async (query: Parameters<typeof h.sim.listOrders>[0]) => (await h.sim.listOrders(query)).map((o) => o.id);
    expect(await ids({ status: 'all' })).toEqual([third.id, second.id, first.id]);
    expect(await ids({ status: 'open' })).toEqual([third.id, second.id]);
    expect(await ids({ status: 'closed' })).toEqual([first.id]);
    expect(await ids({ status: 'all', symbols: ['AAPL'] })).toEqual([second.id, first.id]);
    expect(await ids({ status: 'all', after: first.submittedAt })).toEqual([third.id, second.id]);
    expect(await ids({ status: 'all', limit: 1 })).toEqual([third.id]);
    await expect(h.sim.listOrders({ status: 'all', limit: 0 })).rejects.toMatchObject({ status: 422 });
  });

  it('reports a clock that is always open, tradable symbols and a healthy connection', async () => {
    const h = harness();
    expect(await h.sim.getClock()).toEqual({ timestamp: new Date(h.clock.now()).toISOString(), isOpen: true });
    expect(await h.sim.isTradable('aapl')).toBe(true);
    expect(await h.sim.isTradable('ZZZZ')).toBe(false);
    expect(h.sim.connection()).toEqual({ rest: 'ok', stream: 'ok' });
    expect(h.sim.mode).toBe('sim');
  });
});
