import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, sumDec, type Decimal } from '../../src/domain/decimal.js';
import { BlotterError } from '../../src/domain/errors.js';
import { FillPriceUnknownError, applyExecution, type ExecutionReport, type Fill } from '../../src/domain/fill.js';
import { applyOrderEvent, newOrder, type Order } from '../../src/domain/order.js';
import { applyTrade, emptyPortfolio } from '../../src/domain/portfolio.js';

const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

function workingOrder(qty = '10'): Order {
  const order = newOrder(
    { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: dec(qty), limitPrice: dec('187') },
    'blt-01FILLTEST',
    7,
    T0,
  );
  return applyOrderEvent(order, 'accepted', T0 + 100);
}

function report(fields: Partial<ExecutionReport> & Pick<ExecutionReport, 'executionId' | 'cumulativeQty'>): ExecutionReport {
  return { at: T0 + 1000, ...fields };
}

/** Applies a report that must book something; returns the new order and the fill. */
function book(order: Order, r: ExecutionReport): { order: Order; fill: Fill } {
  const outcome = applyExecution(order, r);
  if (outcome.kind !== 'applied') throw new Error(`expected ${r.executionId} to be applied, got ${outcome.kind}`);
  return outcome;
}

describe('applyExecution()', () => {
  it('books the first execution with its own quantity and price', () => {
    const order = workingOrder();
    const { order: next, fill } = book(
      order,
      report({ executionId: 'e1', cumulativeQty: dec('3'), avgPrice: dec('187'), lastQty: dec('3'), lastPrice: dec('187'), commission: dec('0.35'), at: T0 + 2000 }),
    );
    expect(fill).toEqual({
      executionId: 'e1',
      clientOrderId: 'blt-01FILLTEST',
      orderSeq: 7,
      symbol: 'AAPL',
      side: 'buy',
      qty: dec('3'),
      price: dec('187'),
      commission: dec('0.35'),
      at: T0 + 2000,
    });
    expect(next.filledQty.toString()).toBe('3');
    expect(next.avgFillPrice?.toString()).toBe('187');
    expect(next.executionIds).toEqual(['e1']);
    expect(next.updatedAt).toBe(T0 + 2000);
  });

  it('books only the new part of the cumulative quantity', () => {
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('3'), avgPrice: dec('100'), lastQty: dec('3'), lastPrice: dec('100') }));
    const second = book(first.order, report({ executionId: 'e2', cumulativeQty: dec('7'), avgPrice: dec('100.4'), lastQty: dec('4'), lastPrice: dec('100.7') }));
    expect(second.fill.qty.toString()).toBe('4');
    expect(second.fill.price.toString()).toBe('100.7');
    expect(second.order.filledQty.toString()).toBe('7');
    expect(second.order.avgFillPrice?.toString()).toBe('100.4');
    expect(second.order.executionIds).toEqual(['e1', 'e2']);
  });

  it('leaves the status alone: moving it is the order event’s job', () => {
    const { order } = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('10'), lastQty: dec('10'), lastPrice: dec('187') }));
    expect(order.status).toBe('new');
  });

  it('does not modify the order it is given', () => {
    const order = workingOrder();
    book(order, report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('187') }));
    expect(order.filledQty.isZero()).toBe(true);
    expect(order.executionIds).toEqual([]);
    expect(order.avgFillPrice).toBeUndefined();
  });

  it('ignores an execution id it has already booked', () => {
    const r = report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('187') });
    const { order } = book(workingOrder(), r);
    expect(applyExecution(order, r)).toEqual({ kind: 'duplicate' });
    // Even if the repeat claims more quantity, the id has been booked once and only once.
    expect(applyExecution(order, { ...r, cumulativeQty: dec('5') })).toEqual({ kind: 'duplicate' });
  });

  it('ignores a cumulative quantity at or below what is booked (stale news)', () => {
    const { order } = book(workingOrder(), report({ executionId: 'e2', cumulativeQty: dec('7'), avgPrice: dec('100'), lastQty: dec('7'), lastPrice: dec('100') }));
    expect(applyExecution(order, report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('99') }))).toEqual({ kind: 'stale' });
    expect(applyExecution(order, report({ executionId: 'poll:7', cumulativeQty: dec('7'), avgPrice: dec('100') }))).toEqual({ kind: 'stale' });
  });

  it('counts a fill seen on the stream and then by polling once', () => {
    const streamed = book(workingOrder(), report({ executionId: 'trade-81', cumulativeQty: dec('10'), avgPrice: dec('187.01'), lastQty: dec('10'), lastPrice: dec('187.01') }));
    // A poll has no execution id of its own; it reports the same cumulative quantity.
    const polled = applyExecution(streamed.order, report({ executionId: 'ord-1:cum:10', cumulativeQty: dec('10'), avgPrice: dec('187.01') }));
    expect(polled.kind).toBe('stale');
  });

  it('derives the price from the average when the last execution does not explain the whole delta (a missed partial)', () => {
    // Booked: 2 @ 100. Missed: 2 @ 101. Now seen: 2 @ 102, cumulative 6, average 101.
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('2'), avgPrice: dec('100'), lastQty: dec('2'), lastPrice: dec('100') }));
    const { order, fill } = book(
      first.order,
      report({ executionId: 'e3', cumulativeQty: dec('6'), avgPrice: dec('101'), lastQty: dec('2'), lastPrice: dec('102') }),
    );
    expect(fill.qty.toString()).toBe('4');
    expect(fill.price.toString()).toBe('101.5'); // (6 × 101 − 2 × 100) / 4
    expect(order.filledQty.toString()).toBe('6');
    expect(order.avgFillPrice?.toString()).toBe('101');
    // What is booked adds up to what the broker says was paid.
    const booked = first.fill.qty.times(first.fill.price).plus(fill.qty.times(fill.price));
    expect(booked.eq(dec('606'))).toBe(true);
  });

  it('books the exact value of executions known only through an average no decimal holds', () => {
    // Missed on the stream: 1 @ 100.01 and 2 @ 100.02. The poll says: cumulative 3, average 300.05 / 3.
    const average = dec('300.05').div(3);
    const { fill } = book(workingOrder(), report({ executionId: 'poll', cumulativeQty: dec('3'), avgPrice: average }));
    expect(fill.notional?.toString()).toBe('300.05');
    const cash = applyTrade(emptyPortfolio(dec('1000')), fill).cash;
    expect(cash.toString()).toBe('699.95');
  });

  it('derives the price from the average when a poll carries no execution detail', () => {
    const { fill } = book(workingOrder(), report({ executionId: 'poll', cumulativeQty: dec('4'), avgPrice: dec('186.95') }));
    expect(fill.qty.toString()).toBe('4');
    expect(fill.price.toString()).toBe('186.95');
  });

  it('takes the last execution’s price when it explains the whole delta, not a rounded average', () => {
    // 1 @ 100.01 then 2 @ 100.02: the true average 100.01666… comes back rounded to 100.0167.
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('1'), avgPrice: dec('100.01'), lastQty: dec('1'), lastPrice: dec('100.01') }));
    const { order, fill } = book(
      first.order,
      report({ executionId: 'e2', cumulativeQty: dec('3'), avgPrice: dec('100.0167'), lastQty: dec('2'), lastPrice: dec('100.02') }),
    );
    expect(fill.price.toString()).toBe('100.02');
    expect(order.avgFillPrice?.toString()).toBe('100.0167');
  });

  it('falls back to the last price for the whole delta when there is no average', () => {
    const { fill } = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('5'), lastQty: dec('2'), lastPrice: dec('99.5') }));
    expect(fill.qty.toString()).toBe('5');
    expect(fill.price.toString()).toBe('99.5');
  });

  it('computes the average itself when the broker does not send one', () => {
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('2'), lastQty: dec('2'), lastPrice: dec('100') }));
    const second = book(first.order, report({ executionId: 'e2', cumulativeQty: dec('6'), lastQty: dec('4'), lastPrice: dec('103') }));
    expect(second.order.avgFillPrice?.toString()).toBe('102'); // (200 + 412) / 6
  });

  it('books fractional quantities exactly', () => {
    const first = book(workingOrder('1'), report({ executionId: 'e1', cumulativeQty: dec('0.25'), lastQty: dec('0.25'), lastPrice: dec('400') }));
    const second = book(first.order, report({ executionId: 'e2', cumulativeQty: dec('0.75'), avgPrice: dec('401'), lastQty: dec('0.5'), lastPrice: dec('401.5') }));
    expect(second.fill.qty.toString()).toBe('0.5');
    expect(second.order.filledQty.toString()).toBe('0.75');
  });

  it('refuses to book an execution with no price at all', () => {
    const order = workingOrder();
    const r = report({ executionId: 'e9', cumulativeQty: dec('3'), lastQty: dec('3') });
    expect(() => applyExecution(order, r)).toThrow(FillPriceUnknownError);
    try {
      applyExecution(order, r);
    } catch (error) {
      expect(error).toBeInstanceOf(BlotterError);
      expect((error as FillPriceUnknownError).executionId).toBe('e9');
      expect((error as FillPriceUnknownError).name).toBe('FillPriceUnknownError');
      expect((error as FillPriceUnknownError).message).toContain('e9');
    }
  });

  it('books no commission when none is reported', () => {
    const { fill } = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('1'), lastQty: dec('1'), lastPrice: dec('10') }));
    expect(fill.commission.isZero()).toBe(true);
  });

  it('adds each execution’s own commission to the order’s total when the broker gives no total', () => {
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('10'), commission: dec('1') }));
    const second = book(first.order, report({ executionId: 'e2', cumulativeQty: dec('5'), lastQty: dec('2'), lastPrice: dec('10'), commission: dec('0.25') }));
    expect(second.fill.commission.toString()).toBe('0.25');
    expect(second.order.commissionPaid?.toString()).toBe('1.25');
  });

  it('charges a fill found in a snapshot the order’s cumulative commission less what is already booked', () => {
    const streamed = book(
      workingOrder(),
      report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('10'), commission: dec('1'), cumulativeCommission: dec('1') }),
    );
    // The stream lost the next two executions; a poll sees the order's totals.
    const polled = book(streamed.order, report({ executionId: 'ord-1:cum:10', cumulativeQty: dec('10'), avgPrice: dec('10'), cumulativeCommission: dec('1.35') }));
    expect(polled.fill.commission.toString()).toBe('0.35');
    expect(polled.order.commissionPaid?.toString()).toBe('1.35');
  });

  it('charges a fill first seen by a poll once, when its own trade update follows', () => {
    const polled = book(workingOrder(), report({ executionId: 'ord-1:cum:3', cumulativeQty: dec('3'), avgPrice: dec('10'), cumulativeCommission: dec('1') }));
    expect(polled.fill.commission.toString()).toBe('1');
    const late = report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('10'), commission: dec('1'), cumulativeCommission: dec('1') });
    expect(applyExecution(polled.order, late)).toEqual({ kind: 'stale' });
    const next = book(
      polled.order,
      report({ executionId: 'e2', cumulativeQty: dec('7'), lastQty: dec('4'), lastPrice: dec('10'), commission: dec('0.2'), cumulativeCommission: dec('1.2') }),
    );
    expect(next.fill.commission.toString()).toBe('0.2');
    expect(next.order.commissionPaid?.toString()).toBe('1.2');
  });

  it('charges a trade update that stands for executions the stream lost what they all cost, not its own commission', () => {
    // e1 (3 shares) met the order's $1 minimum and was lost; e2's own charge is nothing.
    const { fill, order } = book(
      workingOrder(),
      report({ executionId: 'e2', cumulativeQty: dec('7'), avgPrice: dec('10'), lastQty: dec('4'), lastPrice: dec('10'), commission: dec('0'), cumulativeCommission: dec('1') }),
    );
    expect(fill.qty.toString()).toBe('7');
    expect(fill.commission.toString()).toBe('1');
    expect(order.commissionPaid?.toString()).toBe('1');
  });

  it('never books a negative commission when the broker’s total is below what is booked', () => {
    const first = book(workingOrder(), report({ executionId: 'e1', cumulativeQty: dec('3'), lastQty: dec('3'), lastPrice: dec('10'), commission: dec('1') }));
    // A broker that reports no commission on its orders (Alpaca's stocks) says zero.
    const { fill, order } = book(first.order, report({ executionId: 'ord-1:cum:5', cumulativeQty: dec('5'), avgPrice: dec('10'), cumulativeCommission: dec('0') }));
    expect(fill.commission.toString()).toBe('0');
    expect(order.commissionPaid?.toString()).toBe('1');
  });

  it('never moves updatedAt backwards for an execution reported with an older time', () => {
    const order = { ...workingOrder(), updatedAt: T0 + 50_000 };
    const { order: next, fill } = book(order, report({ executionId: 'e1', cumulativeQty: dec('1'), lastQty: dec('1'), lastPrice: dec('10'), at: T0 + 20_000 }));
    expect(next.updatedAt).toBe(T0 + 50_000);
    expect(fill.at).toBe(T0 + 20_000);
  });
});

