import { describe, expect, it } from 'vitest';
import { dec, ZERO } from '../../src/domain/decimal.js';
import { planIntent, reduces, type PositionIntent } from '../../src/strategy/order-plan.js';

const sizing = { cash: dec('10000'), price: dec('100') };

function legs(intent: PositionIntent, position: number): string[] {
  const plan = planIntent(intent, dec(position), sizing);
  if (!plan.ok) return [plan.reason];
  return plan.legs.map((leg) => `${leg.side} ${leg.qty.toString()}`);
}

describe('planIntent', () => {
  it('sends the difference to a target on the same side, and nothing when already there', () => {
    expect(legs({ kind: 'target', direction: 'long', size: 10, reason: '' }, 4)).toEqual(['buy 6']);
    expect(legs({ kind: 'target', direction: 'long', size: 10, reason: '' }, 10)).toEqual([]);
    expect(legs({ kind: 'close', reason: '' }, 0)).toEqual([]);
    expect(legs({ kind: 'close', reason: '' }, -7)).toEqual(['buy 7']);
  });

  it('splits a move through zero into the close and then the new side', () => {
    expect(legs({ kind: 'target', direction: 'short', size: 10, reason: '' }, 4)).toEqual(['sell 4', 'sell 10']);
    expect(legs({ kind: 'buy', size: 12, reason: '' }, -5)).toEqual(['buy 5', 'buy 7']);
  });

  it("sizes 'all' from equity at the price, and says why when it cannot", () => {
    expect(legs({ kind: 'target', direction: 'long', size: 'all', reason: '' }, 0)).toEqual(['buy 100']);
    expect(planIntent({ kind: 'buy', size: 'all', reason: '' }, ZERO, { cash: dec('10000'), price: undefined })).toMatchObject({ ok: false, reason: 'no_price' });
    expect(planIntent({ kind: 'buy', size: 'all', reason: '' }, ZERO, { cash: dec('50'), price: dec('100') })).toMatchObject({ ok: false, reason: 'no_shares' });
  });
});

describe('planIntent with prices', () => {
  it('puts a priced buy or sell on the price steps, on every leg, and sizes all at its own price', () => {
    const plan = planIntent({ kind: 'buy', size: 'all', limit: 80.004, reason: '' }, ZERO, sizing);
    expect(plan.ok && plan.legs.map((leg) => [leg.side, leg.qty.toString(), leg.limitPrice?.toString(), leg.stopPrice])).toEqual([['buy', '125', '80', undefined]]);
    const through = planIntent({ kind: 'sell', size: 15, stop: 95.5, limit: 95, reason: '' }, dec(10), sizing);
    expect(through.ok && through.legs.map((leg) => `${leg.side} ${leg.qty.toString()} stop ${leg.stopPrice?.toString()} @ ${leg.limitPrice?.toString()}`)).toEqual([
      'sell 10 stop 95.5 @ 95',
      'sell 5 stop 95.5 @ 95',
    ]);
    // Under a dollar the steps are a hundredth of a cent.
    const penny = planIntent({ kind: 'buy', size: 100, limit: 0.12345, reason: '' }, ZERO, sizing);
    expect(penny.ok && penny.legs[0]?.limitPrice?.toString()).toBe('0.1234');
  });
});

describe('reduces', () => {
  it('passes a smaller position on the same side or flat, and nothing larger or through zero', () => {
    expect(reduces(dec(10), dec(4))).toBe(true);
    expect(reduces(dec(-10), ZERO)).toBe(true);
    expect(reduces(dec(10), dec(10))).toBe(false);
    expect(reduces(dec(10), dec(-4))).toBe(false);
    expect(reduces(ZERO, dec(1))).toBe(false);
  });
});
