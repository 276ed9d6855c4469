import { adjustmentChange, type Adjustment } from './adjustment.js';
import { ZERO, maxDec, minDec, type Decimal } from './decimal.js';
import type { Fill } from './fill.js';
import { applyFillToPosition, flatPosition, type Position } from './position.js';

/**
 * One round trip in a symbol: from the fill (or adjustment) that takes the position away from zero
 * to the one that brings it back. Accounting is the positions' own (average cost), so the trips'
 * realized P&L adds up exactly to what the positions realized.
 */
export interface RoundTrip {
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly openedAt: number;
  /** Absent while the position is still open. */
  readonly closedAt?: number;
  /** The largest size held at any point of the trip. */
  readonly maxQty: Decimal;
  /** What the fills that opened or added to the position traded (bought for a long, sold for a short). */
  readonly entryQty: Decimal;
  readonly entryValue: Decimal;
  /** What the fills that reduced or closed the position traded. */
  readonly exitQty: Decimal;
  readonly exitValue: Decimal;
  /** The position's realized P&L change over the trip, gross of commissions as positions keep it. */
  readonly realizedPnl: Decimal;
  readonly commission: Decimal;
  /** Fills that moved the position during the trip; a fill that flips the position counts in both trips. */
  readonly fills: number;
  /** A correction to the broker's figures (not a trade) moved the position during the trip. */
  readonly adjusted: boolean;
}

/** What moves a position, in the order the books replay them. */
export type BookEntry = { readonly kind: 'fill'; readonly fill: Fill } | { readonly kind: 'adjustment'; readonly adjustment: Adjustment };

export function entryTime(entry: BookEntry): number {
  return entry.kind === 'fill' ? entry.fill.at : entry.adjustment.at;
}

type OpenTrip = { -readonly [K in keyof RoundTrip]: RoundTrip[K] };

/**
 * Decimal places kept when a flipping fill's value is split between the trip it closes and the one
 * it opens; the two parts always add up to the whole, whatever is rounded off one of them.
 */
const SPLIT_PLACES = 20;

/**
 * Replays fills and adjustments, in time order, through the positions' average-cost accounting and
 * cuts them into round trips. A fill that flips the position closes one trip and opens the next
 * with the remainder; its commission is shared by quantity.
 */
export class RoundTripBook {
  private readonly positions = new Map<string, Position>();
  private readonly open = new Map<string, OpenTrip>();

  /** Books one fill or adjustment; returns the trips it closed. */
  book(entry: BookEntry): RoundTrip[] {
    return entry.kind === 'fill' ? this.bookFill(entry.fill) : this.bookAdjustment(entry.adjustment);
  }

  /** Trips not closed yet, oldest first. */
  openTrips(): RoundTrip[] {
    return [...this.open.values()].map((trip) => ({ ...trip })).sort((a, b) => a.openedAt - b.openedAt);
  }

  private bookFill(fill: Fill): RoundTrip[] {
    const before = this.positions.get(fill.symbol) ?? flatPosition(fill.symbol);
    const after = applyFillToPosition(before, fill.side, fill.qty, fill.price, fill.notional);
    this.positions.set(fill.symbol, after);
    const value = fill.notional ?? fill.qty.times(fill.price);
    const adds = before.qty.isZero() || before.qty.isNeg() === (fill.side === 'sell');
    const closing = adds ? ZERO : minDec(before.qty.abs(), fill.qty);
    const closed: RoundTrip[] = [];
    let opening = fill.qty;
    let openingValue = value;
    let openingCommission = fill.commission;
    const trip = this.open.get(fill.symbol);
    if (trip !== undefined && closing.gt(0)) {
      const exitValue = closing.eq(fill.qty) ? value : value.times(closing).div(fill.qty).toDecimalPlaces(SPLIT_PLACES);
      const exitCommission = closing.eq(fill.qty) ? fill.commission : shareOf(fill.commission, closing, fill.qty);
      trip.exitQty = trip.exitQty.plus(closing);
      trip.exitValue = trip.exitValue.plus(exitValue);
      trip.realizedPnl = trip.realizedPnl.plus(after.realizedPnl.minus(before.realizedPnl));
      trip.commission = trip.commission.plus(exitCommission);
      trip.fills++;
      opening = fill.qty.minus(closing);
      openingValue = value.minus(exitValue);
      openingCommission = fill.commission.minus(exitCommission);
      if (after.qty.isZero() || opening.gt(0)) closed.push(this.close(trip, fill.at));
    }
    if (opening.gt(0)) {
      const current = this.open.get(fill.symbol) ?? this.start(fill.symbol, after.qty, fill.at, false);
      current.entryQty = current.entryQty.plus(opening);
      current.entryValue = current.entryValue.plus(openingValue);
      current.commission = current.commission.plus(openingCommission);
      current.fills++;
    }
    this.holding(fill.symbol, after.qty);
    return closed;
  }

  private bookAdjustment(adjustment: Adjustment): RoundTrip[] {
    const { symbol } = adjustment;
    if (symbol === undefined || adjustment.qty.isZero()) return [];
    const before = this.positions.get(symbol) ?? flatPosition(symbol);
    const [after = before] = adjustmentChange(ZERO, before, adjustment).positions;
    this.positions.set(symbol, after);
    const closed: RoundTrip[] = [];
    const trip = this.open.get(symbol);
    if (trip !== undefined) {
      trip.adjusted = true;
      if (after.qty.isZero() || after.qty.isNeg() !== before.qty.isNeg()) closed.push(this.close(trip, adjustment.at));
    }
    if (!after.qty.isZero() && !this.open.has(symbol)) this.start(symbol, after.qty, adjustment.at, true);
    this.holding(symbol, after.qty);
    return closed;
  }

  private start(symbol: string, qty: Decimal, at: number, adjusted: boolean): OpenTrip {
    const trip: OpenTrip = {
      symbol,
      direction: qty.isNeg() ? 'short' : 'long',
      openedAt: at,
      maxQty: ZERO,
      entryQty: ZERO,
      entryValue: ZERO,
      exitQty: ZERO,
      exitValue: ZERO,
      realizedPnl: ZERO,
      commission: ZERO,
      fills: 0,
      adjusted,
    };
    this.open.set(symbol, trip);
    return trip;
  }

  private close(trip: OpenTrip, at: number): RoundTrip {
    this.open.delete(trip.symbol);
    return { ...trip, closedAt: at };
  }

  private holding(symbol: string, qty: Decimal): void {
    const trip = this.open.get(symbol);
    if (trip !== undefined) trip.maxQty = maxDec(trip.maxQty, qty.abs());
  }
}

/** `part / whole` of an amount, rounded to the amount's own places (cents at least). */
function shareOf(amount: Decimal, part: Decimal, whole: Decimal): Decimal {
  return amount.times(part).div(whole).toDecimalPlaces(Math.max(amount.decimalPlaces(), 2));
}
