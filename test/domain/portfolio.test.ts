import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZERO, dec, maxDec, sumDec, type Decimal } from '../../src/domain/decimal.js';
import { applyExecution, type ExecutionReport } from '../../src/domain/fill.js';
import { applyOrderEvent, newOrder, type Order } from '../../src/domain/order.js';
import type { Side } from '../../src/domain/order-types.js';
import {
  applyTrade,
  buyingPower,
  emptyPortfolio,
  openingPortfolio,
  valuePortfolio,
  type Portfolio,
  type Trade,
  type Valuation,
} from '../../src/domain/portfolio.js';

const START = dec('100000');

function trade(side: Side, qty: string, symbol: string, price: string, commission = '0'): Trade {
  return { symbol, side, qty: dec(qty), price: dec(price), commission: dec(commission) };
}

function book(trades: readonly Trade[], cash: Decimal = START): Portfolio {
  return trades.reduce(applyTrade, emptyPortfolio(cash));
}

function marks(prices: Record<string, string>): (symbol: string) => Decimal | undefined {
  return (symbol) => (prices[symbol] === undefined ? undefined : dec(prices[symbol]));
}

function valuation(fields: Record<keyof Valuation, string>): Valuation {
  return {
    equity: dec(fields.equity),
    longMarketValue: dec(fields.longMarketValue),
    shortMarketValue: dec(fields.shortMarketValue),
    unrealizedPnl: dec(fields.unrealizedPnl),
    realizedPnl: dec(fields.realizedPnl),
  };
}

function asText(v: Valuation): Record<keyof Valuation, string> {
  return {
    equity: v.equity.toString(),
    longMarketValue: v.longMarketValue.toString(),
    shortMarketValue: v.shortMarketValue.toString(),
    unrealizedPnl: v.unrealizedPnl.toString(),
    realizedPnl: v.realizedPnl.toString(),
  };
}

describe('emptyPortfolio()', () => {
  it('holds the starting cash and no positions', () => {
    const portfolio = emptyPortfolio(START);
    expect(portfolio.cash.toString()).toBe('100000');
    expect(portfolio.positions).toEqual({});
  });
});

describe('openingPortfolio()', () => {
  it('holds the account’s cash and holdings at their entry prices, nothing realized, flat ones left out', () => {
    const portfolio = openingPortfolio(dec('98123.45'), [
      { symbol: 'AAPL', qty: dec(10), avgCost: dec('187.44') },
      { symbol: 'TSLA', qty: dec(-3), avgCost: dec('250.10') },
      { symbol: 'MSFT', qty: ZERO, avgCost: dec('410.05') },
    ]);
    expect(portfolio).toEqual({
      cash: dec('98123.45'),
      positions: {
        AAPL: { symbol: 'AAPL', qty: dec(10), avgCost: dec('187.44'), realizedPnl: ZERO },
        TSLA: { symbol: 'TSLA', qty: dec(-3), avgCost: dec('250.10'), realizedPnl: ZERO },
      },
    });
    // Selling what was brought realizes against the entry price.
    expect(applyTrade(portfolio, { symbol: 'AAPL', side: 'sell', qty: dec(4), price: dec('190.44'), commission: ZERO }).positions.AAPL?.realizedPnl).toEqual(dec(12));
  });
});

describe('applyTrade()', () => {
  it('a buy pays the notional and the commission out of cash', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '187.42', '1')]);
    expect(portfolio.cash.toString()).toBe('98124.8'); // 100000 − 1874.20 − 1
    expect(portfolio.positions.AAPL?.qty.toString()).toBe('10');
    expect(portfolio.positions.AAPL?.avgCost.toString()).toBe('187.42');
  });

  it('a sale receives the notional less the commission', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '100', '1'), trade('sell', '10', 'AAPL', '110', '1')]);
    expect(portfolio.cash.toString()).toBe('100098'); // −1000 − 1 + 1100 − 1
    expect(portfolio.positions.AAPL?.realizedPnl.toString()).toBe('100');
  });

  it('a short sale credits cash', () => {
    const portfolio = book([trade('sell', '5', 'MSFT', '412.1', '0.5')]);
    expect(portfolio.cash.toString()).toBe('102060');
    expect(portfolio.positions.MSFT?.qty.toString()).toBe('-5');
  });

  it('cash is exact to the cent over many small trades', () => {
    const trades = Array.from({ length: 100 }, () => trade('buy', '1', 'F', '0.1', '0.01'));
    expect(book(trades).cash.toString()).toBe('99989'); // 100000 − 100 × (0.10 + 0.01)
  });

  it('keeps symbols apart', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '100'), trade('sell', '3', 'MSFT', '400'), trade('buy', '2', 'AAPL', '106')]);
    expect(portfolio.positions.AAPL?.qty.toString()).toBe('12');
    expect(portfolio.positions.AAPL?.avgCost.toString()).toBe('101');
    expect(portfolio.positions.MSFT?.qty.toString()).toBe('-3');
    expect(Object.keys(portfolio.positions).sort()).toEqual(['AAPL', 'MSFT']);
  });

  it('keeps a closed position for its realized P&L', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '100'), trade('sell', '10', 'AAPL', '95')]);
    expect(portfolio.positions.AAPL?.qty.isZero()).toBe(true);
    expect(portfolio.positions.AAPL?.realizedPnl.toString()).toBe('-50');
  });

  it('does not modify the portfolio it is given', () => {
    const before = emptyPortfolio(START);
    applyTrade(before, trade('buy', '1', 'AAPL', '100'));
    expect(before.cash.toString()).toBe('100000');
    expect(before.positions).toEqual({});
  });

  it('books fractional shares', () => {
    const portfolio = book([trade('buy', '0.5', 'AAPL', '187.42'), trade('sell', '0.25', 'AAPL', '190')]);
    expect(portfolio.cash.toString()).toBe('99953.79'); // − 93.71 + 47.50
    expect(portfolio.positions.AAPL?.qty.toString()).toBe('0.25');
    expect(portfolio.positions.AAPL?.realizedPnl.toString()).toBe('0.645'); // (190 − 187.42) × 0.25
  });
});

