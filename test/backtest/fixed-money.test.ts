import { describe, expect, it } from 'vitest';
import { decimalOfUnits, unitsOfDecimal, unitsOfFloat, wholeTimes } from '../../src/backtest/fixed-money.js';
import { Decimal, dec } from '../../src/domain/decimal.js';

describe('fixed-money units', () => {
  it('reads a price as the decimal new Decimal(price) reads, in units of 10^-8', () => {
    for (const price of [0.1, 0.07, 1.005, 100.34, 285.59, 1234.5678, 0.00000001, 9999999.99999999, 3e7 + 0.25, 5e7 + 0.5, -2.5, 100]) {
      expect(decimalOfUnits(unitsOfFloat(price)).eq(new Decimal(price))).toBe(true);
    }
    expect(unitsOfFloat(0.1)).toBe(10_000_000);
  });

  it('refuses a price with more than 8 decimals, in exponent form or too large to count exactly', () => {
    for (const price of [0.123456789, 1 / 3, 1e-9, 123456789.5, 1e21, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(unitsOfFloat(price)).toBeNaN();
    }
  });

  it('takes a decimal amount only when it fits the units exactly', () => {
    expect(unitsOfDecimal(dec('10000.12345678'))).toBe(1_000_012_345_678);
    expect(unitsOfDecimal(dec('0.000000001'))).toBeNaN();
    expect(unitsOfDecimal(dec('100000000000'))).toBeNaN();
  });

  it('counts the whole times a price goes into an amount, never one too many or too few', () => {
    expect(wholeTimes(1_000, 10)).toBe(100);
    expect(wholeTimes(999, 10)).toBe(99);
    expect(wholeTimes(0, 10)).toBe(0);
    expect(wholeTimes(-5, 10)).toBe(0);
    const price = 3;
    const amount = Number.MAX_SAFE_INTEGER - 1;
    expect(wholeTimes(amount, price)).toBe(Number((BigInt(amount) / BigInt(price)).toString()));
  });
});
