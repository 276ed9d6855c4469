import type { Adjustment } from '../domain/adjustment.js';
import type { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import { entryTime, RoundTripBook, type BookEntry, type RoundTrip } from '../domain/round-trips.js';
import { inRange, type TimeRange } from './export-dates.js';
import type { History } from './export-history.js';
import { decimalColumn, flagColumn, integerColumn, textColumn, timeColumn, type Column } from './export-table.js';
import { mergeByTime, sortedWithinMonths } from './time-order.js';

/** Averages are for reading, not adding up: six places is finer than any price tick. */
const AVERAGE_PLACES = 6;

export const TRADE_COLUMNS: readonly Column<RoundTrip>[] = [
  textColumn('symbol', (t) => t.symbol),
  textColumn('direction', (t) => t.direction),
  textColumn('status', (t) => (t.closedAt === undefined ? 'open' : 'closed')),
  timeColumn('opened', (t) => t.openedAt),
  timeColumn('closed', (t) => t.closedAt),
  decimalColumn('maxQty', (t) => t.maxQty),
  decimalColumn('avgEntry', (t) => average(t.entryValue, t.entryQty)),
  decimalColumn('avgExit', (t) => average(t.exitValue, t.exitQty)),
  decimalColumn('realizedPnl', (t) => t.realizedPnl),
  decimalColumn('commissions', (t) => t.commission),
  integerColumn('fills', (t) => t.fills),
  flagColumn('adjusted', (t) => t.adjusted),
];

/**
 * Round trips closed in the range, in the order they closed, then the trips still open that had
 * opened by its end. Average cost depends on everything before, so the whole history is replayed
 * whatever the range, a month at a time.
 */
export async function selectTrades(history: History, range: TimeRange): Promise<RoundTrip[]> {
  const book = new RoundTripBook();
  const trades: RoundTrip[] = [];
  for await (const entry of bookEntries(history)) {
    for (const trip of book.book(entry)) if (trip.closedAt !== undefined && inRange(range, trip.closedAt)) trades.push(trip);
  }
  const open = book.openTrips().filter((trip) => range.to === undefined || trip.openedAt <= range.to);
  return [...trades, ...open];
}

/** Every fill and adjustment in time order; at the same time fills first, archived before live (their booking order). */
function bookEntries(history: History): AsyncIterable<BookEntry> {
  const toFill = (fill: Fill): BookEntry => ({ kind: 'fill', fill });
  const toAdjustment = (adjustment: Adjustment): BookEntry => ({ kind: 'adjustment', adjustment });
  return mergeByTime(
    [
      sortedWithinMonths(mapped(history.archivedFills(), toFill), entryTime),
      mapped(byTime(history.fills, (fill) => fill.at), toFill),
      sortedWithinMonths(mapped(history.archivedAdjustments(), toAdjustment), entryTime),
      mapped(byTime(history.adjustments, (adjustment) => adjustment.at), toAdjustment),
    ],
    entryTime,
  );
}

async function* mapped<T>(records: AsyncIterable<T> | Iterable<T>, entry: (record: T) => BookEntry): AsyncGenerator<BookEntry> {
  for await (const record of records) yield entry(record);
}

function byTime<T>(records: readonly T[], at: (record: T) => number): T[] {
  return [...records].sort((a, b) => at(a) - at(b));
}

function average(value: Decimal, qty: Decimal): Decimal | undefined {
  return qty.isZero() ? undefined : value.div(qty).toDecimalPlaces(AVERAGE_PLACES);
}