describe('valuePortfolio()', () => {
  it('is all cash when nothing is held', () => {
    expect(asText(valuePortfolio(emptyPortfolio(START), marks({})))).toEqual({
      equity: '100000',
      longMarketValue: '0',
      shortMarketValue: '0',
      unrealizedPnl: '0',
      realizedPnl: '0',
    });
  });

  it('marks longs and shorts at the given prices', () => {
    const portfolio = book([trade('buy', '20', 'AAPL', '186.1'), trade('sell', '5', 'MSFT', '412.1'), trade('buy', '10', 'NVDA', '100'), trade('sell', '10', 'NVDA', '120')]);
    const v = valuePortfolio(portfolio, marks({ AAPL: '187.42', MSFT: '410', NVDA: '999' }));
    expect(asText(v)).toEqual({
      equity: '100236.9', // cash 98,538.50 + 3,748.40 − 2,050.00
      longMarketValue: '3748.4',
      shortMarketValue: '-2050',
      unrealizedPnl: '36.9', // 26.40 on AAPL + 10.50 on MSFT
      realizedPnl: '200', // NVDA, flat, is not marked
    });
    expect(portfolio.cash.toString()).toBe('98538.5');
  });

  it('values a position without a mark at its average cost, with nothing unrealized', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '100'), trade('buy', '5', 'AAPL', '110'), trade('sell', '2', 'MSFT', '50')]);
    const v = valuePortfolio(portfolio, marks({ MSFT: '45' }));
    expect(asText(v)).toEqual({
      equity: '100010', // 100000 − 1550 + 100 + 1550 − 90
      longMarketValue: '1550',
      shortMarketValue: '-90',
      unrealizedPnl: '10',
      realizedPnl: '0',
    });
  });

  it('equity moves with the mark by exactly the quantity held', () => {
    const portfolio = book([trade('buy', '10', 'AAPL', '100'), trade('buy', '5', 'AAPL', '110')]);
    const at110 = valuePortfolio(portfolio, marks({ AAPL: '110' }));
    const at111 = valuePortfolio(portfolio, marks({ AAPL: '111' }));
    expect(at111.equity.minus(at110.equity).toString()).toBe('15');
    expect(at110.unrealizedPnl.toString()).toBe('100');
  });
});

describe('buyingPower()', () => {
  it('is leverage × equity less gross exposure less what open buys reserve', () => {
    const v = valuation({ equity: '100000', longMarketValue: '30000', shortMarketValue: '-20000', unrealizedPnl: '0', realizedPnl: '0' });
    expect(buyingPower(v, dec('1'), ZERO).toString()).toBe('50000');
    expect(buyingPower(v, dec('2'), ZERO).toString()).toBe('150000');
    expect(buyingPower(v, dec('2'), dec('1870')).toString()).toBe('148130');
  });

  it('is all of the equity when only cash is held', () => {
    const v = valuePortfolio(emptyPortfolio(START), marks({}));
    expect(buyingPower(v, dec('1'), ZERO).toString()).toBe('100000');
    expect(buyingPower(v, dec('4'), ZERO).toString()).toBe('400000');
  });

  it('never goes below zero', () => {
    const v = valuation({ equity: '10000', longMarketValue: '30000', shortMarketValue: '0', unrealizedPnl: '-5000', realizedPnl: '0' });
    expect(buyingPower(v, dec('2'), ZERO).toString()).toBe('0');
    const broke = valuation({ equity: '-500', longMarketValue: '0', shortMarketValue: '0', unrealizedPnl: '0', realizedPnl: '0' });
    expect(buyingPower(broke, dec('1'), ZERO).isNeg()).toBe(false);
    expect(buyingPower(valuation({ equity: '100', longMarketValue: '0', shortMarketValue: '0', unrealizedPnl: '0', realizedPnl: '0' }), dec('1'), dec('1000')).toString()).toBe('0');
  });

  it('property: never below zero and never above leverage × equity', () => {
    const amount = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((cents) => dec(cents).div(100));
    const positive = fc.integer({ min: 0, max: 10_000_000 }).map((cents) => dec(cents).div(100));
    fc.assert(
      fc.property(amount, positive, positive, positive, fc.integer({ min: 1, max: 4 }), (equity, long, short, reserved, leverage) => {
        const v: Valuation = { equity, longMarketValue: long, shortMarketValue: short.neg(), unrealizedPnl: ZERO, realizedPnl: ZERO };
        const bp = buyingPower(v, dec(leverage), reserved);
        expect(bp.gte(0)).toBe(true);
        expect(bp.lte(maxDec(ZERO, equity.times(leverage)))).toBe(true);
      }),
    );
  });
});

