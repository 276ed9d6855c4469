import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../src/core/risk-gate.js';
import { dec } from '../../src/domain/decimal.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { planIntent } from '../../src/strategy/order-plan.js';
import { checkSourceLimits, DEFAULT_SOURCE_LIMITS, inWindow, type PlannedOrders, type SourceLimits } from '../../src/strategy/source-limits.js';
import type { StrategyIntent } from '../../src/strategy/strategy.js';

const LIMITS: SourceLimits = { maxPosition: dec(1_000), maxNotional: dec(50_000), maxOrdersPerMinute: 10 };

/** The orders planIntent makes of `intent` from `position`, priced at `price` (`none`: no price known). */
function planned(intent: Exclude<StrategyIntent, { kind: 'cancel' }>, position: number, price = '10'): PlannedOrders {
  const at = price === 'none' ? undefined : dec(price);
  const plan = planIntent(intent, dec(position), { cash: dec(1_000_000), price: at });
  if (!plan.ok) throw new Error(plan.message);
  return { symbol: 'AAPL', position: dec(position), target: plan.target, legs: plan.legs, price: at };
}

function check(plan: PlannedOrders, limits: Partial<SourceLimits> = {}, sentAt: readonly number[] = [], now = 0) {
  return checkSourceLimits(plan, { ...LIMITS, ...limits }, sentAt, now);
}

const buy = (size: number) => ({ kind: 'buy', size, reason: 't' }) as const;
const sell = (size: number) => ({ kind: 'sell', size, reason: 't' }) as const;

describe('checkSourceLimits: max position', () => {
  it('passes a position exactly at the max, either side, and refuses one share over with how much would pass', () => {
    expect(check(planned(buy(800), 200))).toEqual({ ok: true });
    expect(check(planned(sell(800), -200))).toEqual({ ok: true });
    expect(check(planned(buy(1_200), 200))).toEqual({ ok: false, message: 'its position would be 1,400 AAPL, over its max position of 1,000 — buy at most 800' });
    expect(check(planned(sell(801), -200))).toEqual({ ok: false, message: 'its position would be -1,001 AAPL, over its max position of 1,000 — sell at most 800' });
  });

  it('counts a reversal’s room through zero, and lets only reducing orders through once at the max', () => {
    expect(check(planned({ kind: 'target', direction: 'short', size: 1_200, reason: 't' }, 800))).toMatchObject({ message: expect.stringMatching(/would be -1,200 AAPL, .* — sell at most 1,800$/) });
    expect(check(planned(buy(1), 1_000))).toMatchObject({ message: expect.stringMatching(/— only orders that reduce it pass$/) });
    expect(check(planned(sell(100), 1_500))).toEqual({ ok: true });
    expect(check(planned({ kind: 'close', reason: 't' }, -1_500))).toEqual({ ok: true });
  });
});

