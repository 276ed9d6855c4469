/**
 * The highest (or lowest) of the last `period` values, by a monotonic deque: each value enters and
 * leaves it once, so a bar costs O(1) however long the window. The deque lives in two fixed rings
 * (values and the push number each arrived with), so nothing is allocated per bar.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly arrivals: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;

  constructor(
    readonly period: number,
    private readonly keep: 'max' | 'min',
  ) {
    if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`an indicator's period must be a whole number from 1 up, not ${period}`);
    this.values = new Float64Array(period);
    this.arrivals = new Float64Array(period);
  }

  get ready(): boolean {
    return this.pushed >= this.period;
  }

  /** NaN until `period` values have come. */
  get value(): number {
    return this.ready ? (this.values[this.head] as number) : Number.NaN;
  }

  push(value: number): void {
    const arrival = this.pushed++;
    while (this.size > 0 && (this.arrivals[this.head] as number) <= arrival - this.period) {
      this.head = this.slot(1);
      this.size--;
    }
    while (this.size > 0 && this.dominates(value, this.values[this.slot(this.size - 1)] as number)) this.size--;
    const tail = this.slot(this.size);
    this.values[tail] = value;
    this.arrivals[tail] = arrival;
    this.size++;
  }

  /** A new value makes an older one it equals or beats irrelevant: the older leaves the window first. */
  private dominates(value: number, older: number): boolean {
    return this.keep === 'max' ? value >= older : value <= older;
  }

  private slot(offset: number): number {
    return (this.head + offset) % this.period;
  }
}
