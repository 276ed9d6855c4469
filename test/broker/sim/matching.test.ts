import { describe, expect, it } from 'vitest';
import type { BrokerOrder } from '../../../src/broker/port.js';
import type { SimQuote } from '../../../src/broker/sim/market-feed.js';
import { capAtLimit, executablePrice, notionalQty, trackTrigger, trailingStopPrice } from '../../../src/broker/sim/matching.js';
import { ACK, FILL, d, harness, setAapl, str } from './helpers.js';

const quote: SimQuote = {
  symbol: 'AAPL',
  bid: d('100.00'),
  ask: d('100.02'),
  bidSize: d(500),
  askSize: d(500),
  last: d('100.01'),
  prevClose: d('99.00'),
  timestamp: '2026-01-05T15:00:00.000Z',
};

function order(fields: Partial<BrokerOrder>): BrokerOrder {
  return {
    id: 'o',
    clientOrderId: 'c',
    orderClass: 'simple',
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    qty: d(10),
    status: 'new',
    filledQty: d(0),
    createdAt: '',
    updatedAt: '',
    submittedAt: '',
    ...fields,
  };
}

describe('matching rules', () => {
  it('takes the ask for a buy and the bid for a sell', () => {
    expect(str(executablePrice(order({ side: 'buy' }), false, quote))).toBe('100.02');
    expect(str(executablePrice(order({ side: 'sell' }), false, quote))).toBe('100');
  });

  it('trades a limit only when the quote reaches it, at the quote', () => {
    expect(str(executablePrice(order({ type: 'limit', limitPrice: d('100.05') }), false, quote))).toBe('100.02');
    expect(executablePrice(order({ type: 'limit', limitPrice: d('100.01') }), false, quote)).toBeUndefined();
    expect(str(executablePrice(order({ side: 'sell', type: 'limit', limitPrice: d('99.90') }), false, quote))).toBe('100');
    expect(executablePrice(order({ side: 'sell', type: 'limit', limitPrice: d('100.01') }), false, quote)).toBeUndefined();
  });

  it('never lets slippage push a fill past the limit', () => {
    const buy = order({ type: 'limit', limitPrice: d('100.05') });
    expect(str(capAtLimit(buy, d('100.10')))).toBe('100.05');
    expect(str(capAtLimit(buy, d('100.03')))).toBe('100.03');
    const sell = order({ side: 'sell', type: 'limit', limitPrice: d('99.95') });
    expect(str(capAtLimit(sell, d('99.90')))).toBe('99.95');
    expect(str(capAtLimit(order({}), d('101')))).toBe('101');
  });

  it('holds stops until the last trade reaches the stop', () => {
    const buyStop = order({ type: 'stop', stopPrice: d('100.05') });
    expect(executablePrice(buyStop, false, quote)).toBeUndefined();
    expect(trackTrigger(buyStop, false, quote).triggered).toBe(false);
    expect(trackTrigger(buyStop, false, { ...quote, last: d('100.05') }).triggered).toBe(true);
    expect(str(executablePrice(buyStop, true, quote))).toBe('100.02');
    const sellStop = order({ side: 'sell', type: 'stop', stopPrice: d('99.50') });
    expect(trackTrigger(sellStop, false, { ...quote, last: d('99.51') }).triggered).toBe(false);
    expect(trackTrigger(sellStop, false, { ...quote, last: d('99.50') }).triggered).toBe(true);
  });

  it('keeps a stop triggered once hit', () => {
    const stop = order({ type: 'stop', stopPrice: d('100.05') });
    expect(trackTrigger(stop, true, quote).triggered).toBe(true);
  });

  it('trails a sell stop below the high-water mark and a buy stop above the low', () => {
    const sell = order({ side: 'sell', type: 'trailing_stop', trailPrice: d('1.00') });
    const first = trackTrigger(sell, false, quote);
    expect([str(first.hwm), str(first.stopPrice), first.triggered]).toEqual(['100.01', '99.01', false]);
    const higher = trackTrigger({ ...sell, hwm: first.hwm }, false, { ...quote, last: d('102.00') });
    expect([str(higher.hwm), str(higher.stopPrice)]).toEqual(['102', '101']);
    const dip = trackTrigger({ ...sell, hwm: higher.hwm }, false, { ...quote, last: d('101.50') });
    expect([str(dip.hwm), dip.triggered]).toEqual(['102', false]);
    expect(trackTrigger({ ...sell, hwm: higher.hwm }, false, { ...quote, last: d('101.00') }).triggered).toBe(true);

    const buy = order({ side: 'buy', type: 'trailing_stop', trailPercent: d('2') });
    expect(str(trailingStopPrice(buy, d('100.00')))).toBe('102');
    const lower = trackTrigger({ ...buy, hwm: d('100.00') }, false, { ...quote, last: d('99.00') });
    expect([str(lower.hwm), str(lower.stopPrice), lower.triggered]).toEqual(['99', '100.98', false]);
  });

  it('rounds a percentage trail to a tick', () => {
    const sell = order({ side: 'sell', type: 'trailing_stop', trailPercent: d('1.5') });
    expect(str(trailingStopPrice(sell, d('187.42')))).toBe('184.61');
  });

  it('sizes dollar orders down to nine decimal places', () => {
    expect(str(notionalQty(d(500), d('187.43')))).toBe('2.667662594');
    expect(str(notionalQty(d(100), d('100.00')))).toBe('1');
  });
});

