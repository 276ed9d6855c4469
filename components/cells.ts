import { formatQty, formatSigned, type Decimal } from '../src/domain/decimal.js';
import type { Order } from '../src/domain/order.js';
import { unrealizedPnl, type Position } from '../src/domain/position.js';
import type { Quote } from '../src/broker/port.js';
import type { PriceHistory } from '../store/history.js';
import type { StrategyView } from '../store/strategy-view.js';
import type { Cells, ColumnSpec } from './columns.js';
import {
  changePercent,
  formatClockTime,
  formatPercent,
  formatPrice,
  logLevelColor,
  orderAvgFillText,
  orderFillText,
  orderPriceText,
  orderSizeText,
  orderStatusColor,
  orderStatusLabel,
  orderTypeLabel,
  signColor,
  trendColor,
  type MergedLogLine,
} from './format.js';
import type { MetricsLine } from './metrics-lines.js';
import { sparkline } from './sparkline.js';
import type { Color } from './segments.js';

/**
 * Give-way ranks: the time-in-force goes first, the status and fill never. The timeout countdown
 * outlasts the age: when the core will cancel an order matters more than when it was sent.
 */
export const ORDER_COLUMNS: readonly ColumnSpec[] = [
  { id: 'seq' },
  { id: 'time', giveWay: 2 },
  { id: 'side', min: 4 },
  { id: 'size', align: 'right' },
  { id: 'symbol' },
  { id: 'type', giveWay: 3 },
  { id: 'price', align: 'right', giveWay: 7 },
  { id: 'tif', giveWay: 1 },
  { id: 'fill' },
  { id: 'status' },
  { id: 'avg', giveWay: 5 },
  { id: 'age', align: 'right', giveWay: 4 },
  { id: 'ttl', align: 'right', giveWay: 6 },
];

/**
 * `age` and `ttl` (the timeout countdown) are passed in, empty for finished orders, so the rest of
 * the row depends on the order alone.
 */
export function orderCells(order: Order, age: string, ttl = ''): Cells {
  return {
    seq: { text: `#${order.seq}` },
    time: { text: formatClockTime(order.createdAt), dim: true },
    side: { text: order.side.toUpperCase(), color: order.side === 'buy' ? 'green' : 'red' },
    size: { text: orderSizeText(order) },
    symbol: { text: order.symbol, bold: true },
    type: { text: orderTypeLabel(order.type) },
    price: { text: orderPriceText(order) },
    tif: { text: order.timeInForce.toUpperCase() },
    fill: { text: orderFillText(order) },
    status: { text: orderStatusLabel(order.status), color: orderStatusColor(order.status) },
    avg: { text: orderAvgFillText(order) },
    age: { text: age, dim: true },
    ttl: { text: ttl, color: 'yellow' },
  };
}

/** Fewer bars than this say nothing about a shape; the column gives way instead. */
const SPARK_MIN = 5;

/**
 * Bid x ask and the change never give way; the last price goes first (bid and ask bracket it), then
 * the sparkline, which takes whatever width is left.
 */
export const QUOTE_COLUMNS: readonly ColumnSpec[] = [
  { id: 'symbol' },
  { id: 'quote', align: 'right' },
  { id: 'last', align: 'right', giveWay: 1 },
  { id: 'change', align: 'right' },
  { id: 'spark', grow: true, min: SPARK_MIN, giveWay: 2 },
];

/** `sparkWidth` is the spark column's planned width (0 while planning: the column takes what is left). */
export function quoteCells(symbol: string, quote: Quote | undefined, history: PriceHistory | undefined, sparkWidth = 0): Cells {
  if (quote === undefined) return { symbol: { text: symbol, bold: true }, quote: { text: '—', dim: true } };
  const change = changePercent(quote, history?.first);
  const recent = history?.values ?? [];
  return {
    symbol: { text: symbol, bold: true },
    quote: { text: `${formatPrice(quote.bid)} x ${formatPrice(quote.ask)}` },
    last: { text: formatPrice(quote.last), bold: true },
    change: change === undefined ? { text: '' } : { text: formatPercent(change), color: signColor(change) },
    spark: { text: sparkline(recent, sparkWidth), color: trendColor(recent) },
  };
}

export const POSITION_COLUMNS: readonly ColumnSpec[] = [
  { id: 'symbol', min: 5 },
  { id: 'qty', align: 'right' },
  { id: 'avg', align: 'right', giveWay: 3 },
  { id: 'last', align: 'right', giveWay: 2 },
  { id: 'upl', align: 'right' },
  { id: 'rpl', align: 'right', giveWay: 1 },
];

function signedQty(qty: Decimal): string {
  return qty.gt(0) ? `+${formatQty(qty)}` : formatQty(qty);
}

function pnlCell(label: string, value: Decimal | undefined): Cells[string] {
  if (value === undefined) return { text: `${label} —`, dim: true };
  return { text: `${label} ${formatSigned(value)}`, color: signColor(value) };
}

/** `last` is the latest trade price; without one the row says so instead of guessing a P&L. */
export function positionCells(position: Position, last: Decimal | undefined): Cells {
  return {
    symbol: { text: position.symbol, bold: true },
    qty: { text: signedQty(position.qty), color: position.qty.isNeg() ? 'red' : 'green' },
    avg: { text: `avg ${formatPrice(position.avgCost)}` },
    last: last === undefined ? { text: 'last —', dim: true } : { text: `last ${formatPrice(last)}` },
    upl: pnlCell('upl', last === undefined ? undefined : unrealizedPnl(position, last)),
    rpl: pnlCell('rpl', position.realizedPnl),
  };
}

export function positionTotalCells(unrealized: Decimal, realized: Decimal): Cells {
  return {
    symbol: { text: 'total', bold: true },
    upl: pnlCell('upl', unrealized),
    rpl: pnlCell('rpl', realized),
  };
}

/** What a strategy trades matters more than which built-in it runs: the name gives way first. */
export const STRATEGY_COLUMNS: readonly ColumnSpec[] = [
  { id: 'id' },
  { id: 'name', giveWay: 1 },
  { id: 'symbols', giveWay: 2 },
  { id: 'state' },
  { id: 'pnl', align: 'right' },
];

const STRATEGY_STATE_COLORS: Readonly<Record<StrategyView['state'], Color | undefined>> = {
  starting: 'yellow',
  running: 'green',
  stopping: 'yellow',
  stopped: 'gray',
  error: 'red',
};

export function strategyCells(strategy: StrategyView): Cells {
  return {
    id: { text: strategy.id, bold: true },
    name: { text: strategy.name },
    symbols: { text: strategy.symbols.join(' ') },
    state: { text: strategy.state, color: STRATEGY_STATE_COLORS[strategy.state] },
    pnl: { text: formatSigned(strategy.pnl), color: signColor(strategy.pnl) },
  };
}

export const METRICS_COLUMNS: readonly ColumnSpec[] = [
  { id: 'label', min: 9 },
  { id: 'text', grow: true },
];

export function metricsCells(line: MetricsLine): Cells {
  return { label: { text: line.label, dim: true }, text: { text: line.text, color: line.color } };
}

export const LOG_COLUMNS: readonly ColumnSpec[] = [
  { id: 'time', giveWay: 1 },
  { id: 'level', min: 5 },
  { id: 'text', grow: true },
];

export function logCells(line: MergedLogLine): Cells {
  const { last, count } = line;
  return {
    time: { text: formatClockTime(last.at), dim: true },
    level: { text: last.level.toUpperCase(), color: logLevelColor(last.level) },
    text: { text: count > 1 ? `${last.text} (×${count})` : last.text },
  };
}
