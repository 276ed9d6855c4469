import { Decimal, formatAmount, formatQty, formatSigned } from '../src/domain/decimal.js';
import type { OrderType } from '../src/domain/order-types.js';
import type { OrderStatus } from '../src/domain/order-state.js';
import type { Order } from '../src/domain/order.js';
import type { Quote } from '../src/broker/port.js';
import type { LogEntry, LogLevel } from '../src/kernel/log-entry.js';
import type { Color } from './segments.js';
import { trend } from './sparkline.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time, `10:31:02`: what the trader's own clock shows. */
export function formatClockTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * When the market next opens or closes, in local time: `16:00` on the same day as `reference`,
 * `Mon 09:30` on another; undefined when the broker's timestamp cannot be read.
 */
export function formatMarketTime(iso: string, reference: number): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return d.toDateString() === new Date(reference).toDateString() ? time : `${WEEKDAYS[d.getDay()]} ${time}`;
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

/** Breaks text into lines of at most `width` characters at spaces; a longer word keeps a line to itself. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Says when a pane shows only part of its rows, so a trader knows there is more. */
export function windowedTitle(title: string, shown: number, total: number): string {
  return shown < total ? `${title} · ${shown} of ${total}` : title;
}

/** A count grouped in threes: `1,204`. */
export function formatCount(value: number): string {
  return formatAmount(new Decimal(value), Number.isInteger(value) ? 0 : 2);
}

/** `0.84ms`, `18ms`, `1.2s`, `45s`: two significant figures below 10 ms, whole units above. */
export function formatMillis(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${Number(ms.toPrecision(2))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  return seconds < 10 ? `${seconds.toFixed(1)}s` : `${Math.round(seconds)}s`;
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
  held: 'held',
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

/** `@ 187.44`: the average price of what has filled; empty before the first fill. */
export function orderAvgFillText(order: Order): string {
  if (order.filledQty.isZero() || order.avgFillPrice === undefined) return '';
  return `@ ${formatPrice(order.avgFillPrice)}`;
}

/**
 * `ttl 42s`: how long a working order has before the core cancels it; empty for one that works
 * until cancelled. At zero the final check is under way.
 */
export function orderTimeoutText(order: Order, now: number): string {
  if (order.timeoutAt === undefined) return '';
  return `ttl ${formatAge(order.timeoutAt - now)}`;
}

/**
 * The day's change of the last price in percent, against the previous close; undefined without
 * either, rather than a change from some other base that would pass for the day's.
 */
export function changePercent(quote: Pick<Quote, 'last' | 'prevClose'>): Decimal | undefined {
  const { last, prevClose } = quote;
  if (last === undefined || prevClose === undefined || prevClose.isZero()) return undefined;
  return last.minus(prevClose).div(prevClose).times(100);
}

export function signColor(value: Decimal): Color | undefined {
  if (value.gt(0)) return 'green';
  if (value.lt(0)) return 'red';
  return undefined;
}

/** Green for a series that ended above where it started, red below: the colour of its sparkline. */
export function trendColor(values: readonly number[]): Color | undefined {
  const direction = trend(values);
  return direction > 0 ? 'green' : direction < 0 ? 'red' : undefined;
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
