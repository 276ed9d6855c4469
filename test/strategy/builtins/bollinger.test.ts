import { describe, expect, it } from 'vitest';
import { bollinger } from '../../../src/strategy/builtins/bollinger.js';
import { runStrategy, summary } from '../strategy-harness.js';

/**
 * period=3, width=1, worked by hand (bar: close → window mean, population deviation):
 * 0-2: 10 → 10, 0 (bands all 10) · 3: 7 → 9, 1.41, lower 7.59: long · 4: 8 → 8.33, holds below the
 * middle · 5: 9 → 8, 0.82, above the middle: out, and above the upper 8.82: short with mode=reverse ·
 * 6: 9 → 8.67, a short holds above the middle · 7: 12 → 10, 1.41, upper 11.41: short unless already
 * · 8: 10 → 10.33, at or below the middle: a short is out.
 */
const CLOSES = [10, 10, 10, 7, 8, 9, 9, 12, 10];

describe('bollinger', () => {
  it('buys below the lower band and exits at the middle', () => {
    expect(summary(runStrategy(bollinger, ['period=3', 'width=1', 'size=5'], { close: CLOSES }))).toEqual(['3 target long 5', '5 close']);
  });

  it('also sells short above the upper band with mode=reverse, reversing a long', () => {
    expect(summary(runStrategy(bollinger, ['period=3', 'width=1', 'size=5', 'mode=reverse'], { close: CLOSES }))).toEqual([
      '3 target long 5',
      '5 target short 5',
      '8 close',
    ]);
  });

  it('holds to the upper band with exit=far', () => {
    // 4: 8.5 → mean 8.5 (the middle) but upper 9.72 · 5: 11 → mean 8.83, upper 10.48.
    const closes = [10, 10, 10, 7, 8.5, 11];
    expect(summary(runStrategy(bollinger, ['period=3', 'width=1'], { close: closes }))).toEqual(['3 target long 1', '4 close']);
    expect(summary(runStrategy(bollinger, ['period=3', 'width=1', 'exit=far'], { close: closes }))).toEqual(['3 target long 1', '5 close']);
  });

  it('sends one order while the band stays crossed and that order is working', () => {
    const closes = [10, 10, 10, 7, 6, 5];
    expect(summary(runStrategy(bollinger, ['period=3', 'width=1'], { close: closes }, { fill: false }))).toEqual(['3 target long 1']);
  });

  it('signals on a bar the same whether or not later bars exist', () => {
    const args = ['period=3', 'width=1', 'mode=reverse'];
    const full = runStrategy(bollinger, args, { close: CLOSES });
    for (let k = 1; k <= CLOSES.length; k++) {
      expect(runStrategy(bollinger, args, { close: CLOSES.slice(0, k) })).toEqual(full.filter((s) => s.bar < k));
    }
  });
});
