import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { checkIntent, intentsOf, sharesForAll, type StrategyIntent } from '../../src/strategy/strategy.js';

describe('sharesForAll', () => {
  it('is the exact whole quotient of equity by price, however close the float estimate lands', () => {
    const cents = (max: number) => fc.integer({ min: 1, max }).map((n) => dec(n).dividedBy(100));
    fc.assert(
      fc.property(cents(1e12), fc.integer({ min: -1e6, max: 1e6 }), cents(1e7), (cash, qty, price) => {
        const equity = cash.plus(dec(qty).times(price));
        const exact = equity.lte(0) ? 0 : equity.dividedToIntegerBy(price).toNumber();
        expect(sharesForAll(cash, dec(qty), price)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
    // Exactly on a boundary, where a float quotient can fall either side of the whole number.
    expect(sharesForAll(dec('0.3'), dec(0), dec('0.1'))).toBe(3);
    expect(sharesForAll(dec('100000000000.07'), dec(0), dec('0.01'))).toBe(10000000000007);
  });

  it('is the whole shares that cash plus the position marked at the price buys', () => {
    expect(sharesForAll(dec('10000'), dec(0), dec('187.42'))).toBe(53);
    // 2,000 cash + 10 × 100 of position = 3,000 of equity: 30 shares, of which 10 are held.
    expect(sharesForAll(dec('2000'), dec(10), dec('100'))).toBe(30);
    expect(sharesForAll(dec('99.99'), dec(0), dec('100'))).toBe(0);
  });

  it('buys nothing when equity is gone, and refuses a price that is not above zero', () => {
    expect(sharesForAll(dec('-500'), dec(0), dec('10'))).toBe(0);
    expect(() => sharesForAll(dec('100'), dec(0), dec(0))).toThrow("a price to size 'all' at must be above 0, not 0");
  });
});

describe('checkIntent', () => {
  it('accepts each kind of intent', () => {
    const intents: StrategyIntent[] = [
      { kind: 'buy', size: 10, reason: 'r' },
      { kind: 'sell', size: 'all', reason: 'r' },
      { kind: 'close', reason: 'r' },
      { kind: 'target', direction: 'short', size: 3, reason: 'r' },
      { kind: 'cancel', reason: 'r' },
      { kind: 'cancel', clientOrderId: 'blt-x', reason: 'r' },
      { kind: 'buy', size: 10, limit: 187.5, reason: 'r' },
      { kind: 'sell', size: 'all', stop: 180, limit: 179.5, reason: 'r' },
    ];
    expect(intents.map(checkIntent)).toEqual(intents.map(() => undefined));
  });

  it('refuses sizes that are not whole shares above zero or all', () => {
    expect(checkIntent({ kind: 'buy', size: 1.5, reason: 'r' })).toBe("a buy intent's size must be a whole number of shares above 0 or 'all', not 1.5");
    expect(checkIntent({ kind: 'sell', size: 0, reason: 'r' })).toBe("a sell intent's size must be a whole number of shares above 0 or 'all', not 0");
    expect(checkIntent({ kind: 'target', direction: 'long', size: 2 ** 53, reason: 'r' })).toMatch(/^a target intent's size must be/);
    expect(checkIntent({ kind: 'buy', size: '10', reason: 'r' })).toMatch(/^a buy intent's size must be/);
  });

  it('refuses what is not an intent, one line saying what would be', () => {
    expect(checkIntent(null)).toBe("an intent must be an object like { kind: 'buy', size: 10, reason: '…' }, not null");
    expect(checkIntent({ kind: 'short', reason: 'r' })).toBe("an intent's kind must be buy, sell, close, target, cancel, not short");
    expect(checkIntent({ kind: 'close' })).toBe('a close intent needs a reason (a short line of text)');
    expect(checkIntent({ kind: 'target', size: 1, reason: 'r' })).toBe("a target intent's direction must be long or short, not undefined");
    expect(checkIntent({ kind: 'cancel', clientOrderId: 7, reason: 'r' })).toBe("a cancel intent's clientOrderId must be text, not 7");
  });

  it('takes prices on a buy or sell only, each a number above zero', () => {
    expect(checkIntent({ kind: 'target', direction: 'long', size: 1, limit: 10, reason: 'r' })).toBe('only a buy or sell intent takes a limit price; a target is at market');
    expect(checkIntent({ kind: 'close', stop: 10, reason: 'r' })).toBe('only a buy or sell intent takes a stop price; a close is at market');
    expect(checkIntent({ kind: 'buy', size: 1, limit: -1, reason: 'r' })).toBe("a buy intent's limit must be a price above 0, not -1");
    expect(checkIntent({ kind: 'sell', size: 1, stop: Number.NaN, reason: 'r' })).toBe("a sell intent's stop must be a price above 0, not NaN");
    expect(checkIntent({ kind: 'sell', size: 1, stop: '180', reason: 'r' })).toBe("a sell intent's stop must be a price above 0, not 180");
  });
});

describe('intentsOf', () => {
  it('lists nothing, one intent or several', () => {
    const close: StrategyIntent = { kind: 'close', reason: 'r' };
    expect(intentsOf(undefined)).toEqual([]);
    expect(intentsOf(close)).toEqual([close]);
    expect(intentsOf([close, close])).toEqual([close, close]);
  });
});
