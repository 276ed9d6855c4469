import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BollingerBands } from '../../../src/strategy/indicators/bollinger-bands.js';
import { RollingDeviation } from '../../../src/strategy/indicators/rolling-deviation.js';
import { RollingExtreme } from '../../../src/strategy/indicators/rolling-extreme.js';
import { Sma } from '../../../src/strategy/indicators/sma.js';

/** Prices as bars carry them: positive, with cents, in the range stocks trade. */
const prices = fc.array(fc.integer({ min: 1, max: 500_000 }).map((cents) => cents / 100), { minLength: 1, maxLength: 300 });
const periods = fc.integer({ min: 1, max: 40 });

function lastWindow(values: readonly number[], end: number, period: number): number[] {
  return values.slice(end + 1 - period, end + 1);
}

function naiveMean(window: readonly number[]): number {
  return window.reduce((a, b) => a + b, 0) / window.length;
}

function naiveDeviation(window: readonly number[]): number {
  const mean = naiveMean(window);
  return Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
}

/** Within rounding of the window's scale: both sides are floats summed in different orders. */
function close(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, scale);
}

describe('incremental indicators against a recomputation of each window', () => {
  it('Sma is the mean of the last period values, NaN before', () => {
    fc.assert(
      fc.property(prices, periods, (values, period) => {
        const sma = new Sma(period);
        values.forEach((value, i) => {
          sma.push(value);
          if (i + 1 < period) return expect(sma.ready || !Number.isNaN(sma.value)).toBe(false);
          expect(close(sma.value, naiveMean(lastWindow(values, i, period)), 5000)).toBe(true);
        });
      }),
    );
  });

  it('RollingDeviation is the population deviation of the last period values', () => {
    fc.assert(
      fc.property(prices, periods, (values, period) => {
        const stats = new RollingDeviation(period);
        values.forEach((value, i) => {
          stats.push(value);
          if (i + 1 < period) return expect(Number.isNaN(stats.deviation)).toBe(true);
          const window = lastWindow(values, i, period);
          expect(close(stats.average, naiveMean(window), 5000)).toBe(true);
          // Variances compared: near a zero deviation a square root turns rounding dust into digits.
          expect(close(stats.deviation ** 2, naiveDeviation(window) ** 2, 5000 ** 2)).toBe(true);
        });
      }),
    );
  });

  it('BollingerBands sit width deviations either side of the mean', () => {
    fc.assert(
      fc.property(prices, periods, fc.double({ min: 0.5, max: 5, noNaN: true }), (values, period, width) => {
        const bands = new BollingerBands(period, width);
        values.forEach((value, i) => {
          bands.push(value);
          if (i + 1 < period) return expect(bands.ready).toBe(false);
          const window = lastWindow(values, i, period);
          const mean = naiveMean(window);
          const spread = width * naiveDeviation(window);
          expect(close(bands.middle, mean, 5000)).toBe(true);
          expect(Math.abs(bands.upper - (mean + spread))).toBeLessThanOrEqual(1e-3);
          expect(Math.abs(bands.lower - (mean - spread))).toBeLessThanOrEqual(1e-3);
        });
      }),
    );
  });

  it('RollingExtreme is exactly the max or min of the last period values', () => {
    fc.assert(
      fc.property(prices, periods, fc.constantFrom('max' as const, 'min' as const), (values, period, keep) => {
        const extreme = new RollingExtreme(period, keep);
        values.forEach((value, i) => {
          extreme.push(value);
          if (i + 1 < period) return expect(Number.isNaN(extreme.value)).toBe(true);
          const window = lastWindow(values, i, period);
          expect(extreme.value).toBe(keep === 'max' ? Math.max(...window) : Math.min(...window));
        });
      }),
    );
  });

  it('keeps the average and the deviation from drifting over a long run', () => {
    const price = (i: number): number => 100 + ((i * 7919) % 1000) / 100;
    const sma = new Sma(20);
    const stats = new RollingDeviation(20);
    for (let i = 0; i < 1_000_000; i++) {
      sma.push(price(i));
      stats.push(price(i));
    }
    const tail = Array.from({ length: 20 }, (_, k) => price(1_000_000 - 20 + k));
    expect(Math.abs(sma.value - naiveMean(tail))).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(stats.deviation - naiveDeviation(tail))).toBeLessThanOrEqual(1e-10);
  });

  it('refuses a period that is not a whole number from 1', () => {
    expect(() => new Sma(0)).toThrow("an indicator's period must be a whole number from 1 up, not 0");
    expect(() => new RollingExtreme(2.5, 'max')).toThrow("an indicator's period must be a whole number from 1 up, not 2.5");
  });
});