describe('properties of execution booking', () => {
  /** A broker's executions for one order: quantities in hundredths, prices in cents. */
  const executions = fc.array(
    fc.record({ hundredths: fc.integer({ min: 1, max: 10_000 }), cents: fc.integer({ min: 1, max: 100_000 }) }),
    { minLength: 1, maxLength: 12 },
  );

  /** The reports a broker would send for those executions: cumulative quantity, average, last. */
  function reportsFor(list: readonly { hundredths: number; cents: number }[]): ExecutionReport[] {
    let cumulative = dec(0);
    let cost = dec(0);
    return list.map(({ hundredths, cents }, i) => {
      const qty = dec(hundredths).div(100);
      const price = dec(cents).div(100);
      cumulative = cumulative.plus(qty);
      cost = cost.plus(qty.times(price));
      return { executionId: `x${i}`, cumulativeQty: cumulative, avgPrice: cost.div(cumulative), lastQty: qty, lastPrice: price, at: T0 + i };
    });
  }

  function orderFor(reports: readonly ExecutionReport[]): Order {
    return workingOrder(reports[reports.length - 1]!.cumulativeQty.toString());
  }

  function bookAll(order: Order, deliveries: readonly ExecutionReport[]): { order: Order; fills: Fill[] } {
    const fills: Fill[] = [];
    let current = order;
    for (const r of deliveries) {
      const outcome = applyExecution(current, r);
      if (outcome.kind === 'applied') {
        current = outcome.order;
        fills.push(outcome.fill);
      }
    }
    return { order: current, fills };
  }

  it('property: applying the same execution report twice books it once', () => {
    fc.assert(
      fc.property(executions, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }), (list, copies) => {
        const reports = reportsFor(list);
        const deliveries = reports.flatMap((r, i) => Array.from({ length: copies[i]! }, () => r));
        const { order, fills } = bookAll(orderFor(reports), deliveries);
        expect(fills.map((f) => f.executionId)).toEqual(reports.map((r) => r.executionId));
        fills.forEach((fill, i) => {
          expect(fill.qty.eq(dec(list[i]!.hundredths).div(100))).toBe(true);
          expect(fill.price.eq(dec(list[i]!.cents).div(100))).toBe(true);
        });
        expect(order.filledQty.eq(reports[reports.length - 1]!.cumulativeQty)).toBe(true);
      }),
    );
  });

  it('property: stream and poll reports of the same executions, in any order and any number, charge the broker’s commission once', () => {
    const charged = executions.chain((list) => fc.tuple(fc.constant(list), fc.array(fc.integer({ min: 0, max: 150 }), { minLength: list.length, maxLength: list.length })));
    fc.assert(
      fc.property(
        charged.chain(([list, cents]) => {
          let total = dec(0);
          const streamed = reportsFor(list).map((r, i) => {
            const commission = dec(cents[i]!).div(100);
            total = total.plus(commission);
            return { ...r, commission, cumulativeCommission: total };
          });
          // A poll sees only the order's totals, under an id of its own.
          const polled = streamed.map(({ cumulativeQty, avgPrice, cumulativeCommission, at }) => ({
            executionId: `ord-1:cum:${cumulativeQty.toString()}`,
            cumulativeQty,
            avgPrice,
            cumulativeCommission,
            at,
          }));
          const reports: ExecutionReport[] = [...streamed, ...polled, ...polled];
          return fc.tuple(fc.constant(streamed), fc.shuffledSubarray(reports, { minLength: 1 }));
        }),
        ([streamed, deliveries]) => {
          const { order, fills } = bookAll(orderFor(streamed), deliveries);
          const highest = deliveries.reduce((max: ExecutionReport, r) => (r.cumulativeQty.gt(max.cumulativeQty) ? r : max));
          const charged = sumDec(fills.map((f) => f.commission));
          expect(charged.toString()).toBe(highest.cumulativeCommission?.toString());
          expect(order.commissionPaid?.toString()).toBe(charged.toString());
          for (const fill of fills) expect(fill.commission.gte(0)).toBe(true);
        },
      ),
    );
  });

  it('property: whatever is missed, duplicated or reordered, the booked quantity is the last cumulative quantity', () => {
    fc.assert(
      fc.property(
        executions.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(reportsFor(list).concat(reportsFor(list)), { minLength: 1 })),
        ),
        ([list, deliveries]) => {
          const reports = reportsFor(list);
          const { order, fills } = bookAll(orderFor(reports), deliveries);
          const highest = deliveries.reduce((max: Decimal, r) => (r.cumulativeQty.gt(max) ? r.cumulativeQty : max), dec(0));
          expect(order.filledQty.eq(highest)).toBe(true);
          expect(sumDec(fills.map((f) => f.qty)).eq(highest)).toBe(true);
          expect(new Set(fills.map((f) => f.executionId)).size).toBe(fills.length);
          for (const fill of fills) expect(fill.qty.gt(0)).toBe(true);
          // What is booked is what the broker says was paid, to within the average's 40 digits.
          const notional = sumDec(fills.map((f) => f.qty.times(f.price)));
          const brokerNotional = order.avgFillPrice!.times(order.filledQty);
          expect(notional.minus(brokerNotional).abs().lt(dec(`0.${'0'.repeat(29)}1`))).toBe(true);
        },
      ),
    );
  });
});
