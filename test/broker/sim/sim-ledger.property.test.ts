import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ZERO, dec, maxDec } from '../../../src/domain/decimal.js';
import type { Side } from '../../../src/domain/order-types.js';
import type { LedgerFill } from '../../../src/broker/controls.js';
import { SimLedger } from '../../../src/broker/sim/sim-ledger.js';

const START = dec(1_000_000);
const SYMBOLS = ['AAPL', 'MSFT', 'F'] as const;

interface Draw {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
}

/** Whole shares, hundredths, or the nine places Alpaca allows; prices in cents; commissions in cents. */
const draw: fc.Arbitrary<Draw> = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom<Side>('buy', 'sell'),
  qty: fc.tuple(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom(0, 2, 9)).map(([units, places]) => dec(units).div(new Decimal(10).pow(places))),
  price: fc.integer({ min: 1, max: 300_000 }).map((cents) => dec(cents).div(100)),
  commission: fc.integer({ min: 0, max: 300 }).map((cents) => dec(cents).div(100)),
});

const marks = fc.tuple(...SYMBOLS.map(() => fc.integer({ min: 1, max: 300_000 }).map((cents) => dec(cents).div(100))));

/** The reference, from first principles: shares are the sum of signed fills; cash moves by each fill's value and commission. */
interface Reference {
  readonly qty: Map<string, Decimal>;
  cash: Decimal;
  commissions: Decimal;
  /** Alpaca's average entry price, carried the way its definition says. */
  readonly avg: Map<string, Decimal>;
}

const signed = (side: Side, qty: Decimal): Decimal => (side === 'buy' ? qty : qty.neg());

function step(reference: Reference, f: Draw): void {
  const before = reference.qty.get(f.symbol) ?? ZERO;
  const after = before.plus(signed(f.side, f.qty));
  reference.qty.set(f.symbol, after);
  reference.cash = reference.cash.minus(signed(f.side, f.qty).times(f.price)).minus(f.commission);
  reference.commissions = reference.commissions.plus(f.commission);
  const average = reference.avg.get(f.symbol) ?? ZERO;
  if (after.isZero()) reference.avg.set(f.symbol, ZERO);
  else if (before.isZero() || before.isNeg() !== after.isNeg()) reference.avg.set(f.symbol, f.price);
  else if (after.abs().gt(before.abs())) reference.avg.set(f.symbol, before.abs().times(average).plus(f.qty.times(f.price)).div(after.abs()));
}

function execution(f: Draw, n: number): LedgerFill {
  return { ...f, executionId: `x-${n}`, orderId: `o-${n}`, clientOrderId: `c-${n}`, at: '2026-01-05T15:00:00.000Z' };
}

describe('sim ledger against a reference built from first principles', () => {
  it('holds the summed shares and the cash that moved after every fill, and averages as Alpaca defines', () => {
    fc.assert(
      fc.property(fc.array(draw, { minLength: 1, maxLength: 60 }), marks, (draws, markPrices) => {
        const ledger = new SimLedger({ cash: START, positions: {} }, [], START);
        const reference: Reference = { qty: new Map(), cash: START, commissions: ZERO, avg: new Map() };
        draws.forEach((f, n) => {
          const held = ledger.positionQty(f.symbol);
          const averageBefore = ledger.positions()[f.symbol]?.avgCost;
          const returned = ledger.book(execution(f, n));
          step(reference, f);
          const expected = reference.qty.get(f.symbol) ?? ZERO;
          expect(returned.toString()).toBe(expected.toString());
          expect(ledger.positionQty(f.symbol).toString()).toBe(expected.toString());
          expect(ledger.cash().toString()).toBe(reference.cash.toString());
          const average = ledger.positions()[f.symbol]?.avgCost ?? ZERO;
          const reduced = !held.isZero() && held.isNeg() !== (f.side === 'sell') && f.qty.lt(held.abs());
          // A reducing fill leaves the average as it was, to the last digit.
          if (reduced) expect(average).toEqual(averageBefore);
          // Elsewhere the ledger keeps the exact cost, the reference the rounded average: they agree far below a cent.
          expect(average.minus(reference.avg.get(f.symbol) ?? ZERO).abs().lte('1e-15')).toBe(true);
        });

        const mark = (symbol: string): Decimal | undefined => markPrices[SYMBOLS.indexOf(symbol as (typeof SYMBOLS)[number])];
        let held = ZERO;
        let gross = ZERO;
        for (const [symbol, qty] of reference.qty) {
          const value = qty.times(mark(symbol) ?? ZERO);
          held = held.plus(value);
          gross = gross.plus(value.abs());
        }
        const equity = reference.cash.plus(held);
        const valuation = ledger.valuation(mark);
        expect(valuation.equity.toString()).toBe(equity.toString());
        // What was made or lost is what the account gained, before commissions: no cent lost in rounding.
        expect(valuation.realizedPnl.plus(valuation.unrealizedPnl).minus(reference.commissions).toString()).toBe(equity.minus(START).toString());
        const reserved = dec(250);
        const buyingPower = maxDec(ZERO, equity.times(2).minus(gross).minus(reserved));
        expect(ledger.account(mark, dec(2), reserved).buyingPower.toString()).toBe(buyingPower.toString());
        const open = [...reference.qty].filter(([, qty]) => !qty.isZero()).map(([symbol, qty]) => [symbol, qty.toString()]);
        expect(ledger.brokerPositions(mark).map((p) => [p.symbol, p.qty.toString()])).toEqual(open);
      }),
      { numRuns: 400 },
    );
  });
});
