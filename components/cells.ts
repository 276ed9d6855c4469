import { formatQty, formatSigned, type Decimal } from '../src/domain/decimal.js';
import { EXTERNAL_SOURCE } from '../src/domain/client-order-id.js';
import { MANUAL_SOURCE, type Order } from '../src/domain/order.js';
import { clipText } from '../src/kernel/clip-text.js';
import { unrealizedPnl, type Position } from '../src/domain/position.js';
import type { Quote } from '../src/broker/port.js';
import type { SampledSeries } from '../store/history.js';
import type { Mark } from '../store/mark-price.js';
import type { StrategyView } from '../store/strategy-view.js';
import type { Cells, ColumnSpec } from './columns.js';
import {
  changePercent,
  formatClockTime,
  formatCount,
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
import type { Segment } from './segments.js';

/**
 * Give-way ranks: who placed the order goes first, then the time-in-force; the status and fill
 * never. The timeout countdown outlasts the age: when the core will cancel an order matters more than
 * when it was sent. The order class and a leg's role outlast all but the price: they are what shows
 * two sells to be one protective group.
 */
export const ORDER_COLUMNS: readonly ColumnSpec[] = [
  { id: 'seq' },
  { id: 'time', giveWay: 3 },
  { id: 'side', min: 4 },
  { id: 'size', align: 'right' },
  { id: 'symbol' },
  { id: 'type', giveWay: 4 },
  { id: 'class', giveWay: 8 },
  { id: 'price', align: 'right', giveWay: 9 },
  { id: 'tif', giveWay: 2 },
  { id: 'fill' },
  { id: 'status' },
  { id: 'avg', giveWay: 6 },
  { id: 'age', align: 'right', giveWay: 5 },
  { id: 'ttl', align: 'right', giveWay: 7 },
  { id: 'src', giveWay: 1 },
];

const CLASS_LABELS: Readonly<Record<Exclude<Order['orderClass'], 'simple'>, string>> = { bracket: 'bkt', oco: 'oco', oto: 'oto' };

/** A strategy's id is cut to this many characters: the column stays narrow. */
const SOURCE_WIDTH = 6;

/** `man` for the trader, `ext` for an order placed outside Blotter, else the strategy's id, clipped. */
function sourceLabel(source: string): string {
  if (source === MANUAL_SOURCE) return 'man';
  if (source === EXTERNAL_SOURCE) return 'ext';
  return clipText(source, SOURCE_WIDTH);
}

/** What the class column needs of a leg's parent. */
export type ParentRow = Pick<Order, 'seq' | 'orderClass'>;

/**
 * The order holding a group names its class (`bkt` on a bracket's entry, `oco tp#12` on an oco's
 * take profit); a leg names its role and the row it belongs to (`sl#12`). Kept short: at 80 columns
 * it has to fit beside the price.
 */
function classLabel(order: Order, parent: ParentRow | undefined): string {
  const holdsGroup = order.orderClass !== 'simple' && parent?.orderClass !== order.orderClass;
  const role = order.role === undefined ? '' : order.role === 'take_profit' ? 'tp' : 'sl';
  const link = `${role}${parent === undefined ? '' : `#${parent.seq}`}`;
  return [holdsGroup ? CLASS_LABELS[order.orderClass] : '', link].filter((part) => part !== '').join(' ');
}

/**
 * `age` and `ttl` (the timeout countdown) are passed in, empty for finished orders, and so is a
 * leg's parent, so the rest of the row depends on the order alone.
 */
export function orderCells(order: Order, age: string, ttl = '', parent?: ParentRow): Cells {
  return {
    seq: { text: `#${order.seq}` },
    time: { text: formatClockTime(order.createdAt), dim: true },
    side: { text: order.side.toUpperCase(), color: order.side === 'buy' ? 'green' : 'red' },
    size: { text: orderSizeText(order) },
    symbol: { text: order.symbol, bold: true },
    type: { text: orderTypeLabel(order.type) },
    class: { text: classLabel(order, parent), color: order.role === undefined ? undefined : 'cyan' },
    price: { text: orderPriceText(order) },
    tif: { text: order.timeInForce.toUpperCase() },
    fill: { text: orderFillText(order) },
    status: { text: orderStatusLabel(order.status), color: orderStatusColor(order.status) },
    avg: { text: orderAvgFillText(order) },
    age: { text: age, dim: true },
    ttl: { text: ttl, color: 'yellow' },
    src: { text: sourceLabel(order.source), dim: true },
  };
}

/** Narrower than this a last signal says nothing; the column gives way instead. */
const LAST_SIGNAL_MIN = 12;

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

/** A side of the book; zero is Alpaca's empty or withdrawn side, not a price. */
function sideText(price: Decimal): string {
  return price.gt(0) ? formatPrice(price) : '—';
}

/**
 * A watched symbol's row: no quote yet is `— no quote`, dim; a stale quote (see
 * quote-staleness.ts) is grey and says `stale` where the change would be, so an old price never
 * passes for live. A missing last trade shows `—`, and without it or a previous close the change
 * is left blank. `sparkWidth` is the spark column's planned width (0 while planning: the column
 * takes what is left).
 */
/**
 * How far a quote can be trusted: `live`; `stale`, old while the market is open (a feed problem,
 * marked in yellow); `closed`, old because the market is closed (expected, so only dimmed).
 */
export type QuoteFreshness = 'live' | 'stale' | 'closed';

export function quoteFreshness(stale: boolean, marketOpen: boolean | undefined): QuoteFreshness {
  if (!stale) return 'live';
  return marketOpen === false ? 'closed' : 'stale';
}

export function quoteCells(symbol: string, quote: Quote | undefined, history: SampledSeries | undefined, freshness: QuoteFreshness, sparkWidth = 0): Cells {
  if (quote === undefined) {
    return { symbol: { text: symbol, bold: true }, quote: { text: '— no quote', dim: true } };
  }
  const recent = history?.values ?? [];
  const quoteText = `${sideText(quote.bid)} x ${sideText(quote.ask)}`;
  const lastText = quote.last === undefined ? '—' : formatPrice(quote.last);
  const spark = sparkline(recent, sparkWidth);
  if (freshness !== 'live') {
    return {
      symbol: { text: symbol, bold: true },
      quote: { text: quoteText, color: 'gray' },
      last: { text: lastText, color: 'gray' },
      change: freshness === 'closed' ? { text: 'closed', color: 'gray' } : { text: 'stale', color: 'yellow' },
      spark: { text: spark, color: 'gray' },
    };
  }
  const change = changePercent(quote);
  return {
    symbol: { text: symbol, bold: true },
    quote: { text: quoteText },
    last: quote.last === undefined ? { text: lastText, dim: true } : { text: lastText, bold: true },
    change: change === undefined ? { text: '' } : { text: formatPercent(change), color: signColor(change) },
    spark: { text: spark, color: trendColor(recent) },
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

/**
 * `mark` is the price the position is valued at, named as it is (`last`, or `mid` before a trade is
 * known); without one the row says so instead of guessing a P&L. A mark from a stale quote is grey.
 */
export function positionCells(position: Position, mark: Mark | undefined, stale: boolean): Cells {
  return {
    symbol: { text: position.symbol, bold: true },
    qty: { text: signedQty(position.qty), color: position.qty.isNeg() ? 'red' : 'green' },
    avg: { text: `avg ${formatPrice(position.avgCost)}` },
    last:
      mark === undefined
        ? { text: 'last —', dim: true }
        : { text: `${mark.name} ${formatPrice(mark.value)}`, ...(stale && { color: 'gray' as const }) },
    upl: pnlCell('upl', mark === undefined ? undefined : unrealizedPnl(position, mark.value)),
    rpl: pnlCell('rpl', position.realizedPnl),
  };
}

/** `unrealized` is undefined when some open position has no mark, so the total cannot be known. */
export function positionTotalCells(unrealized: Decimal | undefined, realized: Decimal): Cells {
  return {
    symbol: { text: 'total', bold: true },
    upl: pnlCell('upl', unrealized),
    rpl: pnlCell('rpl', realized),
  };
}

/**
 * The pane is narrow at every size, so what a strategy holds and how it is doing outlast how it got
 * there. The built-in's name goes first (the id is named after it), then the bar, the slots (the
 * metrics pane has them too) and the signal counts; the last signal takes whatever width is left, cut from its end, and goes before
 * the position. Which one it is, its symbol, its state and its P&L stay.
 */
export const STRATEGY_COLUMNS: readonly ColumnSpec[] = [
  { id: 'id' },
  { id: 'name', giveWay: 1 },
  { id: 'symbols' },
  { id: 'bar', giveWay: 2 },
  { id: 'state' },
  // A slot it holds shows in its state; the slots of all of them in the pane's title.
  { id: 'signals', giveWay: 4 },
  { id: 'position', align: 'right', giveWay: 6 },
  { id: 'pnl', align: 'right' },
  { id: 'last', grow: true, min: LAST_SIGNAL_MIN, giveWay: 5 },
];

const STRATEGY_STATE_STYLES: Readonly<Record<StrategyView['state'], Omit<Segment, 'text'>>> = {
  running: { color: 'green' },
  paused: { color: 'yellow' },
  reducing: { color: 'yellow' },
  stopped: { dim: true },
  error: { color: 'red', bold: true },
};

/** `sent 12`, or `sent 12 · refused 3` in yellow once a signal was refused. */
function signalsCell(strategy: StrategyView): Segment {
  if (strategy.refused === 0) return { text: `sent ${formatCount(strategy.sent)}` };
  return { text: `sent ${formatCount(strategy.sent)} · refused ${formatCount(strategy.refused)}`, color: 'yellow' };
}

/** Why it stopped when a handler threw; otherwise its last signal and when, the time cut first. */
function lastCell(strategy: StrategyView): Segment {
  if (strategy.error !== undefined) return { text: strategy.error, color: 'red' };
  const last = strategy.lastSignal;
  return last === undefined ? { text: 'no signal yet', dim: true } : { text: `${last.text} · ${formatClockTime(last.at)}`, dim: true };
}

export function strategyCells(strategy: StrategyView): Cells {
  const { position, pnl } = strategy;
  return {
    id: { text: strategy.id, bold: true },
    name: { text: strategy.name },
    symbols: { text: strategy.symbols.join(' '), bold: true },
    bar: { text: strategy.timeframe, dim: true },
    // `running·1`: a signal of it is in flight, holding one of the slots.
    state: { text: strategy.slotsInUse === 0 ? strategy.state : `${strategy.state}·${strategy.slotsInUse}`, ...STRATEGY_STATE_STYLES[strategy.state] },
    signals: signalsCell(strategy),
    position: position.isZero() ? { text: 'flat', dim: true } : { text: signedQty(position), color: position.isNeg() ? 'red' : 'green' },
    // Realized alone is marked, so a total that leaves out an unpriced position never passes for the whole.
    pnl: { text: strategy.realizedOnly ? `rpl ${formatSigned(pnl)}` : formatSigned(pnl), color: signColor(pnl) },
    last: lastCell(strategy),
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
