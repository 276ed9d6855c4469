import { MAX_ORDERS_PAGE, type BrokerOrder, type ListOrdersQuery } from '../port.js';
import { invalid } from './refusal.js';
import { isOpen, type SimOrderBook, type SimOrderRecord } from './sim-orders.js';

const LIST_LIMIT_DEFAULT = 50;

/**
 * Alpaca's GET /v2/orders with nested=true: top-level orders newest first, each parent with its
 * legs, filtered by status (a parent counts as open while it or any leg still works), submission
 * time and symbols, one page of `limit` at a time.
 */
export function listOrders(book: SimOrderBook, query: ListOrdersQuery): BrokerOrder[] {
  const limit = query.limit ?? LIST_LIMIT_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDERS_PAGE) {
    throw invalid(`limit must be an integer from 1 to ${MAX_ORDERS_PAGE}, not ${String(limit)}`);
  }
  const after = query.after === undefined ? undefined : Date.parse(query.after);
  if (after !== undefined && Number.isNaN(after)) throw invalid(`invalid after: ${query.after} (expected an ISO time)`);
  const symbols = query.symbols === undefined || query.symbols.length === 0 ? undefined : new Set(query.symbols.map((s) => s.toUpperCase()));
  const { beforeOrderId } = query;
  const page: BrokerOrder[] = [];
  const records = book.all();
  for (let i = records.length - 1; i >= 0 && page.length < limit; i--) {
    const record = records[i] as SimOrderRecord;
    const { order } = record;
    if (record.parentId !== undefined) continue;
    // Ids carry the exchange's order counter first, zero-padded, so their text sorts by age; the
    // cursor's own order may have been archived since the last page, and still marks the place.
    if (beforeOrderId !== undefined && order.id >= beforeOrderId) continue;
    if (query.status !== 'all' && (query.status === 'open') !== familyOpen(book, record)) continue;
    if (after !== undefined && Date.parse(order.submittedAt) <= after) continue;
    if (symbols !== undefined && !symbols.has(order.symbol)) continue;
    page.push(book.report(record));
  }
  return page;
}

function familyOpen(book: SimOrderBook, record: SimOrderRecord): boolean {
  return isOpen(record.order) || book.legsOf(record).some((leg) => isOpen(leg.order));
}
