import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Decimal,
  ONE,
  ZERO,
  dec,
  decOrUndefined,
  formatAmount,
  formatQty,
  formatSigned,
  maxDec,
  minDec,
  parseDecimal,
  roundPrice,
  sumDec,
} from '../../src/domain/decimal.js';

describe('Decimal arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    const sum = dec('0.1').plus(dec('0.2'));
    expect(sum.eq(dec('0.3'))).toBe(true);
    expect(sum.toString()).toBe('0.3');
  });

  it('multiplies money by quantity without binary rounding', () => {
    expect(dec('19.99').times(dec('3')).toString()).toBe('59.97');
    expect(dec('0.07').times(dec('100')).toString()).toBe('7');
    expect(dec('1.1').times(dec('1.1')).toString()).toBe('1.21');
  });

  it('subtracts to exact zero where floats leave a residue', () => {
    expect(dec('0.3').minus(dec('0.1')).minus(dec('0.2')).isZero()).toBe(true);
  });

  it('sums many cents exactly', () => {
    const cents = Array.from({ length: 1000 }, () => dec('0.01'));
    expect(sumDec(cents).toString()).toBe('10');
  });

  it('divides to 40 significant digits', () => {
    expect(dec('1').div(dec('3')).toString()).toBe(`0.${'3'.repeat(40)}`);
  });

  it('is a private clone: configuring decimal.js globally does not change it', async () => {
    const { Decimal: Global } = await import('decimal.js');
    const before = Global.precision;
    Global.set({ precision: 5 });
    try {
      expect(dec('1').div(dec('3')).toString()).toBe(`0.${'3'.repeat(40)}`);
    } finally {
      Global.set({ precision: before });
    }
  });

  it('property: addition is exact for any two amounts with up to 8 decimals', () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 8 }))
      .map(([units, places]) => ({ units, places }));
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        // a.units / 10^a.places + b.units / 10^b.places, computed in integers.
        const places = Math.max(a.places, b.places);
        const total = a.units * 10n ** BigInt(places - a.places) + b.units * 10n ** BigInt(places - b.places);
        const expected = dec(total).div(dec(10n ** BigInt(places)));
        const actual = dec(a.units).div(dec(10n ** BigInt(a.places))).plus(dec(b.units).div(dec(10n ** BigInt(b.places))));
        return actual.eq(expected);
      }),
    );
  });
});

describe('Decimal toString never uses exponent notation', () => {
  it('prints a tiny value as plain digits', () => {
    expect(dec('0.00000001').toString()).toBe('0.00000001');
    const tiny = `0.${'0'.repeat(45)}1`;
    expect(dec(tiny).toString()).toBe(tiny);
  });

  it('prints a huge value as plain digits', () => {
    expect(dec('123456789012345678901234').toString()).toBe('123456789012345678901234');
    const huge = `1${'0'.repeat(50)}`;
    expect(dec(huge).toString()).toBe(huge);
    expect(dec(10n ** 60n).toString()).toBe(`1${'0'.repeat(60)}`);
  });

  it('prints tiny and huge results of arithmetic as plain digits', () => {
    const tiny = dec('0.000000000000000000001').times(dec('0.000000000000000000001')).times(dec('0.1'));
    expect(tiny.toString()).toBe(`0.${'0'.repeat(42)}1`);
    const huge = dec(10n ** 30n).times(dec(10n ** 30n));
    expect(huge.toString()).toBe(`1${'0'.repeat(60)}`);
  });

  it('property: toString output always reads back through dec() to the same value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -60, max: 60 }), (units, exponent) => {
        const value = dec(units).times(new Decimal(10).pow(exponent));
        const text = value.toString();
        expect(text).not.toMatch(/e/i);
        expect(dec(text).eq(value)).toBe(true);
      }),
    );
  });
});

