import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adjustment } from '../../src/domain/adjustment.js';
import { dec, sumDec, ZERO } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import type { Side } from '../../src/domain/order-types.js';
import { applyTrade, emptyPortfolio } from '../../src/domain/portfolio.js';
import { RoundTripBook, type BookEntry, type RoundTrip } from '../../src/domain/round-trips.js';

let executions = 0;

function fill(side: Side, qty: string, price: string, at: number, commission = '0', symbol = 'AAPL'): BookEntry {
  executions++;
  const f: Fill = {
    executionId: `x${executions}`,
    clientOrderId: `blt-${executions}`,
    orderSeq: executions,
    symbol,
    side,
    qty: dec(qty),
    price: dec(price),
    commission: dec(commission),
    at,
  };
  return { kind: 'fill', fill: f };
}

function adjustment(qty: string, at: number, avgCost?: string, symbol = 'AAPL'): BookEntry {
  const a: Adjustment = {
    id: `adj-${at}`,
    at,
    symbol,
    qty: dec(qty),
    cash: ZERO,
    ...(avgCost !== undefined && { avgCost: dec(avgCost) }),
    reason: 'broker position differs',
  };
  return { kind: 'adjustment', adjustment: a };
}

function replay(entries: readonly BookEntry[]): { closed: RoundTrip[]; open: RoundTrip[] } {
  const book = new RoundTripBook();
  const closed = entries.flatMap((entry) => book.book(entry));
  return { closed, open: book.openTrips() };
}

/** The figures an accountant reads, as strings. */
function figures(trip: RoundTrip): Record<string, unknown> {
  return {
    symbol: trip.symbol,
    direction: trip.direction,
    openedAt: trip.openedAt,
    closedAt: trip.closedAt,
    maxQty: trip.maxQty.toFixed(),
    entry: `${trip.entryQty.toFixed()} for ${trip.entryValue.toFixed()}`,
    exit: `${trip.exitQty.toFixed()} for ${trip.exitValue.toFixed()}`,
    realizedPnl: trip.realizedPnl.toFixed(),
    commission: trip.commission.toFixed(),
    fills: trip.fills,
    adjusted: trip.adjusted,
  };
}

