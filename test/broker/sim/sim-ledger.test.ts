import { describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../../src/domain/decimal.js';
import type { Side } from '../../../src/domain/order-types.js';
import type { LedgerFill } from '../../../src/broker/controls.js';
import { SimLedger, type Mark } from '../../../src/broker/sim/sim-ledger.js';

let executions = 0;

function fill(side: Side, qty: string, price: string, extra: Partial<LedgerFill> = {}): LedgerFill {
  executions += 1;
  return {
    executionId: `x-${executions}`,
    orderId: `o-${executions}`,
    clientOrderId: `c-${executions}`,
    symbol: 'AAPL',
    side,
    qty: dec(qty),
    price: dec(price),
    commission: dec(0),
    at: '2026-01-05T15:00:00.000Z',
    ...extra,
  };
}

function fresh(cash = '100000'): SimLedger {
  return new SimLedger({ cash: dec(cash), positions: {} }, [], dec(cash));
}

function booked(fills: readonly LedgerFill[], ledger = fresh()): SimLedger {
  for (const f of fills) ledger.book(f);
  return ledger;
}

function holding(ledger: SimLedger, symbol = 'AAPL'): { qty: string; avg: string; realized: string } {
  const p = ledger.positions()[symbol];
  if (p === undefined) throw new Error(`no ${symbol} position`);
  return { qty: p.qty.toString(), avg: p.avgCost.toString(), realized: p.realizedPnl.toString() };
}

const at = (prices: Record<string, string>): Mark => (symbol) => (prices[symbol] === undefined ? undefined : dec(prices[symbol]));
const s = (value: Decimal): string => value.toString();

describe('sim ledger: average entry price', () => {
  it('opens at the fill price and averages the opening fills by weight', () => {
    const ledger = booked([fill('buy', '10', '100'), fill('buy', '30', '104')]);
    expect(holding(ledger)).toEqual({ qty: '40', avg: '103', realized: '0' });
  });

  it('keeps the average exactly as it was through a partial close, and realizes the difference', () => {
    const ledger = booked([fill('buy', '10', '100'), fill('buy', '5', '110')]);
    const average = ledger.positions()['AAPL']?.avgCost;
    expect(average?.toString()).toMatch(/^103\.3{30,}/);
    ledger.book(fill('sell', '6', '120'));
    expect(ledger.positions()['AAPL']?.avgCost).toEqual(average);
    expect(holding(ledger).qty).toBe('9');
    expect(holding(ledger).realized).toBe('100');
    ledger.book(fill('sell', '9', '100'));
    expect(holding(ledger)).toEqual({ qty: '0', avg: '0', realized: '70' });
  });

  it('averages a top-up after a partial close over what is still held', () => {
    const ledger = booked([fill('buy', '10', '100'), fill('sell', '4', '90'), fill('buy', '4', '110')]);
    expect(holding(ledger)).toEqual({ qty: '10', avg: '104', realized: '-40' });
  });

  it('a short: opens at the sale price, a partial cover keeps the average and realizes the fall', () => {
    const ledger = booked([fill('sell', '10', '50'), fill('sell', '10', '60'), fill('buy', '5', '40')]);
    expect(holding(ledger)).toEqual({ qty: '-15', avg: '55', realized: '75' });
  });
});

describe('sim ledger: crossing through zero', () => {
  it('long to short: the long closes in full and the rest opens short at the fill price', () => {
    const ledger = booked([fill('buy', '10', '100'), fill('sell', '25', '105')]);
    expect(holding(ledger)).toEqual({ qty: '-15', avg: '105', realized: '50' });
    expect(s(ledger.cash())).toBe('101625');
  });

  it('short to long: the short is covered and the rest opens long at the fill price', () => {
    const ledger = booked([fill('sell', '4', '20'), fill('sell', '6', '25'), fill('buy', '12', '22')]);
    expect(holding(ledger)).toEqual({ qty: '2', avg: '22', realized: '10' });
  });

  it('a flat position stays listed with what it realized, and opens afresh at the next fill', () => {
    const ledger = booked([fill('buy', '3', '10'), fill('sell', '3', '12')]);
    expect(holding(ledger)).toEqual({ qty: '0', avg: '0', realized: '6' });
    expect(ledger.brokerPositions(at({ AAPL: '12' }))).toEqual([]);
    ledger.book(fill('buy', '2', '11'));
    expect(holding(ledger)).toEqual({ qty: '2', avg: '11', realized: '6' });
  });
});

describe('sim ledger: fractional shares', () => {
  it('books fractions of a share exactly', () => {
    const ledger = booked([fill('buy', '0.5', '187.42'), fill('buy', '0.25', '188.02'), fill('sell', '0.125', '190')]);
    expect(holding(ledger).qty).toBe('0.625');
    expect(holding(ledger).avg).toBe('187.62');
    expect(holding(ledger).realized).toBe('0.2975');
    expect(s(ledger.cash())).toBe('99883.035');
  });

  it('a dollar-sized fill of an odd fraction leaves cash exact to the last digit', () => {
    const ledger = booked([fill('buy', '2.668089647', '187.42', { commission: dec('0.01') })]);
    expect(s(ledger.cash())).toBe('99499.93663835926');
  });
});

describe('sim ledger: cash, account and positions', () => {
  it('moves cash by the value of each fill and takes the commission either way', () => {
    const ledger = booked([fill('buy', '10', '100', { commission: dec('1.25') }), fill('sell', '4', '101', { commission: dec('0.75') })]);
    expect(s(ledger.cash())).toBe('99402');
  });

  it('values equity at the mark, and an unmarked position at what it cost', () => {
    const ledger = booked([fill('buy', '10', '100'), fill('sell', '5', '40', { symbol: 'MSFT' })]);
    const marked = ledger.valuation(at({ AAPL: '103', MSFT: '42' }));
    expect(s(marked.equity)).toBe('100020');
    expect(s(marked.longMarketValue)).toBe('1030');
    expect(s(marked.shortMarketValue)).toBe('-210');
    expect(s(marked.unrealizedPnl)).toBe('20');
    const unmarked = ledger.valuation(at({}));
    expect(s(unmarked.equity)).toBe('100000');
    expect(s(unmarked.unrealizedPnl)).toBe('0');
  });

  it('buying power is leverage × equity less gross exposure and what orders hold, never below zero', () => {
    const ledger = booked([fill('buy', '100', '100'), fill('sell', '50', '40', { symbol: 'MSFT' })], fresh('20000'));
    const account = ledger.account(at({ AAPL: '110', MSFT: '40' }), dec(2), dec('500'));
    expect(s(account.equity)).toBe('21000');
    expect(s(account.buyingPower)).toBe('28500');
    expect(s(ledger.account(at({ AAPL: '110', MSFT: '40' }), dec(1), dec('50000')).buyingPower)).toBe('0');
  });

  it('lists open positions as Alpaca does, unrealized P&L against the cost', () => {
    const ledger = booked([fill('sell', '10', '50'), fill('buy', '3', '20', { symbol: 'MSFT' })]);
    const listed = ledger.brokerPositions(at({ AAPL: '48' }));
    const figures = listed.map((p) => [p.symbol, p.qty, p.avgEntryPrice, p.currentPrice, p.marketValue, p.unrealizedPl].map(String));
    expect(figures).toEqual([
      ['AAPL', '-10', '50', '48', '-480', '20'],
      ['MSFT', '3', '20', '20', '60', '0'],
    ]);
  });

  it('returns the position after the fill, and tells of every booking', () => {
    const heard: string[] = [];
    const changed = { booked: (symbol: string) => heard.push(symbol), accountChanged: () => heard.push('account') };
    const ledger = new SimLedger({ cash: dec(1000), positions: {} }, [], dec(1000), changed);
    expect(s(ledger.book(fill('sell', '2', '10')))).toBe('-2');
    ledger.rollDay(at({ AAPL: '11' }));
    expect(heard).toEqual(['AAPL', 'account']);
    expect(s(ledger.lastEquity())).toBe('998');
  });

  it('refuses a fill of nothing, naming it', () => {
    const nothing = fill('buy', '0', '100', { executionId: 'x-zero' });
    expect(() => fresh().book(nothing)).toThrow('cannot book execution x-zero: qty 0 must be greater than 0');
  });
});

describe('sim ledger: history', () => {
  it('carries on from restored books: the fills are indexed, not booked again', () => {
    const history = [fill('buy', '10', '100', { orderId: 'o-old' })];
    const ledger = new SimLedger(
      { cash: dec(99000), positions: { AAPL: { symbol: 'AAPL', qty: dec(10), avgCost: dec(100), realizedPnl: dec(0) } } },
      history,
      dec(100000),
    );
    expect(ledger.orderFills('o-old')).toEqual(history);
    expect(s(ledger.cash())).toBe('99000');
    ledger.book(fill('sell', '4', '110'));
    expect(holding(ledger)).toEqual({ qty: '6', avg: '100', realized: '40' });
    expect(s(ledger.positions()['AAPL']?.costBasis ?? dec(-1))).toBe('600');
  });

  it('forgets the executions of archived orders and keeps the rest in order', () => {
    const ledger = booked([
      fill('buy', '1', '10', { orderId: 'a' }),
      fill('buy', '1', '11', { orderId: 'b' }),
      fill('buy', '1', '12', { orderId: 'a' }),
    ]);
    ledger.forget(new Set(['a']));
    expect(ledger.fills().map((f) => f.orderId)).toEqual(['b']);
    expect(ledger.orderFills('a')).toEqual([]);
    expect(holding(ledger).qty).toBe('3');
  });

  it('hands out positions that later bookings do not change', () => {
    const ledger = booked([fill('buy', '1', '10')]);
    const before = ledger.positions();
    ledger.book(fill('buy', '1', '12'));
    expect(s(before['AAPL']?.qty ?? dec(0))).toBe('1');
  });
});
