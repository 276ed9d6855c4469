import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, maxDec, minDec, sumDec, type Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/order-types.js';
import {
  applyFillToPosition,
  costBasisOf,
  flatPosition,
  marketValue,
  unrealizedPnl,
  type Position,
} from '../../src/domain/position.js';

interface TestFill {
  readonly side: Side;
  readonly qty: string;
  readonly price: string;
}

function trade(fills: readonly TestFill[], start: Position = flatPosition('AAPL')): Position {
  return fills.reduce((position, f) => applyFillToPosition(position, f.side, dec(f.qty), dec(f.price)), start);
}

const buy = (qty: string, price: string): TestFill => ({ side: 'buy', qty, price });
const sell = (qty: string, price: string): TestFill => ({ side: 'sell', qty, price });

function expectPosition(position: Position, qty: string, avgCost: string, realizedPnl: string): void {
  expect({ qty: position.qty.toString(), avgCost: position.avgCost.toString(), realizedPnl: position.realizedPnl.toString() }).toEqual({
    qty,
    avgCost,
    realizedPnl,
  });
}

describe('flatPosition()', () => {
  it('holds nothing and has realized nothing', () => {
    expectPosition(flatPosition('MSFT'), '0', '0', '0');
    expect(flatPosition('MSFT').symbol).toBe('MSFT');
  });
});

describe('average-cost accounting, long', () => {
  it('opens at the fill price', () => {
    expectPosition(trade([buy('10', '100')]), '10', '100', '0');
  });

  it('buy 10 @ 100 then 5 @ 110 averages 103.333…', () => {
    const position = trade([buy('10', '100'), buy('5', '110')]);
    expect(position.qty.toString()).toBe('15');
    expect(position.avgCost.toString()).toMatch(/^103\.3333333333333333333333333333333333333\d?$/);
    expect(position.realizedPnl.isZero()).toBe(true);
  });

  it('realizes P&L at the average when reducing, and keeps the average', () => {
    expectPosition(trade([buy('10', '100'), sell('4', '120')]), '6', '100', '80');
  });

  it('realizes a loss when selling below the average', () => {
    expectPosition(trade([buy('10', '100'), sell('10', '95.5')]), '0', '0', '-45');
  });

  it('realizes exactly 250 when 10 @ 100 and 5 @ 110 are sold at 120', () => {
    const position = trade([buy('10', '100'), buy('5', '110'), sell('15', '120')]);
    expectPosition(position, '0', '0', '250');
  });

  it('realizes exactly what was paid and received over partial sales of an uneven average', () => {
    // Cost 1550 for 15 shares; received 5 × 120 + 10 × 125 = 1850.
    const position = trade([buy('10', '100'), buy('5', '110'), sell('5', '120'), sell('10', '125')]);
    expectPosition(position, '0', '0', '300');
  });

  it('realizes exactly over many partial sales of a third of the cost each', () => {
    const position = trade([buy('1', '100'), buy('1', '100'), buy('1', '101'), sell('1', '100'), sell('1', '100'), sell('1', '100')]);
    expectPosition(position, '0', '0', '-1');
  });

  it('a sale through zero closes the long at the average and opens a short at the sale price', () => {
    // long 10 @ 100, sell 15 @ 110 → realized (110 − 100) × 10, short 5 @ 110
    expectPosition(trade([buy('10', '100'), sell('15', '110')]), '-5', '110', '100');
  });

  it('realizes nothing on the opening part of a flip', () => {
    const position = trade([buy('10', '100'), sell('15', '90')]);
    expectPosition(position, '-5', '90', '-100');
  });
});

describe('average-cost accounting, short', () => {
  it('opens a short at the sale price', () => {
    expectPosition(trade([sell('10', '50')]), '-10', '50', '0');
  });

  it('adds to a short at the average of the sales', () => {
    expectPosition(trade([sell('10', '50'), sell('10', '40')]), '-20', '45', '0');
  });

  it('a cover below the sale price is a gain, above it a loss', () => {
    expectPosition(trade([sell('10', '50'), buy('4', '45')]), '-6', '50', '20');
    expectPosition(trade([sell('10', '50'), buy('4', '45'), buy('6', '55')]), '0', '0', '-10');
  });

  it('a buy through zero covers the short and opens a long at the buy price', () => {
    expectPosition(trade([sell('5', '110'), buy('8', '100')]), '3', '100', '50');
  });

  it('keeps realized P&L across a round trip long, short and flat', () => {
    const position = trade([buy('10', '100'), sell('15', '110'), buy('5', '105')]);
    expectPosition(position, '0', '0', '125'); // 100 on the long, 25 on the short
  });
});

describe('fractional quantities', () => {
  it('half a share opens and averages exactly', () => {
    expectPosition(trade([buy('0.5', '187.42')]), '0.5', '187.42', '0');
    expectPosition(trade([buy('0.5', '187.42'), buy('0.25', '190')]), '0.75', '188.28', '0');
  });

  it('selling the fractions realizes to the cent', () => {
    const position = trade([buy('0.5', '187.42'), buy('0.25', '190'), sell('0.75', '190')]);
    expectPosition(position, '0', '0', '1.29');
  });

  it('a fractional sale through zero opens a fractional short', () => {
    expectPosition(trade([buy('0.5', '100'), sell('0.75', '104')]), '-0.25', '104', '2');
  });
});

describe('a fill of no quantity', () => {
  it('changes nothing (and never divides by zero)', () => {
    const flat = applyFillToPosition(flatPosition('AAPL'), 'buy', dec('0'), dec('100'));
    expectPosition(flat, '0', '0', '0');
    const held = trade([buy('10', '100')]);
    expectPosition(applyFillToPosition(held, 'sell', dec('0'), dec('120')), '10', '100', '0');
  });
});

