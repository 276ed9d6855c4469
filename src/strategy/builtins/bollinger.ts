import { BollingerBands } from '../indicators/bollinger-bands.js';
import { defineStrategy, type BarSeries, type Intents, type StrategyContext } from '../strategy.js';
import { BarCursor } from './bar-cursor.js';
import { MODE_PARAM, SIZE_PARAM } from './common-params.js';

/**
 * Mean reversion on Bollinger bands of closes: a close below the lower band buys, and the long
 * exits when a close gets back to the middle band (or the upper, exit=far). With mode=reverse a
 * close above the upper band sells short, mirrored. Entries and exits follow the strategy's own
 * position and wait while one of its orders is working, so a band that stays crossed for several
 * bars sends one order, and a refused order is tried again on the next bar that still qualifies.
 */
export const bollinger = defineStrategy({
  name: 'bollinger',
  description: 'mean reversion: long below the lower Bollinger band, out at the middle; mode=reverse also shorts above the upper',
  params: {
    period: { type: 'integer', default: 20, min: 2, max: 500, description: 'bars in the average and the deviation' },
    width: { type: 'number', default: 2, min: 0.5, max: 5, description: 'distance of the outer bands from the middle, in standard deviations' },
    exit: { type: 'choice', default: 'middle', choices: ['middle', 'far'], description: 'where a position exits: the middle band, or the far band' },
    mode: MODE_PARAM,
    size: SIZE_PARAM,
  },
  warmUpBars: ({ period }) => period,
  create({ period, width, exit, mode, size }) {
    const bands = new BollingerBands(period, width);
    const cursor = new BarCursor();
    const feed = (bars: BarSeries, i: number): void => bands.push(bars.close(i));
    const longExit = (): number => (exit === 'middle' ? bands.middle : bands.upper);
    const shortExit = (): number => (exit === 'middle' ? bands.middle : bands.lower);
    return {
      onBar(ctx: StrategyContext): Intents {
        if (!cursor.advance(ctx.bars, feed) || !bands.ready || ctx.workingOrders.length > 0) return;
        const close = ctx.bars.close(ctx.bars.length - 1);
        const qty = ctx.position.qty;
        if (close < bands.lower && !qty.gt(0)) {
          return { kind: 'target', direction: 'long', size, reason: `close ${close.toFixed(2)} below the lower band ${bands.lower.toFixed(2)}` };
        }
        if (mode === 'reverse' && close > bands.upper && !qty.lt(0)) {
          return { kind: 'target', direction: 'short', size, reason: `close ${close.toFixed(2)} above the upper band ${bands.upper.toFixed(2)}` };
        }
        if (qty.gt(0) && close >= longExit()) return { kind: 'close', reason: `close ${close.toFixed(2)} back to ${exit} band ${longExit().toFixed(2)}` };
        if (qty.lt(0) && close <= shortExit()) return { kind: 'close', reason: `close ${close.toFixed(2)} back to ${exit} band ${shortExit().toFixed(2)}` };
        return;
      },
    };
  },
});