describe('RoundTripBook', () => {
  it('cuts a long, a flip and a short into trips with the P&L worked out by hand', () => {
    // Average cost: 10 @ 100 and 5 @ 110 cost 1550 for 15. Selling 12 @ 120 realizes 1440 − 1240 = 200,
    // leaving 3 costing 310. Selling 8 @ 90 closes those 3 for 720 × 3/8 = 270 (realizes −40) and
    // opens a short of 5 at 90 (450). Buying 5 @ 95 closes it: 450 − 475 = −25.
    const { closed, open } = replay([
      fill('buy', '10', '100', 1, '1'),
      fill('buy', '5', '110', 2, '0.5'),
      fill('sell', '12', '120', 3, '1.2'),
      fill('sell', '8', '90', 4, '0.8'),
      fill('buy', '5', '95', 5, '0.5'),
    ]);

    expect(open).toEqual([]);
    expect(closed.map(figures)).toEqual([
      {
        symbol: 'AAPL',
        direction: 'long',
        openedAt: 1,
        closedAt: 4,
        maxQty: '15',
        entry: '15 for 1550',
        exit: '15 for 1710',
        realizedPnl: '160',
        // 1 + 0.5 + 1.2 and 3/8 of the flipping fill's 0.8.
        commission: '3',
        fills: 4,
        adjusted: false,
      },
      {
        symbol: 'AAPL',
        direction: 'short',
        openedAt: 4,
        closedAt: 5,
        maxQty: '5',
        entry: '5 for 450',
        exit: '5 for 475',
        realizedPnl: '-25',
        commission: '1',
        fills: 2,
        adjusted: false,
      },
    ]);
  });

  it('keeps a trip open until the position is flat, and reports the open one with what it has realized so far', () => {
    const { closed, open } = replay([fill('sell', '4', '50', 10), fill('sell', '6', '52', 11), fill('buy', '5', '49', 12)]);

    expect(closed).toEqual([]);
    expect(open.map(figures)).toEqual([
      {
        symbol: 'AAPL',
        direction: 'short',
        openedAt: 10,
        closedAt: undefined,
        maxQty: '10',
        entry: '10 for 512',
        exit: '5 for 245',
        // Short 10 at 51.2, 5 bought back at 49: 5 × 2.2.
        realizedPnl: '11',
        commission: '0',
        fills: 3,
        adjusted: false,
      },
    ]);
  });

  it('keeps symbols apart', () => {
    const { closed, open } = replay([
      fill('buy', '1', '10', 1, '0', 'AAPL'),
      fill('buy', '2', '20', 2, '0', 'MSFT'),
      fill('sell', '1', '11', 3, '0', 'AAPL'),
    ]);

    expect(closed.map((t) => [t.symbol, t.realizedPnl.toFixed()])).toEqual([['AAPL', '1']]);
    expect(open.map((t) => [t.symbol, t.maxQty.toFixed()])).toEqual([['MSFT', '2']]);
  });

  it('marks trips an adjustment moved: closing one to flat, opening one, flipping one', () => {
    const { closed, open } = replay([
      fill('buy', '10', '100', 1),
      // The broker says flat: the trip ends there, without an exit fill and without P&L.
      adjustment('-10', 2),
      // The broker says long 5 at 20: a trip opened by the correction, closed by a fill.
      adjustment('5', 3, '20'),
      fill('sell', '5', '21', 4),
      fill('buy', '2', '30', 5),
      // Long 2 corrected to short 3: one trip ends, another begins.
      adjustment('-5', 6, '31'),
    ]);

    expect(closed.map(figures)).toEqual([
      { symbol: 'AAPL', direction: 'long', openedAt: 1, closedAt: 2, maxQty: '10', entry: '10 for 1000', exit: '0 for 0', realizedPnl: '0', commission: '0', fills: 1, adjusted: true },
      { symbol: 'AAPL', direction: 'long', openedAt: 3, closedAt: 4, maxQty: '5', entry: '0 for 0', exit: '5 for 105', realizedPnl: '5', commission: '0', fills: 1, adjusted: true },
      { symbol: 'AAPL', direction: 'long', openedAt: 5, closedAt: 6, maxQty: '2', entry: '2 for 60', exit: '0 for 0', realizedPnl: '0', commission: '0', fills: 1, adjusted: true },
    ]);
    expect(open.map(figures)).toEqual([
      { symbol: 'AAPL', direction: 'short', openedAt: 6, closedAt: undefined, maxQty: '3', entry: '0 for 0', exit: '0 for 0', realizedPnl: '0', commission: '0', fills: 0, adjusted: true },
    ]);
  });

  it('ignores cash adjustments', () => {
    const cash: BookEntry = { kind: 'adjustment', adjustment: { id: 'adj-c', at: 2, qty: ZERO, cash: dec('5'), reason: 'cash differs' } };
    const { closed, open } = replay([fill('buy', '1', '10', 1), cash]);
    expect(closed).toEqual([]);
    expect(open.map((t) => t.adjusted)).toEqual([false]);
  });

  it('shares a flipping fill’s commission by quantity, rounded to its own places, the rest to the new trip', () => {
    const { closed, open } = replay([fill('buy', '1', '10', 1), fill('sell', '3', '10', 2, '1.00')]);
    expect(closed.map((t) => t.commission.toFixed())).toEqual(['0.33']);
    expect(open.map((t) => t.commission.toFixed())).toEqual(['0.67']);
  });

  it('realizes, over all trips, exactly what the positions realize, and splits no commission or value unevenly', () => {
    const step = fc.record({
      symbol: fc.constantFrom('AAPL', 'MSFT'),
      side: fc.constantFrom<Side>('buy', 'sell'),
      qty: fc.integer({ min: 1, max: 40 }),
      cents: fc.integer({ min: 100, max: 20_000 }),
      commission: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const entries = steps.map((s, i) => fill(s.side, String(s.qty), (s.cents / 100).toFixed(2), i, (s.commission / 100).toFixed(2), s.symbol));
        const { closed, open } = replay(entries);
        const trips = [...closed, ...open];
        // Independently: the same fills booked through the portfolio, as the engine books them.
        let portfolio = emptyPortfolio(ZERO);
        for (const entry of entries) if (entry.kind === 'fill') portfolio = applyTrade(portfolio, entry.fill);
        const positionsRealized = sumDec(Object.values(portfolio.positions).map((p) => p.realizedPnl));
        expect(sumDec(trips.map((t) => t.realizedPnl)).toFixed()).toBe(positionsRealized.toFixed());

        const fills = entries.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
        expect(sumDec(trips.map((t) => t.commission)).toFixed()).toBe(sumDec(fills.map((f) => f.commission)).toFixed());
        const traded = sumDec(trips.flatMap((t) => [t.entryValue, t.exitValue]));
        expect(traded.toFixed()).toBe(sumDec(fills.map((f) => f.qty.times(f.price))).toFixed());
        // Every closed trip ends flat: what went in came out.
        for (const trip of closed) expect(trip.entryQty.toFixed()).toBe(trip.exitQty.toFixed());
        for (const trip of open) expect(portfolio.positions[trip.symbol]?.qty.isZero()).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