describe('valuation of one position', () => {
  it('values a long at the mark and its unrealized P&L against the average', () => {
    const long = trade([buy('10', '100')]);
    expect(marketValue(long, dec('105.5')).toString()).toBe('1055');
    expect(unrealizedPnl(long, dec('105.5')).toString()).toBe('55');
    expect(unrealizedPnl(long, dec('99')).toString()).toBe('-10');
  });

  it('values a short negatively and gains as the price falls', () => {
    const short = trade([sell('10', '50')]);
    expect(marketValue(short, dec('45')).toString()).toBe('-450');
    expect(unrealizedPnl(short, dec('45')).toString()).toBe('50');
    expect(unrealizedPnl(short, dec('52')).toString()).toBe('-20');
  });

  it('a flat position is worth nothing and has nothing unrealized', () => {
    const flat = trade([buy('10', '100'), sell('10', '110')]);
    expect(marketValue(flat, dec('120')).isZero()).toBe(true);
    expect(unrealizedPnl(flat, dec('120')).isZero()).toBe(true);
  });

  it('unrealized P&L of an uneven average is exact at the mark', () => {
    const position = trade([buy('10', '100'), buy('5', '110')]);
    expect(unrealizedPnl(position, dec('110')).toString()).toBe('100'); // 15 × 110 − 1550
    expect(unrealizedPnl(position, dec('100')).toString()).toBe('-50');
  });
});

describe('cost basis', () => {
  it('is what the open quantity cost, for longs and shorts alike', () => {
    expect(costBasisOf(trade([buy('10', '100'), buy('5', '110')])).toString()).toBe('1550');
    expect(costBasisOf(trade([sell('10', '50'), sell('10', '40')])).toString()).toBe('900');
    expect(costBasisOf(trade([buy('10', '100'), sell('4', '120')])).toString()).toBe('600');
    expect(costBasisOf(flatPosition('AAPL')).isZero()).toBe(true);
  });

  it('is qty × average for a position built without one (from the broker)', () => {
    const fromBroker: Position = { symbol: 'AAPL', qty: dec('-20'), avgCost: dec('186.1'), realizedPnl: dec('0') };
    expect(costBasisOf(fromBroker).toString()).toBe('3722');
    expect(unrealizedPnl(fromBroker, dec('180')).toString()).toBe('122');
    expectPosition(applyFillToPosition(fromBroker, 'buy', dec('20'), dec('180')), '0', '0', '122');
  });

  it('is ignored once qty or average were edited without it', () => {
    const edited: Position = { ...trade([buy('10', '100'), buy('5', '110')]), qty: dec('20'), avgCost: dec('90') };
    expect(costBasisOf(edited).toString()).toBe('1800');
  });
});

describe('properties', () => {
  const fill = fc.record({
    side: fc.constantFrom<Side>('buy', 'sell'),
    hundredths: fc.integer({ min: 1, max: 100_000 }),
    cents: fc.integer({ min: 1, max: 1_000_000 }),
  });
  const fills = fc.array(fill, { minLength: 1, maxLength: 25 });

  const qtyOf = (f: { hundredths: number }): Decimal => dec(f.hundredths).div(100);
  const priceOf = (f: { cents: number }): Decimal => dec(f.cents).div(100);
  const signed = (f: { side: Side; hundredths: number }): Decimal => (f.side === 'buy' ? qtyOf(f) : qtyOf(f).neg());

  function apply(list: readonly { side: Side; hundredths: number; cents: number }[]): Position {
    return list.reduce((p, f) => applyFillToPosition(p, f.side, qtyOf(f), priceOf(f)), flatPosition('AAPL'));
  }

  it('property: the position quantity is the sum of the signed fill quantities', () => {
    fc.assert(
      fc.property(fills, (list) => {
        expect(apply(list).qty.eq(sumDec(list.map(signed)))).toBe(true);
      }),
    );
  });

  it('property: realized P&L after returning to flat is exactly cash received minus cash paid', () => {
    fc.assert(
      fc.property(fills, fc.integer({ min: 1, max: 1_000_000 }), (list, closeCents) => {
        const open = apply(list);
        fc.pre(!open.qty.isZero());
        const close = applyFillToPosition(open, open.qty.isNeg() ? 'buy' : 'sell', open.qty.abs(), dec(closeCents).div(100));
        const cashFlow = sumDec(list.map((f) => signed(f).neg().times(priceOf(f)))).plus(open.qty.times(dec(closeCents).div(100)));
        expect(close.qty.isZero()).toBe(true);
        expect(close.avgCost.isZero()).toBe(true);
        expect(close.realizedPnl.toString()).toBe(cashFlow.toString());
      }),
    );
  });

  it('property: unrealized plus realized P&L is exactly the cash flow plus the value held at the mark', () => {
    fc.assert(
      fc.property(fills, fc.integer({ min: 1, max: 1_000_000 }), (list, markCents) => {
        const position = apply(list);
        const mark = dec(markCents).div(100);
        const cashFlow = sumDec(list.map((f) => signed(f).neg().times(priceOf(f))));
        const pnl = position.realizedPnl.plus(unrealizedPnl(position, mark));
        expect(pnl.toString()).toBe(cashFlow.plus(marketValue(position, mark)).toString());
      }),
    );
  });

  it('property: the average cost of an open position lies within the prices that built it', () => {
    fc.assert(
      fc.property(fills, (list) => {
        const position = apply(list);
        if (position.qty.isZero()) {
          expect(position.avgCost.isZero()).toBe(true);
          return;
        }
        const prices = list.map(priceOf);
        const low = prices.reduce(minDec);
        const high = prices.reduce(maxDec);
        expect(position.avgCost.gte(low) && position.avgCost.lte(high)).toBe(true);
      }),
    );
  });
});
