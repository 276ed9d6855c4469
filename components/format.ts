import { formatAmount, formatQty, formatSigned, type Decimal } from '../src/domain/decimal.js';
import type { OrderType } from '../src/domain/order-types.js';
import type { OrderStatus } from '../src/domain/order-state.js';
import type { Order } from '../src/domain/order.js';
import type { Quote } from '../src/broker/port.js';
import type { LogEntry, LogLevel } from '../src/core/events.js';
import type { Color } from './segments.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time, `10:31:02`: what the trader's own clock shows. */
export function formatClockTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `58s`, `3m05s`, `1h05m`: short enough for a column, precise where it matters. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${two(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h${two(minutes % 60)}m`;
}

/**
 * Two places, or up to four when the price carries them, so a sub-penny price is not rounded away
 * while a computed average (1550 / 15) does not print forty digits.
 */
export function formatPrice(price: Decimal): string {
  return formatAmount(price, Math.min(4, Math.max(2, price.decimalPlaces())));
}

/** Says when a pane shows only part of its rows, so a trader knows there is more. */
export function windowedTitle(title: string, shown: number, total: number): string {
  return shown < total ? `${title} · ${shown} of ${total}` : title;
}

export function formatPercent(value: Decimal): string {
  return `${formatSigned(value, 1)}%`;
}

const TYPE_LABELS: Readonly<Record<OrderType, string>> = {
  market: 'MKT',
  limit: 'LMT',
  stop: 'STP',
  stop_limit: 'STP LMT',
  trailing_stop: 'TRAIL',
};

export function orderTypeLabel(type: OrderType): string {
  return TYPE_LABELS[type];
}

const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_new: 'pending',
  new: 'new',
  partially_filled: 'partial',
  pending_cancel: 'canceling',
  pending_replace: 'replacing',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
  replaced: 'replaced',
};

export function orderStatusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

export function orderStatusColor(status: OrderStatus): Color | undefined {
  switch (status) {
    case 'filled':
      return 'green';
    case 'rejected':
      return 'red';
    case 'canceled':
    case 'expired':
    case 'replaced':
      return 'gray';
    case 'partially_filled':
    case 'pending_new':
    case 'pending_cancel':
    case 'pending_replace':
      return 'yellow';
    case 'new':
      return undefined;
  }
}

/** Shares, or dollars for a notional order. */
export function orderSizeText(order: Pick<Order, 'qty' | 'notional'>): string {
  if (order.qty !== undefined) return formatQty(order.qty);
  if (order.notional !== undefined) return `$${formatAmount(order.notional, order.notional.isInteger() ? 0 : 2)}`;
  return '';
}

/** The price that defines the order: limit, stop, `stop/limit`, or the trail as `1.5%` / `$1.50`. */
export function orderPriceText(order: Order): string {
  const { limitPrice, stopPrice, trailPercent, trailPrice } = order;
  switch (order.type) {
    case 'market':
      return '';
    case 'limit':
      return limitPrice === undefined ? '' : formatPrice(limitPrice);
    case 'stop':
      return stopPrice === undefined ? '' : formatPrice(stopPrice);
    case 'stop_limit':
      return [stopPrice, limitPrice].map((p) => (p === undefined ? '?' : formatPrice(p))).join('/');
    case 'trailing_stop':
      if (trailPercent !== undefined) return `${formatQty(trailPercent)}%`;
      return trailPrice === undefined ? '' : `$${formatPrice(trailPrice)}`;
  }
}

/** Filled against ordered, `0/10` (or against the dollar amount for a notional order). */
export function orderFillText(order: Order): string {
  return `${formatQty(order.filledQty)}/${orderSizeText(order)}`;
}

/** Day change against the previous close, in percent; undefined when there is no close to compare with. */
export function dayChangePercent(quote: Quote): Decimal | undefined {
  if (quote.prevClose.isZero()) return undefined;
  return quote.last.minus(quote.prevClose).div(quote.prevClose).times(100);
}

export function signColor(value: Decimal): Color | undefined {
  if (value.gt(0)) return 'green';
  if (value.lt(0)) return 'red';
  return undefined;
}

const LEVEL_COLORS: Readonly<Record<LogLevel, Color | undefined>> = {
  debug: 'gray',
  info: undefined,
  warn: 'yellow',
  error: 'red',
};

export function logLevelColor(level: LogLevel): Color | undefined {
  return LEVEL_COLORS[level];
}

export interface MergedLogLine {
  /** The first of the repeated entries: a stable identity for the line while it keeps repeating. */
  readonly first: LogEntry;
  readonly last: LogEntry;
  readonly count: number;
}

/** Folds runs of identical lines (a retry loop, a flapping stream) into one line with a count. */
export function mergeRepeats(entries: readonly LogEntry[]): MergedLogLine[] {
  const out: MergedLogLine[] = [];
  for (const entry of entries) {
    const previous = out.at(-1);
    if (previous !== undefined && previous.last.level === entry.level && previous.last.text === entry.text) {
      out[out.length - 1] = { first: previous.first, last: entry, count: previous.count + 1 };
    } else {
      out.push({ first: entry, last: entry, count: 1 });
    }
  }
  return out;
}
