import { RollingExtreme } from '../indicators/rolling-extreme.js';
import { defineStrategy, type BarSeries, type Intents, type StrategyContext } from '../strategy.js';
import { BarCursor } from './bar-cursor.js';
import { MODE_PARAM, SIZE_PARAM } from './common-params.js';

/**
 * A Donchian channel breakout: long when a close beats the highest high of the `entry` bars before
 * it, out when a close falls below the lowest low of the `exit` bars before it. The channels are of
 * earlier bars only, so the current bar's own high never sets the level it has to beat. With
 * mode=reverse it mirrors the rules to go short. Like bollinger it acts on its own position and
 * waits while one of its orders is working.
 */
export const breakout = defineStrategy({
  name: 'breakout',
  description: 'Donchian breakout: long on a close above the highest high of the last entry bars, out below the lowest low of the last exit bars',
  params: {
    entry: { type: 'integer', default: 20, min: 2, max: 500, description: 'bars whose highest high a close must beat to enter' },
    exit: { type: 'integer', default: 10, min: 2, max: 500, description: 'bars whose lowest low a close must break to exit' },
    mode: MODE_PARAM,
    size: SIZE_PARAM,
  },
  warmUpBars: ({ entry, exit }) => Math.max(entry, exit) + 1,
  create({ entry, exit, mode, size }) {
    const entryHigh = new RollingExtreme(entry, 'max');
    const entryLow = new RollingExtreme(entry, 'min');
    const exitLow = new RollingExtreme(exit, 'min');
    const exitHigh = new RollingExtreme(exit, 'max');
    const cursor = new BarCursor();
    // The levels the current bar is judged against: the channels before it took its high and low.
    let aboveEntry = Number.NaN;
    let belowEntry = Number.NaN;
    let longStop = Number.NaN;
    let shortStop = Number.NaN;
    const feed = (bars: BarSeries, i: number): void => {
      aboveEntry = entryHigh.value;
      belowEntry = entryLow.value;
      longStop = exitLow.value;
      shortStop = exitHigh.value;
      entryHigh.push(bars.high(i));
      entryLow.push(bars.low(i));
      exitLow.push(bars.low(i));
      exitHigh.push(bars.high(i));
    };
    return {
      onBar(ctx: StrategyContext): Intents {
        if (!cursor.advance(ctx.bars, feed) || ctx.workingOrders.length > 0) return;
        const close = ctx.bars.close(ctx.bars.length - 1);
        const qty = ctx.position.qty;
        // NaN (a channel not full yet) compares false: no signal during warm-up.
        if (close > aboveEntry && !qty.gt(0)) {
          return { kind: 'target', direction: 'long', size, reason: `close ${close.toFixed(2)} broke above the ${entry}-bar high ${aboveEntry.toFixed(2)}` };
        }
        if (mode === 'reverse' && close < belowEntry && !qty.lt(0)) {
          return { kind: 'target', direction: 'short', size, reason: `close ${close.toFixed(2)} broke below the ${entry}-bar low ${belowEntry.toFixed(2)}` };
        }
        if (qty.gt(0) && close < longStop) return { kind: 'close', reason: `close ${close.toFixed(2)} fell below the ${exit}-bar low ${longStop.toFixed(2)}` };
        if (qty.lt(0) && close > shortStop) return { kind: 'close', reason: `close ${close.toFixed(2)} rose above the ${exit}-bar high ${shortStop.toFixed(2)}` };
        return;
      },
    };
  },
});
