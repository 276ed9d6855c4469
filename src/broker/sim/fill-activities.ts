import { ZERO, maxDec, sumDec } from '../../domain/decimal.js';
import type { LedgerFill } from '../controls.js';
import { MAX_ACTIVITIES_PAGE, type FillActivity, type FillActivityQuery } from '../port.js';
import { invalid } from './refusal.js';
import type { SimLedger } from './sim-ledger.js';
import type { SimOrderBook } from './sim-orders.js';

/**
 * Alpaca's GET /v2/account/activities/FILL over the exchange's executions. An activity's id is the
 * execution's time to the millisecond, then its execution id, as Alpaca's
 * `20261201143000123::<uuid>`: executions are booked in time order and their ids count up, so the
 * ids sort as the executions happened and the ledger can be searched by them.
 */
export function listFillActivities(ledger: SimLedger, book: SimOrderBook, query: FillActivityQuery): FillActivity[] {
  const pageSize = query.pageSize ?? MAX_ACTIVITIES_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_ACTIVITIES_PAGE) {
    throw invalid(`page_size must be an integer from 1 to ${MAX_ACTIVITIES_PAGE}, not ${String(pageSize)}`);
  }
  const fills = ledger.fills();
  const { afterId } = query;
  if (query.newestFirst === true) {
    const end = afterId === undefined ? fills.length : firstAtOrAfter(fills, afterId);
    return fills
      .slice(Math.max(0, end - pageSize), end)
      .reverse()
      .map((fill) => activityOf(fill, ledger, book));
  }
  const start = afterId === undefined ? 0 : firstAfter(fills, afterId);
  return fills.slice(start, start + pageSize).map((fill) => activityOf(fill, ledger, book));
}

export function activityId(fill: LedgerFill): string {
  return `${fill.at.replace(/\D/g, '')}::${fill.executionId}`;
}

function firstAfter(fills: readonly LedgerFill[], id: string): number {
  return search(fills, (fill) => activityId(fill) > id);
}

function firstAtOrAfter(fills: readonly LedgerFill[], id: string): number {
  return search(fills, (fill) => activityId(fill) >= id);
}

/** The first index where `past` holds; it holds for every index after it. */
function search(fills: readonly LedgerFill[], past: (fill: LedgerFill) => boolean): number {
  let low = 0;
  let high = fills.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (past(fills[mid] as LedgerFill)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The order as it stood right after this execution: filled so far, and what was left of it. */
function activityOf(fill: LedgerFill, ledger: SimLedger, book: SimOrderBook): FillActivity {
  const orderFills = ledger.orderFills(fill.orderId);
  const upTo = orderFills.slice(0, orderFills.indexOf(fill) + 1);
  const cumQty = sumDec(upTo.map((f) => f.qty));
  const order = book.find(fill.orderId)?.order;
  const isLast = upTo.length === orderFills.length;
  // A dollar-amount order has no quantity to measure against: it was done once its last execution
  // left it filled. An order archived since has ended, so its last execution finished it.
  const complete = order?.qty === undefined ? isLast && (order === undefined || order.status === 'filled') : cumQty.gte(order.qty);
  const leavesQty = order?.qty === undefined ? ZERO : maxDec(ZERO, order.qty.minus(cumQty));
  return {
    id: activityId(fill),
    orderId: fill.orderId,
    symbol: fill.symbol,
    side: fill.side,
    qty: fill.qty,
    price: fill.price,
    cumQty,
    leavesQty,
    orderStatus: complete ? 'filled' : 'partially_filled',
    transactionTime: fill.at,
    commission: fill.commission,
  };
}
