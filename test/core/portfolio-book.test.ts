import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/order-types.js';
import { applyPortfolioChange, applyTrade, emptyPortfolio, type Portfolio, type PortfolioChange, type Trade } from '../../src/domain/portfolio.js';
import { PortfolioBook } from '../../src/core/portfolio-book.js';

function trade(side: Side, qty: string, symbol: string, price: string, commission = '0'): Trade {
  return { symbol, side, qty: dec(qty), price: dec(price), commission: dec(commission) };
}

const TRADES = [
  trade('buy', '10', 'AAPL', '187.44', '1'),
  trade('buy', '5', 'MSFT', '412.10'),
  trade('sell', '4', 'AAPL', '188.02', '0.5'),
  trade('sell', '5', 'MSFT', '410.00'),
  trade('sell', '10', 'TSLA', '240.00'),
];

function asText(portfolio: Portfolio): Record<string, string> {
  const text: Record<string, string> = { cash: portfolio.cash.toString() };
  for (const p of Object.values(portfolio.positions)) {
    text[p.symbol] = `${p.qty.toString()} @ ${p.avgCost.toString()} realized ${p.realizedPnl.toString()}`;
  }
  return text;
}

describe('the portfolio book', () => {
  it('books fills to the same cash and positions as applyTrade on a portfolio value', () => {
    const start = emptyPortfolio(dec('100000'));
    const book = new PortfolioBook(start);
    for (const t of TRADES) book.book(t);
    expect(asText(book.portfolio())).toEqual(asText(TRADES.reduce(applyTrade, start)));
  });

  it('applies a change as applyPortfolioChange does: a partial one over the positions, a whole one in place of them', () => {
    const held = TRADES.reduce(applyTrade, emptyPortfolio(dec('100000')));
    const aapl = held.positions['AAPL'];
    if (aapl === undefined) throw new Error('AAPL was bought');
    const partial: PortfolioChange = { cash: dec('5'), positions: [{ ...aapl, qty: dec('1') }] };
    const whole: PortfolioChange = { cash: dec('7'), positions: [aapl], whole: true };
    for (const change of [partial, whole]) {
      const book = new PortfolioBook(held);
      expect(book.apply(change)).toBe(change);
      expect(asText(book.portfolio())).toEqual(asText(applyPortfolioChange(held, change)));
      expect(book.symbols().sort()).toEqual(Object.keys(applyPortfolioChange(held, change).positions).sort());
    }
  });

  it('takes a whole portfolio in place of its own, dropping positions the new one lacks', () => {
    const book = new PortfolioBook(TRADES.reduce(applyTrade, emptyPortfolio(dec('100000'))));
    const before = book.portfolio();
    const replacement = applyTrade(emptyPortfolio(dec('500')), trade('buy', '2', 'NVDA', '120.00'));
    const change = book.replace(replacement);
    expect(change.whole).toBe(true);
    expect(book.position('AAPL')).toBeUndefined();
    expect(book.symbols()).toEqual(['NVDA']);
    expect(asText(book.portfolio())).toEqual(asText(replacement));
    expect(book.portfolio()).not.toBe(before);
  });
});