describe('checkSourceLimits: max notional', () => {
  it('values a priced order at its own price when that is above the market: a buy stop fills up there', () => {
    // Market $150: 100 at market is $15,000, but a stop at $600 fills at $600 or more.
    expect(check(planned(buy(100), 0, '150'))).toEqual({ ok: true });
    expect(check(planned({ kind: 'buy', size: 100, stop: 600, reason: 't' }, 0, '150'))).toMatchObject({ ok: false, message: expect.stringMatching(/^order of \$60,000\.00 \(100 × \$600\.00\) is over/) });
    // A limit under the market is valued at the market, where it may still fill.
    expect(check(planned({ kind: 'buy', size: 100, limit: 100, reason: 't' }, 0, '150'))).toEqual({ ok: true });
  });

  it('passes an order worth exactly the max and refuses one a cent over, saying how many shares would pass', () => {
    expect(check(planned(buy(100), 0, '500.00'))).toEqual({ ok: true });
    expect(check(planned(buy(100), 0, '523.40'))).toEqual({
      ok: false,
      message: 'order of $52,340.00 (100 × $523.40) is over its max notional $50,000.00 — at most 95 shares at $523.40',
    });
    expect(check(planned(buy(100), 0, '500.0001'))).toMatchObject({ message: expect.stringMatching(/^order of \$50,000\.01 \(100 × \$500\.00\) is over/) });
  });

  it('adds money exactly: 3 shares at $0.10 is $0.30, not a float a hair over it', () => {
    expect(check(planned(buy(3), 0, '0.1'), { maxNotional: dec('0.3') })).toEqual({ ok: true });
    expect(check(planned(buy(3), 0, '0.1000001'), { maxNotional: dec('0.3') })).toMatchObject({ message: expect.stringMatching(/^order of \$0\.31 \(3 × \$0\.1000\)/) });
  });

  it('values only the opening leg of a reversal, and never an order that only reduces', () => {
    const reversal = planned({ kind: 'target', direction: 'short', size: 100, reason: 't' }, 900, '500');
    expect(reversal.legs.map((leg) => leg.qty.toString())).toEqual(['900', '100']);
    expect(check(reversal)).toEqual({ ok: true });
    expect(check(planned({ kind: 'close', reason: 't' }, 900, '500'))).toEqual({ ok: true });
  });

  it('refuses an order that adds risk while no price is known, and lets a close through', () => {
    expect(check(planned(buy(1), 0, 'none'))).toEqual({ ok: false, message: 'no price is known yet to value it against its max notional $50,000.00; try again once quotes arrive' });
    expect(check(planned({ kind: 'close', reason: 't' }, 10, 'none'))).toEqual({ ok: true });
  });
});

describe('checkSourceLimits: orders a minute', () => {
  /** Sends one order at each of `offsets` ms on a ManualClock, and returns the clock and the times. */
  function sends(offsets: readonly number[]): { clock: ManualClock; sentAt: number[] } {
    const clock = new ManualClock(0);
    const sentAt: number[] = [];
    for (const offset of offsets) {
      clock.advance(offset - clock.now());
      sentAt.push(clock.now());
    }
    return { clock, sentAt };
  }

  it('slides a 60 s window: the 11th order waits until the oldest is a full minute old', () => {
    const { clock, sentAt } = sends([1_000, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000]);
    clock.advance(2_000);
    expect(check(planned(buy(1), 0), {}, sentAt, clock.now())).toEqual({ ok: false, message: '10 orders in the last minute, its limit — next one in 14 s' });
    clock.advance(13_999);
    expect(check(planned(buy(1), 0), {}, sentAt, clock.now())).toMatchObject({ message: expect.stringMatching(/next one in 1 s$/) });
    clock.advance(1);
    expect(inWindow(sentAt, clock.now())).toHaveLength(9);
    expect(check(planned(buy(1), 0), {}, sentAt, clock.now())).toEqual({ ok: true });
  });

  it('counts every order of a reversal, reducing or not, and refuses a signal that can never fit', () => {
    const { clock, sentAt } = sends([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000]);
    const reversal = planned({ kind: 'target', direction: 'short', size: 10, reason: 't' }, 10);
    expect(check(reversal, {}, sentAt, clock.now())).toEqual({ ok: false, message: '9 orders in the last minute and this signal sends 2, over its limit of 10 — next one in 52 s' });
    expect(check(planned({ kind: 'close', reason: 't' }, 10), {}, sentAt, clock.now())).toEqual({ ok: true });
    expect(check(planned({ kind: 'close', reason: 't' }, 10), { maxOrdersPerMinute: 9 }, sentAt, clock.now())).toMatchObject({ ok: false });
    expect(check(reversal, { maxOrdersPerMinute: 1 })).toEqual({ ok: false, message: 'this signal sends 2 orders and its limit is 1 a minute; start it with max-orders=2 or more' });
  });

});

describe('DEFAULT_SOURCE_LIMITS', () => {
  it('is no looser than the core’s global limits', () => {
    expect(DEFAULT_SOURCE_LIMITS.maxPosition.lte(DEFAULT_RISK_LIMITS.maxPositionQty)).toBe(true);
    expect(DEFAULT_SOURCE_LIMITS.maxNotional.lte(DEFAULT_RISK_LIMITS.maxOrderNotional)).toBe(true);
  });
});
