/**
 * One symbol's live bars so far, as the BarSeries a strategy's context reads: columns of numbers
 * by index, counted from the first bar ever held (warm-up included), so indices never shift. It is
 * bounded: past `capacity` the oldest bar makes room for the newest and `first` moves up, since a
 * strategy needs only its longest window and a console may run for weeks. Columns start small and
 * grow by doubling up to the capacity.
 */
import type { Bar } from '../domain/bar.js';
import type { BarSeries } from './strategy.js';

/** How many bars a live series keeps: far past any indicator window, ~0.5 MB per symbol. */
export const LIVE_BAR_LIMIT = 10_000;

const FIRST_CHUNK = 256;
const FIELDS = ['start', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;
type Field = (typeof FIELDS)[number];

export class BarHistory implements BarSeries {
  readonly capacity: number;
  private columns: Record<Field, Float64Array>;
  /** Where the oldest bar sits in the columns. */
  private head = 0;
  /** Bars held, at most the capacity. */
  private count = 0;
  private total = 0;

  constructor(capacity = LIVE_BAR_LIMIT) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a bar history holds at least 1 bar, not ${capacity}`);
    this.capacity = capacity;
    this.columns = makeColumns(Math.min(FIRST_CHUNK, capacity));
  }

  get length(): number {
    return this.total;
  }

  get first(): number {
    return this.total - this.count;
  }

  /** Adds the bar after the newest; its start must be later. */
  append(bar: Bar): void {
    checkBar(bar);
    const newest = this.total === 0 ? undefined : this.start(this.total - 1);
    if (newest !== undefined && bar.start <= newest) {
      throw new RangeError(`bar at ${iso(bar.start)} is not after the newest bar (${iso(newest)}); bars are added in time order`);
    }
    if (this.count === this.columns.start.length && this.count < this.capacity) this.grow(Math.min(this.capacity, this.count * 2));
    const size = this.columns.start.length;
    this.write((this.head + this.count) % size, bar);
    if (this.count === size) this.head = (this.head + 1) % size;
    else this.count++;
    this.total++;
  }

  /**
   * Seeds an empty series with history, oldest first, so indicators are ready by the first live
   * bar. Only before any bar is held: seeding later would renumber bars the strategy has read.
   */
  warmUp(bars: readonly Bar[]): void {
    if (this.total > 0) throw new RangeError(`warm up before the first live bar; this history already holds ${this.total}`);
    for (const bar of bars) this.append(bar);
  }

  start(index: number): number {
    return this.read('start', index);
  }

  open(index: number): number {
    return this.read('open', index);
  }

  high(index: number): number {
    return this.read('high', index);
  }

  low(index: number): number {
    return this.read('low', index);
  }

  close(index: number): number {
    return this.read('close', index);
  }

  volume(index: number): number {
    return this.read('volume', index);
  }

  trades(index: number): number {
    return this.read('trades', index);
  }

  /** The whole bar, as a new object: for display and tests rather than per-bar loops. */
  bar(index: number): Bar {
    const bar = (field: Field): number => this.read(field, index);
    return { start: bar('start'), open: bar('open'), high: bar('high'), low: bar('low'), close: bar('close'), volume: bar('volume'), trades: bar('trades') };
  }

  private read(field: Field, index: number): number {
    return this.columns[field][this.slot(index)] ?? Number.NaN;
  }

  private slot(index: number): number {
    if (!Number.isInteger(index) || index < this.first || index >= this.total) {
      const held = this.count === 0 ? 'none is held yet' : `bars ${this.first} to ${this.total - 1} are held`;
      throw new RangeError(`no bar at index ${index}; ${held}`);
    }
    return (this.head + index - this.first) % this.columns.start.length;
  }

  private write(slot: number, bar: Bar): void {
    for (const field of FIELDS) this.columns[field][slot] = bar[field];
  }

  /** The oldest bar moves off slot 0 only once the columns are full at capacity, so growing is a plain copy. */
  private grow(size: number): void {
    const next = makeColumns(size);
    for (const field of FIELDS) next[field].set(this.columns[field]);
    this.columns = next;
  }
}

function makeColumns(size: number): Record<Field, Float64Array> {
  return Object.fromEntries(FIELDS.map((field) => [field, new Float64Array(size)])) as Record<Field, Float64Array>;
}

function checkBar(bar: Bar): void {
  for (const field of FIELDS) {
    if (Number.isFinite(bar[field])) continue;
    const name = Number.isFinite(bar.start) ? `bar at ${iso(bar.start)}` : 'a bar';
    throw new RangeError(`${name} has ${field} ${bar[field]}; every field of a bar is a finite number`);
  }
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
