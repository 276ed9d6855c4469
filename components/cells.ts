import { formatQty, formatSigned, type Decimal } from '../src/domain/decimal.js';
import type { Order } from '../src/domain/order.js';
import { unrealizedPnl, type Position } from '../src/domain/position.js';
import type { Quote } from '../src/broker/port.js';
import type { Cells, ColumnSpec } from './columns.js';
import {
  dayChangePercent,
  formatClockTime,
  formatPercent,
  formatPrice,
  logLevelColor,
  orderFillText,
  orderPriceText,
  orderSizeText,
  orderStatusColor,
  orderStatusLabel,
  orderTypeLabel,
  signColor,
  type MergedLogLine,
} from './format.js';

/** Give-way ranks: the time-in-force goes first, the status and fill never. */
export const ORDER_COLUMNS: readonly ColumnSpec[] = [
  { id: 'seq' },
  { id: 'time', giveWay: 2 },
  { id: 'side', min: 4 },
  { id: 'size', align: 'right' },
  { id: 'symbol' },
  { id: 'type', giveWay: 3 },
  { id: 'price', align: 'right', giveWay: 5 },
  { id: 'tif', giveWay: 1 },
  { id: 'fill' },
  { id: 'status' },
  { id: 'age', align: 'right', giveWay: 4 },
];

/** `age` is passed in (empty for finished orders) so the rest of the row depends on the order alone. */
export function orderCells(order: Order, age: string): Cells {
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
    age: { text: age, dim: true },
  };
}

export const QUOTE_COLUMNS: readonly ColumnSpec[] = [
  { id: 'symbol' },
  { id: 'bid', align: 'right' },
  { id: 'ask', giveWay: 1 },
  { id: 'change', align: 'right', giveWay: 2 },
];

export function quoteCells(symbol: string, quote: Quote | undefined): Cells {
  if (quote === undefined) return { symbol: { text: symbol, bold: true }, bid: { text: '—', dim: true } };
  const change = dayChangePercent(quote);
  return {
    symbol: { text: symbol, bold: true },
    bid: { text: formatPrice(quote.bid) },
    ask: { text: `x ${formatPrice(quote.ask)}` },
    change: change === undefined ? { text: '' } : { text: formatPercent(change), color: signColor(change) },
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
