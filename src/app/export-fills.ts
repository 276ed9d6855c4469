import type { Fill } from '../domain/fill.js';
import { inRange, type TimeRange } from './export-dates.js';
import type { History } from './export-history.js';
import { decimalColumn, integerColumn, textColumn, timeColumn, type Column } from './export-table.js';

export const FILL_COLUMNS: readonly Column<Fill>[] = [
  timeColumn('time', (f) => f.at),
  integerColumn('orderSeq', (f) => f.orderSeq),
  textColumn('symbol', (f) => f.symbol),
  textColumn('side', (f) => f.side),
  decimalColumn('qty', (f) => f.qty),
  decimalColumn('price', (f) => f.price),
  // A fill priced at an average carries its exact value; qty × price would be off in the last digits.
  decimalColumn('value', (f) => f.notional ?? f.qty.times(f.price)),
  decimalColumn('commission', (f) => f.commission),
  textColumn('detectedBy', (f) => f.detectedBy),
  textColumn('executionId', (f) => f.executionId),
  textColumn('clientOrderId', (f) => f.clientOrderId),
];

/** Fills made in the range, live and archived, each once, in time order (ties as they were booked). */
export async function selectFills(history: History, range: TimeRange): Promise<Fill[]> {
  const fills: Fill[] = [];
  for await (const fill of history.archivedFills(range)) if (inRange(range, fill.at)) fills.push(fill);
  for (const fill of history.fills) if (inRange(range, fill.at)) fills.push(fill);
  return fills.sort((a, b) => a.at - b.at);
}
