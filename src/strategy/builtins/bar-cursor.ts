import type { BarSeries } from '../strategy.js';

/**
 * Where an incremental strategy has read up to. A strategy started with history in its series
 * reads all of it on its first bar, so its indicators warm up from the past without trading on it,
 * and after that reads one bar a call.
 */
export class BarCursor {
  private next = 0;

  /** Calls `feed` with each index not read yet, oldest first; false when there was none. */
  advance(bars: BarSeries, feed: (bars: BarSeries, index: number) => void): boolean {
    const from = Math.max(this.next, bars.first);
    for (let i = from; i < bars.length; i++) feed(bars, i);
    this.next = bars.length;
    return from < bars.length;
  }
}
