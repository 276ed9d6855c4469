import { SlidingWindow } from './window.js';

/**
 * Simple moving average over `period` values. The rolling sum is compensated (Neumaier): over
 * millions of bars a plain `sum += new - old` drifts, and a cross is decided by comparing two
 * averages strictly, so a drifted average could invent or hide one.
 */
export class Sma {
  private readonly window: SlidingWindow;
  private sum = 0;
  private compensation = 0;
  // Worked out once a push rather than on each read: a strategy reads it several times a bar.
  private average = Number.NaN;

  constructor(period: number) {
    this.window = new SlidingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  /** The average of the last `period` values; NaN until that many have come. */
  get value(): number {
    return this.average;
  }

  push(value: number): void {
    const dropped = this.window.push(value);
    this.add(value);
    if (!Number.isNaN(dropped)) this.add(-dropped);
    this.average = this.window.full ? (this.sum + this.compensation) / this.window.period : Number.NaN;
  }

  private add(value: number): void {
    const total = this.sum + value;
    this.compensation += Math.abs(this.sum) >= Math.abs(value) ? this.sum - total + value : value - total + this.sum;
    this.sum = total;
  }
}
