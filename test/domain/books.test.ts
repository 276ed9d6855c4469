import { describe, expect, it } from 'vitest';
import { carryForward, openingBalances } from '../../src/domain/books.js';
import { ZERO, dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { openingPortfolio } from '../../src/domain/portfolio.js';

const fill: Fill = {
  executionId: 'x-1',
  clientOrderId: 'blt-1',
  orderSeq: 1,
  symbol: 'AAPL',
  side: 'buy',
  qty: dec(2),
  price: dec('100.50'),
  commission: ZERO,
  at: 1_000,
};

describe('balances brought forward', () => {
  it('keep when the books opened as archived fills move into them', () => {
    const brought = { cash: dec(1_000), positions: { AAPL: dec(10) }, openedAt: 500 };
    expect(carryForward(brought, [fill], [])).toEqual({ cash: dec(799), positions: { AAPL: dec(12) }, openedAt: 500 });
  });

  it('of books opened on an account’s positions are those positions and its cash, less what was booked since', () => {
    const portfolio = openingPortfolio(dec(799), [{ symbol: 'AAPL', qty: dec(12), avgCost: dec('100.10') }]);
    expect(openingBalances(portfolio, [fill], [])).toEqual({ cash: dec(1_000), positions: { AAPL: dec(10) } });
  });
});
