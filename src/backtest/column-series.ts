import type { BarSeries } from '../strategy/strategy.js';
import type { BarColumns } from './types.js';

/**
 * A BarSeries read straight from a run's columns. The run moves `length` forward in place, one bar
 * at a time, so the strategy's view of history grows without an object per bar; any index at or
 * past `length` is a bar that has not happened yet and throws.
 */
export class ColumnSeries implements BarSeries {
  length = 0;
  readonly first = 0;
  private readonly columns: BarColumns;

  constructor(columns: BarColumns) {
    this.columns = columns;
  }

  readonly start = (index: number): number => this.columns.start[this.checked(index)] as number;
  readonly open = (index: number): number => this.columns.open[this.checked(index)] as number;
  readonly high = (index: number): number => this.columns.high[this.checked(index)] as number;
  readonly low = (index: number): number => this.columns.low[this.checked(index)] as number;
  readonly close = (index: number): number => this.columns.close[this.checked(index)] as number;
  readonly volume = (index: number): number => this.columns.volume[this.checked(index)] as number;
  /** Columns carry no trade counts: 0, as for a bar made from quotes alone. */
  readonly trades = (index: number): number => {
    this.checked(index);
    return 0;
  };

  private checked(index: number): number {
    // A typed array reads NaN or a fraction as undefined, which would pass for a price: refused too.
    if (!(index >= 0 && index < this.length && Number.isInteger(index))) {
      throw new RangeError(`bar ${index} is not readable: bars 0 to ${this.length - 1} have happened, later ones have not`);
    }
    return index;
  }
}
