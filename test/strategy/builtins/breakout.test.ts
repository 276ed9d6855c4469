import { describe, expect, it } from 'vitest';
import { breakout } from '../../../src/strategy/builtins/breakout.js';
import { runStrategy, summary, type Columns } from '../strategy-harness.js';

/**
 * entry=3, exit=2; each bar's high is its close + 0.5 and its low the close − 0.5. By hand:
 * 1: close 11 beats bar 0's high, but 3 earlier bars are needed: nothing · 3: close 12 beats 11.5,
 * the high of bars 0-2 (its own high, 12.5, is not in the channel): long · 6: close 11.2 under
 * 11.5, the low of bars 4-5: out; with mode=reverse it is also under 11.5, the low of bars 3-5:
 * short instead · 7-8: nothing new.
 */
const CLOSES = [10, 11, 10, 12, 13, 12, 11.2, 10, 9];
const BARS: Columns = { close: CLOSES, high: CLOSES.map((c) => c + 0.5), low: CLOSES.map((c) => c - 0.5) };

describe('breakout', () => {
  it('buys a close above the earlier bars\' highest high and exits below their lowest low', () => {
    expect(summary(runStrategy(breakout, ['entry=3', 'exit=2', 'size=3'], BARS))).toEqual(['3 target long 3', '6 close']);
  });

  it('reverses to short on a break of the entry low with mode=reverse', () => {
    expect(summary(runStrategy(breakout, ['entry=3', 'exit=2', 'size=3', 'mode=reverse'], BARS))).toEqual(['3 target long 3', '6 target short 3']);
  });

  it('signals on a bar the same whether or not later bars exist', () => {
    const args = ['entry=3', 'exit=2', 'mode=reverse'];
    const full = runStrategy(breakout, args, BARS);
    for (let k = 1; k <= CLOSES.length; k++) {
      const prefix: Columns = { close: CLOSES.slice(0, k), high: BARS.high?.slice(0, k), low: BARS.low?.slice(0, k) };
      expect(runStrategy(breakout, args, prefix)).toEqual(full.filter((s) => s.bar < k));
    }
  });
});
