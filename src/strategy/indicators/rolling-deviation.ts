import { SlidingWindow } from './window.js';

/**
 * Mean and population standard deviation over `period` values (Bollinger's convention divides by
 * the period, not period − 1). Welford's update, slid: a sum of squares minus the squared sum would
 * cancel away most digits for prices in the hundreds moving by cents. Once every `period` bars both
 * figures are recomputed from the window, O(1) a bar on average, so rounding cannot pile up over a
 * long run.
 */
export class RollingDeviation {
  private readonly window: SlidingWindow;
  private mean = 0;
  private squares = 0;
  private sinceResync = 0;

  constructor(period: number) {
    this.window = new SlidingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  /** NaN until `period` values have come. */
  get average(): number {
    return this.window.full ? this.mean : Number.NaN;
  }

  /** NaN until `period` values have come. */
  get deviation(): number {
    return this.window.full ? Math.sqrt(Math.max(0, this.squares) / this.window.period) : Number.NaN;
  }

  push(value: number): void {
    const dropped = this.window.push(value);
    const before = this.mean;
    if (Number.isNaN(dropped)) {
      this.mean += (value - before) / this.window.count;
      this.squares += (value - before) * (value - this.mean);
    } else {
      this.mean += (value - dropped) / this.window.period;
      this.squares += (value - dropped) * (value - this.mean + dropped - before);
    }
    if (++this.sinceResync === this.window.period) this.resync();
  }

  private resync(): void {
    this.sinceResync = 0;
    this.mean = this.window.total() / this.window.count;
    this.squares = this.window.squaredDistances(this.mean);
  }
}