describe('accounting properties over random fills in one symbol', () => {
  const tradeArb = fc.record({
    side: fc.constantFrom<Side>('buy', 'sell'),
    hundredths: fc.integer({ min: 1, max: 100_000 }),
    cents: fc.integer({ min: 1, max: 500_000 }),
    commissionCents: fc.integer({ min: 0, max: 500 }),
  });
  const trades = fc.array(tradeArb, { minLength: 1, maxLength: 30 }).map((list) =>
    list.map((x) => trade(x.side, dec(x.hundredths).div(100).toString(), 'AAPL', dec(x.cents).div(100).toString(), dec(x.commissionCents).div(100).toString())),
  );
  const mark = fc.option(fc.integer({ min: 1, max: 500_000 }).map((cents) => dec(cents).div(100)), { nil: undefined });

  it('property: equity at the mark = starting cash + realized + unrealized − commissions, exactly', () => {
    fc.assert(
      fc.property(trades, mark, (list, last) => {
        const portfolio = book(list);
        const v = valuePortfolio(portfolio, () => last);
        const commissions = sumDec(list.map((x) => x.commission));
        expect(v.equity.toString()).toBe(START.plus(v.realizedPnl).plus(v.unrealizedPnl).minus(commissions).toString());
        // and equity is cash plus what is held, at the mark
        const position = portfolio.positions.AAPL!;
        if (last !== undefined) expect(v.equity.eq(portfolio.cash.plus(position.qty.times(last)))).toBe(true);
        else expect(v.unrealizedPnl.isZero()).toBe(true);
      }),
    );
  });

  it('property: the position quantity is the sum of the signed fill quantities', () => {
    fc.assert(
      fc.property(trades, (list) => {
        const signed = list.map((x) => (x.side === 'buy' ? x.qty : x.qty.neg()));
        expect(book(list).positions.AAPL?.qty.eq(sumDec(signed))).toBe(true);
      }),
    );
  });

  it('property: cash is the starting cash less what was paid, plus what was received, less commissions', () => {
    fc.assert(
      fc.property(trades, (list) => {
        const flows = list.map((x) => (x.side === 'buy' ? x.qty.times(x.price).neg() : x.qty.times(x.price)).minus(x.commission));
        expect(book(list).cash.eq(START.plus(sumDec(flows)))).toBe(true);
      }),
    );
  });
});

describe('booking executions into the portfolio', () => {
  const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

  function order(): Order {
    const spec = { symbol: 'AAPL', side: 'buy' as const, type: 'market' as const, timeInForce: 'day' as const, qty: dec('100') };
    return applyOrderEvent(newOrder(spec, 'blt-01PORTFOLIO', 1, T0), 'accepted', T0);
  }

  /** Feeds reports the way the core does: applyExecution, then applyTrade for what it books. */
  function feed(reports: readonly ExecutionReport[]): Portfolio {
    let current = order();
    let portfolio = emptyPortfolio(START);
    for (const r of reports) {
      const outcome = applyExecution(current, r);
      if (outcome.kind !== 'applied') continue;
      current = outcome.order;
      portfolio = applyTrade(portfolio, outcome.fill);
    }
    return portfolio;
  }

  const reportsArb = fc
    .array(fc.record({ hundredths: fc.integer({ min: 1, max: 1000 }), cents: fc.integer({ min: 1, max: 100_000 }), commissionCents: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 10 })
    .map((list) => {
      let cumulative = ZERO;
      return list.map((x, i): ExecutionReport => {
        const qty = dec(x.hundredths).div(100);
        cumulative = cumulative.plus(qty);
        return { executionId: `e${i}`, cumulativeQty: cumulative, lastQty: qty, lastPrice: dec(x.cents).div(100), commission: dec(x.commissionCents).div(100), at: T0 + i };
      });
    });

  it('property: applying the same execution report twice books it once (cash, quantity and commission)', () => {
    fc.assert(
      fc.property(reportsArb, (reports) => {
        const once = feed(reports);
        const twice = feed(reports.flatMap((r) => [r, r]));
        const replayed = feed([...reports, ...reports]);
        for (const p of [twice, replayed]) {
          expect(p.cash.eq(once.cash)).toBe(true);
          expect(p.positions.AAPL?.qty.eq(once.positions.AAPL!.qty)).toBe(true);
        }
        expect(once.positions.AAPL?.qty.eq(reports[reports.length - 1]!.cumulativeQty)).toBe(true);
      }),
    );
  });
});