describe('dec()', () => {
  it('builds from decimal strings, trimming whitespace', () => {
    expect(dec('187.42').toString()).toBe('187.42');
    expect(dec('  -3.5 ').toString()).toBe('-3.5');
    expect(dec('+7').toString()).toBe('7');
    expect(dec('.5').toString()).toBe('0.5');
    expect(dec('5.').toString()).toBe('5');
  });

  it('builds from safe integers and bigints', () => {
    expect(dec(42).toString()).toBe('42');
    expect(dec(-42).toString()).toBe('-42');
    expect(dec(Number.MAX_SAFE_INTEGER).toString()).toBe('9007199254740991');
    expect(dec(12345678901234567890n).toString()).toBe('12345678901234567890');
  });

  it('returns a Decimal it is given unchanged', () => {
    const value = dec('1.5');
    expect(dec(value)).toBe(value);
  });

  it('refuses fractional JS numbers', () => {
    expect(() => dec(0.1)).toThrow(TypeError);
    expect(() => dec(187.42)).toThrow(/decimal string/);
    expect(() => dec(-0.5)).toThrow(TypeError);
  });

  it('refuses unsafe integers, NaN and infinities', () => {
    expect(() => dec(Number.MAX_SAFE_INTEGER + 1)).toThrow(TypeError);
    expect(() => dec(Number.NaN)).toThrow(TypeError);
    expect(() => dec(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('refuses text that is not a plain decimal number', () => {
    for (const text of ['', '   ', 'abc', '1e5', '1E-3', 'NaN', 'Infinity', '0x10', '1,000', '1.2.3', '--1', '.', '$5']) {
      expect(() => dec(text), text).toThrow(TypeError);
    }
  });
});

describe('parseDecimal()', () => {
  it('accepts grouped thousands with a decimal point', () => {
    expect(parseDecimal('1,000.50')?.toString()).toBe('1000.5');
    expect(parseDecimal('1,234,567')?.toString()).toBe('1234567');
    expect(parseDecimal('-12,345.678')?.toString()).toBe('-12345.678');
  });

  it('accepts plain numbers with surrounding whitespace', () => {
    expect(parseDecimal(' 187.42 ')?.toString()).toBe('187.42');
    expect(parseDecimal('0.5')?.toString()).toBe('0.5');
    expect(parseDecimal('10')?.toString()).toBe('10');
  });

  it('refuses what is not a number, without throwing', () => {
    for (const text of ['abc', '1e5', '', '   ', ',', '12abc', 'NaN', '1.2.3', '$100', '10%']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
  });

  it('refuses a comma that is not a thousands separator, so "1,5" is never read as fifteen', () => {
    for (const text of ['1,5', '10,50', '1,0000', ',100', '100,', '1,,000', '1000,000.5']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
  });

  it('property: reads back anything formatAmount prints', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), (cents) => {
        const value = dec(cents).div(dec(100));
        expect(parseDecimal(formatAmount(value))?.eq(value)).toBe(true);
      }),
    );
  });
});

describe('decOrUndefined()', () => {
  it('maps missing values to undefined and numbers to Decimals', () => {
    expect(decOrUndefined(undefined)).toBeUndefined();
    expect(decOrUndefined(null)).toBeUndefined();
    expect(decOrUndefined('')).toBeUndefined();
    expect(decOrUndefined('12.5')?.toString()).toBe('12.5');
  });

  it('throws on text that is present but malformed', () => {
    expect(() => decOrUndefined('abc')).toThrow(TypeError);
  });
});

describe('minDec, maxDec and sumDec', () => {
  it('pick the smaller and larger value', () => {
    expect(minDec(dec('2'), dec('-3')).toString()).toBe('-3');
    expect(maxDec(dec('2'), dec('-3')).toString()).toBe('2');
    expect(minDec(dec('1.10'), dec('1.2')).toString()).toBe('1.1');
    expect(maxDec(dec('1.10'), dec('1.2')).toString()).toBe('1.2');
  });

  it('sums an empty list to zero and any iterable exactly', () => {
    expect(sumDec([]).isZero()).toBe(true);
    expect(sumDec(new Set([dec('0.1'), dec('0.2'), dec('-0.05')])).toString()).toBe('0.25');
  });

  it('exposes ZERO and ONE', () => {
    expect(ZERO.toString()).toBe('0');
    expect(ONE.toString()).toBe('1');
  });
});

describe('roundPrice()', () => {
  it('rounds prices at or above $1 to cents', () => {
    expect(roundPrice(dec('187.4234')).toString()).toBe('187.42');
    expect(roundPrice(dec('187.4267')).toString()).toBe('187.43');
    expect(roundPrice(dec('1')).toString()).toBe('1');
    expect(roundPrice(dec('1.00999')).toString()).toBe('1.01');
  });

  it('rounds sub-dollar prices to four decimals', () => {
    expect(roundPrice(dec('0.123456')).toString()).toBe('0.1235');
    expect(roundPrice(dec('0.99994')).toString()).toBe('0.9999');
    expect(roundPrice(dec('0.00004')).toString()).toBe('0');
  });

  it('rounds exact halves to even', () => {
    expect(roundPrice(dec('1.005')).toString()).toBe('1');
    expect(roundPrice(dec('1.015')).toString()).toBe('1.02');
    expect(roundPrice(dec('0.12345')).toString()).toBe('0.1234');
    expect(roundPrice(dec('0.12355')).toString()).toBe('0.1236');
  });

  it('uses the magnitude for negative prices (price offsets)', () => {
    expect(roundPrice(dec('-2.345')).toString()).toBe('-2.34');
    expect(roundPrice(dec('-0.55555')).toString()).toBe('-0.5556');
  });

  it('leaves an already-rounded price alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 10_000_000 }), (cents) => {
        const price = dec(cents).div(dec(100));
        return roundPrice(price).eq(price);
      }),
    );
  });
});