describe('sim matching per order type', () => {
  it('fills a market buy at the ask and a market sell at the bid', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    await h.submit({ side: 'sell', qty: d(4) });
    h.settle();
    expect(h.updates.filter((u) => u.event === 'fill').map((u) => [str(u.price), str(u.qty)])).toEqual([
      ['100.02', '10'],
      ['100', '4'],
    ]);
  });

  it('fills a marketable limit at the quote, not at the limit', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('101.00'), qty: d(10) });
    h.settle();
    expect(str((await h.sim.getOrder(order.id)).filledAvgPrice)).toBe('100.02');
  });

  it('rests a limit that is not marketable and fills it when a later quote crosses it', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.50'), qty: d(10), timeInForce: 'gtc' });
    h.clock.advance(1000);
    expect(h.events()).toEqual(['new']);
    setAapl(h.sim, '99.60', '99.62');
    h.clock.advance(1000);
    expect(h.events()).toEqual(['new']);
    setAapl(h.sim, '99.45', '99.48');
    h.clock.advance(FILL - 1);
    expect(h.events()).toEqual(['new']);
    h.clock.advance(1);
    expect(h.events()).toEqual(['new', 'fill']);
    expect(str((await h.sim.getOrder(order.id)).filledAvgPrice)).toBe('99.48');
  });

  it('does not fill when the quote has moved away by the time of execution', async () => {
    const h = harness();
    await h.submit({ side: 'buy', type: 'limit', limitPrice: d('100.02'), qty: d(10) });
    h.clock.advance(ACK);
    setAapl(h.sim, '100.10', '100.12');
    h.clock.advance(FILL);
    expect(h.events()).toEqual(['new']);
  });

  it('fills a sell limit when the bid rises to it', async () => {
    const h = harness();
    await h.submit({ side: 'sell', type: 'limit', limitPrice: d('100.50'), qty: d(10) });
    h.settle();
    setAapl(h.sim, '100.55', '100.57');
    h.settle(FILL);
    expect(h.updates.at(-1)).toMatchObject({ event: 'fill' });
    expect(str(h.updates.at(-1)?.price)).toBe('100.55');
  });

  it('triggers a stop on the last trade and fills it as a market order', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'stop', stopPrice: d('101.00'), qty: d(10) });
    h.settle();
    setAapl(h.sim, '100.90', '100.92', { last: '100.99' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new']);
    setAapl(h.sim, '101.00', '101.03', { last: '101.01' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new', 'fill']);
    expect(str((await h.sim.getOrder(order.id)).filledAvgPrice)).toBe('101.03');
  });

  it('fills a triggered stop-limit only within its limit', async () => {
    const h = harness();
    const order = await h.submit({ side: 'sell', type: 'stop_limit', stopPrice: d('99.00'), limitPrice: d('98.90'), qty: d(10) });
    h.settle();
    setAapl(h.sim, '98.80', '98.85', { last: '98.85' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new']);
    setAapl(h.sim, '98.95', '98.97', { last: '98.96' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new', 'fill']);
    expect(str((await h.sim.getOrder(order.id)).filledAvgPrice)).toBe('98.95');
  });

  it('tracks a trailing stop through the market and fills when it falls back by the trail', async () => {
    const h = harness();
    const order = await h.submit({ side: 'sell', type: 'trailing_stop', trailPrice: d('0.50'), qty: d(10) });
    h.settle();
    expect(str((await h.sim.getOrder(order.id)).hwm)).toBe('100');
    setAapl(h.sim, '101.00', '101.02', { last: '101.00' });
    setAapl(h.sim, '100.60', '100.62', { last: '100.60' });
    h.settle(FILL);
    const tracking = await h.sim.getOrder(order.id);
    expect([str(tracking.hwm), str(tracking.stopPrice), tracking.status]).toEqual(['101', '100.5', 'new']);
    setAapl(h.sim, '100.48', '100.50', { last: '100.49' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new', 'fill']);
    expect(str((await h.sim.getOrder(order.id)).filledAvgPrice)).toBe('100.48');
  });
});

describe('sim partial fills against displayed size', () => {
  it('fills the displayed size now and the rest on later quotes', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '300' });
    const order = await h.submit({ side: 'buy', qty: d(700) });
    h.settle();
    expect(h.events()).toEqual(['new', 'partial_fill']);
    expect((await h.sim.getOrder(order.id)).status).toBe('partially_filled');
    h.clock.advance(1000);
    expect(h.events()).toEqual(['new', 'partial_fill']);
    setAapl(h.sim, '100.01', '100.03', { ask: '200' });
    h.settle(FILL);
    setAapl(h.sim, '100.02', '100.04', { ask: '800' });
    h.settle(FILL);
    expect(h.events()).toEqual(['new', 'partial_fill', 'partial_fill', 'fill']);
    expect(h.updates.slice(1).map((u) => [str(u.qty), str(u.price), str(u.order.filledQty)])).toEqual([
      ['300', '100.02', '300'],
      ['200', '100.03', '500'],
      ['200', '100.04', '700'],
    ]);
    const filled = await h.sim.getOrder(order.id);
    // (300 × 100.02 + 200 × 100.03 + 200 × 100.04) / 700
    expect(str(filled.filledAvgPrice)).toBe(d('70020').div(700).toString());
  });

  it('shares the displayed size between orders: what one takes the next cannot', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '300' });
    await h.submit({ side: 'buy', qty: d(200) });
    await h.submit({ side: 'buy', qty: d(200) });
    h.settle();
    expect(h.updates.filter((u) => u.qty !== undefined).map((u) => str(u.qty))).toEqual(['200', '100']);
  });
});

describe('sim dollar and fractional orders', () => {
  it('buys a notional amount as a fractional quantity rounded down to 9 places', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', notional: d(500) });
    expect(order.qty).toBeUndefined();
    expect(str(order.notional)).toBe('500');
    h.settle();
    const fill = h.updates.at(-1);
    expect(fill?.event).toBe('fill');
    expect(str(fill?.qty)).toBe(d(500).div('100.02').toDecimalPlaces(9, 1).toString());
    expect(str(fill?.order.filledQty)).toBe(str(fill?.qty));
  });

  it('fills a fractional market day order', async () => {
    const h = harness();
    await h.submit({ side: 'buy', qty: d('0.5') });
    h.settle();
    expect(str(h.updates.at(-1)?.qty)).toBe('0.5');
    expect(str(h.sim.ledger().positions['AAPL']?.qty)).toBe('0.5');
  });
});
