import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { SourcePositions, type SourceBooksSnapshot } from '../../src/domain/source-positions.js';

const newId = createClientOrderIdFactory(() => Date.parse('2026-12-02T15:00:00Z'));

/** Fills from three sources and orders placed elsewhere, long and short, whole and fractional, some priced at an average. */
const fills = fc
  .array(
    fc.record({
      source: fc.constantFrom('sma1', 'brk2', 'manual', 'external'),
      symbol: fc.constantFrom('AAPL', 'MSFT'),
      side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
      qtyHundredths: fc.integer({ min: 1, max: 5_000 }),
      priceCents: fc.integer({ min: 1, max: 50_000 }),
      commissionMils: fc.integer({ min: 0, max: 1_000 }),
      averaged: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((draws) =>
    draws.map((d, i): Fill => {
      const qty = dec(d.qtyHundredths).div(100);
      const notional = qty.times(d.priceCents).div(100).plus(dec(i).div(1_000_000));
      return {
        executionId: `x${i}`,
        clientOrderId: d.source === 'external' ? `web-${i}` : newId(d.source),
        orderSeq: i + 1,
        symbol: d.symbol,
        side: d.side,
        qty,
        price: d.averaged ? notional.div(qty).toDecimalPlaces(6) : dec(d.priceCents).div(100),
        commission: dec(d.commissionMils).div(1_000),
        at: i,
        ...(d.averaged && { notional }),
      };
    }),
  );

/** Every figure as its exact decimal text, so equal books compare equal whatever the order of their keys. */
function exactly(books: SourceBooksSnapshot): unknown {
  return Object.fromEntries(
    Object.entries(books).map(([source, book]) => [
      source,
      {
        commission: book.commission.toFixed(),
        positions: Object.fromEntries(
          Object.entries(book.positions).map(([symbol, p]) => [
            symbol,
            { symbol: p.symbol, qty: p.qty.toFixed(), avgCost: p.avgCost.toFixed(), realizedPnl: p.realizedPnl.toFixed(), costBasis: p.costBasis?.toFixed() },
          ]),
        ),
      },
    ]),
  );
}

describe("each source's books brought forward", () => {
  it('books restored from a snapshot of the older fills plus the newer ones equal the books of every fill, to the last digit', () => {
    fc.assert(
      fc.property(fills, fc.nat(), fc.nat(), (list, a, b) => {
        // Two cuts: the snapshot is itself restored from an earlier one, as repeated archiving does.
        const [first, second] = [a % (list.length + 1), b % (list.length + 1)].sort((x, y) => x - y) as [number, number];
        const earlier = SourcePositions.fromFills(list.slice(0, first)).snapshot();
        const later = SourcePositions.restore(earlier, list.slice(first, second)).snapshot();
        const restored = SourcePositions.restore(later, list.slice(second));
        const whole = SourcePositions.fromFills(list);

        expect(exactly(restored.snapshot())).toEqual(exactly(whole.snapshot()));
        for (const source of whole.sources()) {
          expect(restored.realized(source).toFixed()).toBe(whole.realized(source).toFixed());
          for (const symbol of ['AAPL', 'MSFT']) {
            const mark = (): ReturnType<typeof dec> => dec('123.45');
            expect(restored.unrealized(source, mark)?.toFixed()).toBe(whole.unrealized(source, mark)?.toFixed());
            expect(restored.position(source, symbol).qty.toFixed()).toBe(whole.position(source, symbol).qty.toFixed());
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('restoring from nothing is booking the fills from the start', () => {
    const sma = newId('sma1');
    const fill: Fill = { executionId: 'x1', clientOrderId: sma, orderSeq: 1, symbol: 'AAPL', side: 'buy', qty: dec(3), price: dec('10'), commission: dec('0.5'), at: 1 };
    const restored = SourcePositions.restore(undefined, [fill]);
    expect(restored.position('sma1', 'AAPL').qty.toFixed()).toBe('3');
    expect(restored.realized('sma1').toFixed()).toBe('-0.5');
  });

  it('a source that only traded before the snapshot keeps its realized P&L and commission', () => {
    const sma = newId('sma1');
    const trades: Fill[] = [
      { executionId: 'x1', clientOrderId: sma, orderSeq: 1, symbol: 'AAPL', side: 'buy', qty: dec(10), price: dec('100'), commission: dec('1'), at: 1 },
      { executionId: 'x2', clientOrderId: newId('sma1'), orderSeq: 2, symbol: 'AAPL', side: 'sell', qty: dec(10), price: dec('103.5'), commission: dec('1'), at: 2 },
    ];
    const restored = SourcePositions.restore(SourcePositions.fromFills(trades).snapshot(), []);
    expect(restored.sources()).toEqual(['sma1']);
    expect(restored.position('sma1', 'AAPL').qty.toFixed()).toBe('0');
    expect(restored.realized('sma1').toFixed()).toBe('33');
  });
});
