import type { Decimal } from '../domain/decimal.js';
import { BookedTrade, type TradePrice } from './booked-trade.js';

/** Where a trade's shares came in: the entry of an open lot. */
export interface TradeEntry {
  readonly entryBar: number;
  readonly entryTime: number;
  readonly entryPrice: TradePrice;
  readonly entryReason: string;
}

/** Where they went out: the fill that closed them. */
export interface TradeExit {
  readonly bar: number;
  readonly time: number;
  readonly price: TradePrice;
  readonly closedAtEnd: boolean;
}

/**
 * A run's round trips as columns while it runs, made into BookedTrade objects when first read. A
 * trade kept as an object from its close to the end of the run is copied by the garbage collections
 * it lives through, a box for each of its floats with it, and a million-bar run closes tens of
 * thousands; in columns of numbers it is a few array slots.
 */
export class TradeLog {
  private readonly sizes: number[] = [];
  private readonly entryBars: number[] = [];
  private readonly exitBars: number[] = [];
  private readonly entryTimes: number[] = [];
  private readonly exitTimes: number[] = [];
  // Prices in units, unboxed in arrays of floats, and NaN where the price is the decimal beside it.
  private readonly entryUnits: number[] = [];
  private readonly exitUnits: number[] = [];
  private readonly entryDecimals: (Decimal | undefined)[] = [];
  private readonly exitDecimals: (Decimal | undefined)[] = [];
  private readonly commissions: Decimal[] = [];
  private readonly returns: number[] = [];
  private readonly reasons: string[] = [];
  private readonly atEnd: boolean[] = [];
  private readonly made: BookedTrade[] = [];

  add(entry: TradeEntry, exit: TradeExit, size: number, commission: Decimal, returnPct: number): void {
    this.sizes.push(size);
    this.entryBars.push(entry.entryBar);
    this.exitBars.push(exit.bar);
    this.entryTimes.push(entry.entryTime);
    this.exitTimes.push(exit.time);
    this.entryUnits.push(typeof entry.entryPrice === 'number' ? entry.entryPrice : Number.NaN);
    this.entryDecimals.push(typeof entry.entryPrice === 'number' ? undefined : entry.entryPrice);
    this.exitUnits.push(typeof exit.price === 'number' ? exit.price : Number.NaN);
    this.exitDecimals.push(typeof exit.price === 'number' ? undefined : exit.price);
    this.commissions.push(commission);
    this.returns.push(returnPct);
    this.reasons.push(entry.entryReason);
    this.atEnd.push(exit.closedAtEnd);
  }

  /** Every trade so far, oldest first; the same objects on every read. */
  trades(): readonly BookedTrade[] {
    for (let k = this.made.length; k < this.sizes.length; k++) {
      this.made.push(
        new BookedTrade({
          size: this.sizes[k] as number,
          entryBar: this.entryBars[k] as number,
          exitBar: this.exitBars[k] as number,
          entryTime: this.entryTimes[k] as number,
          exitTime: this.exitTimes[k] as number,
          entryPrice: this.entryDecimals[k] ?? (this.entryUnits[k] as number),
          exitPrice: this.exitDecimals[k] ?? (this.exitUnits[k] as number),
          commission: this.commissions[k] as Decimal,
          returnPct: this.returns[k] as number,
          entryReason: this.reasons[k] as string,
          closedAtEnd: this.atEnd[k] as boolean,
        }),
      );
    }
    return this.made;
  }
}