describe('formatAmount()', () => {
  it('groups thousands and fixes two places', () => {
    expect(formatAmount(dec('1234.5'))).toBe('1,234.50');
    expect(formatAmount(dec('100412.5'))).toBe('100,412.50');
    expect(formatAmount(dec('1234567.891'))).toBe('1,234,567.89');
    expect(formatAmount(dec('999'))).toBe('999.00');
    expect(formatAmount(dec('0'))).toBe('0.00');
  });

  it('groups negative amounts after the sign', () => {
    expect(formatAmount(dec('-1234567.5'))).toBe('-1,234,567.50');
    expect(formatAmount(dec('-3.1'))).toBe('-3.10');
  });

  it('honours the number of places, including none', () => {
    expect(formatAmount(dec('1234.5678'), 4)).toBe('1,234.5678');
    expect(formatAmount(dec('1234.5'), 0)).toBe('1,234');
    expect(formatAmount(dec('-1234.5'), 0)).toBe('-1,234');
  });

  it('rounds half to even when cutting places', () => {
    expect(formatAmount(dec('0.125'))).toBe('0.12');
    expect(formatAmount(dec('0.135'))).toBe('0.14');
    expect(formatAmount(dec('999.995'))).toBe('1,000.00');
  });

  it('never prints a negative zero', () => {
    expect(formatAmount(dec('-0'))).toBe('0.00');
    expect(formatAmount(dec('-0.001'))).toBe('0.00');
    expect(formatAmount(dec('-0.004'), 2)).toBe('0.00');
    expect(formatAmount(dec('-0.4'), 0)).toBe('0');
    expect(formatAmount(dec('-0.00001'), 4)).toBe('0.0000');
  });

  it('keeps the sign of a negative amount that rounds to something', () => {
    expect(formatAmount(dec('-0.005'))).toBe('0.00');
    expect(formatAmount(dec('-0.006'))).toBe('-0.01');
  });
});

describe('formatSigned()', () => {
  it('marks gains with + and losses with -', () => {
    expect(formatSigned(dec('412.5'))).toBe('+412.50');
    expect(formatSigned(dec('-3.1'))).toBe('-3.10');
    expect(formatSigned(dec('1234.5'))).toBe('+1,234.50');
  });

  it('prints zero and anything that rounds to zero unsigned', () => {
    expect(formatSigned(dec('0'))).toBe('0.00');
    expect(formatSigned(dec('-0'))).toBe('0.00');
    expect(formatSigned(dec('0.001'))).toBe('0.00');
    expect(formatSigned(dec('-0.001'))).toBe('0.00');
  });
});

describe('formatQty()', () => {
  it('prints as many decimals as the quantity carries', () => {
    expect(formatQty(dec('10'))).toBe('10');
    expect(formatQty(dec('0.5'))).toBe('0.5');
    expect(formatQty(dec('1.25'))).toBe('1.25');
    expect(formatQty(dec('-5'))).toBe('-5');
    expect(formatQty(dec('0.000000001'))).toBe('0.000000001');
  });

  it('drops trailing zeros and never prints a negative zero', () => {
    expect(formatQty(dec('2.50'))).toBe('2.5');
    expect(formatQty(dec('-0'))).toBe('0');
    expect(formatQty(dec('5').minus(dec('5')).neg())).toBe('0');
  });
});
