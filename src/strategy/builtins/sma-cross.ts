import { Sma } from '../indicators/sma.js';
import { defineStrategy, type BarSeries, type Intents } from '../strategy.js';
import { BarCursor } from './bar-cursor.js';
import { MODE_PARAM, SIZE_PARAM } from './common-params.js';

/**
 * Trades the crossing of two simple moving averages of closes. A cross up at bar i is
 * fast[i−1] < slow[i−1] and fast[i] > slow[i], strictly: averages that only touch are no cross, and
 * nothing is signalled until both averages exist at i−1 and at i.
 */
export const smaCross = defineStrategy({
  name: 'sma-cross',
  description: 'long when the fast average of closes crosses above the slow one; flat, or short with mode=reverse, when it crosses below',
  params: {
    fast: { type: 'integer', default: 5, min: 2, max: 200, description: 'bars in the fast average' },
    slow: { type: 'integer', default: 20, min: 3, max: 500, description: 'bars in the slow average' },
    mode: MODE_PARAM,
    size: SIZE_PARAM,
  },
  check: ({ fast, slow }) => (fast < slow ? undefined : `fast (${fast}) must be below slow (${slow})`),
  warmUpBars: ({ slow }) => slow + 1,
  create({ fast: fastPeriod, slow: slowPeriod, mode, size }) {
    const fast = new Sma(fastPeriod);
    const slow = new Sma(slowPeriod);
    const cursor = new BarCursor();
    let crossed: 'up' | 'down' | undefined;
    const feed = (bars: BarSeries, i: number): void => {
      const fastBefore = fast.value;
      const slowBefore = slow.value;
      fast.push(bars.close(i));
      slow.push(bars.close(i));
      // NaN (an average not there yet) compares false either way: no cross during warm-up.
      if (fastBefore < slowBefore && fast.value > slow.value) crossed = 'up';
      else if (fastBefore > slowBefore && fast.value < slow.value) crossed = 'down';
      else crossed = undefined;
    };
    return {
      onBar(ctx): Intents {
        if (!cursor.advance(ctx.bars, feed) || crossed === undefined) return;
        const levels = `fast ${fast.value.toFixed(2)}, slow ${slow.value.toFixed(2)}`;
        if (crossed === 'up') return { kind: 'target', direction: 'long', size, reason: `fast average crossed above slow (${levels})` };
        if (mode === 'reverse') return { kind: 'target', direction: 'short', size, reason: `fast average crossed below slow (${levels})` };
        return { kind: 'close', reason: `fast average crossed below slow (${levels})` };
      },
    };
  },
});
