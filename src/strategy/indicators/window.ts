/**
 * The last `period` values pushed, in a fixed ring: pushing returns the value that fell out, so a
 * rolling statistic updates in O(1) without allocating per bar.
 */
export class SlidingWindow {
  readonly period: number;
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(period: number) {
    if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`an indicator's period must be a whole number from 1 up, not ${period}`);
    this.period = period;
    this.values = new Float64Array(period);
  }

  /** Values held: `period` once full. */
  get count(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.period;
  }

  /** Adds `value`; returns the value it pushed out, or NaN while the window was still filling. */
  push(value: number): number {
    const dropped = this.full ? (this.values[this.next] as number) : Number.NaN;
    this.values[this.next] = value;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    if (!this.full) this.filled++;
    return dropped;
  }

  /** Sum of the held values, recomputed: O(period), for an occasional resync of a rolling figure. */
  total(): number {
    let sum = 0;
    for (let k = 0; k < this.filled; k++) sum += this.values[k] as number;
    return sum;
  }

  /** Sum of the held values' squared distances from `center`, recomputed like total(). */
  squaredDistances(center: number): number {
    let sum = 0;
    for (let k = 0; k < this.filled; k++) sum += ((this.values[k] as number) - center) ** 2;
    return sum;
  }
}
