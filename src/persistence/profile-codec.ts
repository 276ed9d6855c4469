import { withoutUndefined } from '../kernel/without-undefined.js';
import type { LogEntry, LogLevel } from '../kernel/log-entry.js';
import type { Adjustment } from '../domain/adjustment.js';
import type { Balances } from '../domain/books.js';
import { ZERO, type Decimal } from '../domain/decimal.js';
import { isOrderSource } from '../domain/client-order-id.js';
import { DETECTION_METHODS, type Fill } from '../domain/fill.js';
import { PARTIAL_FILL_POLICIES } from '../domain/order-options.js';
import { MANUAL_SOURCE, PROTECTIVE_ROLES } from '../domain/order.js';
import { ORDER_STATUSES } from '../domain/order-state.js';
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import type { Portfolio, PortfolioChange } from '../domain/portfolio.js';
import type { Position } from '../domain/position.js';
import type { SourceBookSnapshot, SourceBooksSnapshot } from '../domain/source-positions.js';
import { ORDER_CLASSES } from '../broker/port.js';
import { StoreCorruptError } from './errors.js';
import {
  asArray,
  asObject,
  field,
  invalid,
  readDecimal,
  readId,
  readInteger,
  readOneOf,
  readOptionalDecimal,
  readOptionalId,
  readOptionalOneOf,
  readOptionalString,
  readString,
  readStrings,
  readTime,
  type JsonObject,
} from './fields.js';
import { LOG_LIMIT } from '../kernel/log-entry.js';
import {
  PROFILE_SCHEMA_VERSION,
  type ProfileDocument,
  type StoredAdjustment,
  type StoredBalances,
  type StoredFill,
  type StoredLogEntry,
  type StoredOrder,
  type StoredPortfolio,
  type StoredPosition,
  type StoredSourceBook,
} from './profile-schema.js';
import { decodeStrategyInstance, encodeStrategyInstance } from './strategy-instance.js';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * toFixed() with no places is every digit in plain notation whatever the exponent settings, so the
 * string always reads back to the same value (an exponent form would be refused by dec()).
 */
function text(value: Decimal): string;
function text(value: Decimal | undefined): string | undefined;
function text(value: Decimal | undefined): string | undefined {
  return value?.toFixed();
}

export function encodeOrder(order: Order): StoredOrder {
  return withoutUndefined<StoredOrder>({
    clientOrderId: order.clientOrderId,
    source: order.source,
    orderClass: order.orderClass,
    seq: order.seq,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    qty: text(order.qty),
    notional: text(order.notional),
    limitPrice: text(order.limitPrice),
    stopPrice: text(order.stopPrice),
    trailPercent: text(order.trailPercent),
    trailPrice: text(order.trailPrice),
    brokerOrderId: order.brokerOrderId,
    status: order.status,
    previousStatus: order.previousStatus,
    filledQty: text(order.filledQty),
    avgFillPrice: text(order.avgFillPrice),
    commissionPaid: text(order.commissionPaid),
    reason: order.reason,
    executionIds: [...order.executionIds],
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    timeoutAt: order.timeoutAt,
    onPartial: order.onPartial,
    expectedPrice: text(order.expectedPrice),
    takeProfit: text(order.takeProfit),
    stopLoss: text(order.stopLoss),
    role: order.role,
    parentClientOrderId: order.parentClientOrderId,
  });
}

export function decodeOrder(raw: unknown, at = 'order'): Order {
  const o = asObject(raw, at);
  return withoutUndefined<Order>({
    clientOrderId: readId(o, 'clientOrderId', at),
    // Books written before sources and order classes were kept hold the trader's simple orders.
    source: readSource(o, at),
    orderClass: readOptionalOneOf(o, 'orderClass', at, ORDER_CLASSES) ?? 'simple',
    seq: readInteger(o, 'seq', at, 0),
    symbol: readId(o, 'symbol', at),
    side: readOneOf(o, 'side', at, SIDES),
    type: readOneOf(o, 'type', at, ORDER_TYPES),
    timeInForce: readOneOf(o, 'timeInForce', at, TIMES_IN_FORCE),
    qty: readOptionalDecimal(o, 'qty', at),
    notional: readOptionalDecimal(o, 'notional', at),
    limitPrice: readOptionalDecimal(o, 'limitPrice', at),
    stopPrice: readOptionalDecimal(o, 'stopPrice', at),
    trailPercent: readOptionalDecimal(o, 'trailPercent', at),
    trailPrice: readOptionalDecimal(o, 'trailPrice', at),
    brokerOrderId: readOptionalId(o, 'brokerOrderId', at),
    status: readOneOf(o, 'status', at, ORDER_STATUSES),
    previousStatus: readOptionalOneOf(o, 'previousStatus', at, ORDER_STATUSES),
    filledQty: readDecimal(o, 'filledQty', at),
    avgFillPrice: readOptionalDecimal(o, 'avgFillPrice', at),
    commissionPaid: readOptionalDecimal(o, 'commissionPaid', at),
    reason: readOptionalString(o, 'reason', at),
    executionIds: readStrings(o, 'executionIds', at),
    createdAt: readTime(o, 'createdAt', at),
    updatedAt: readTime(o, 'updatedAt', at),
    timeoutAt: o['timeoutAt'] === undefined ? undefined : readTime(o, 'timeoutAt', at),
    onPartial: readOptionalOneOf(o, 'onPartial', at, PARTIAL_FILL_POLICIES),
    expectedPrice: readOptionalDecimal(o, 'expectedPrice', at),
    takeProfit: readOptionalDecimal(o, 'takeProfit', at),
    stopLoss: readOptionalDecimal(o, 'stopLoss', at),
    role: readOptionalOneOf(o, 'role', at, PROTECTIVE_ROLES),
    parentClientOrderId: readOptionalId(o, 'parentClientOrderId', at),
  });
}

function readSource(o: JsonObject, at: string): string {
  const source = readOptionalId(o, 'source', at);
  if (source === undefined) return MANUAL_SOURCE;
  if (!isOrderSource(source)) throw invalid(field(at, 'source'), 'manual, external or a strategy id (1 to 12 lowercase letters and digits)', source);
  return source;
}

export function encodeFill(fill: Fill): StoredFill {
  return {
    executionId: fill.executionId,
    clientOrderId: fill.clientOrderId,
    orderSeq: fill.orderSeq,
    symbol: fill.symbol,
    side: fill.side,
    qty: text(fill.qty),
    price: text(fill.price),
    commission: text(fill.commission),
    at: fill.at,
    ...(fill.detectedBy !== undefined && { detectedBy: fill.detectedBy }),
    ...(fill.notional !== undefined && { notional: text(fill.notional) }),
  };
}

export function decodeFill(raw: unknown, at = 'fill'): Fill {
  const f = asObject(raw, at);
  return {
    executionId: readId(f, 'executionId', at),
    clientOrderId: readId(f, 'clientOrderId', at),
    orderSeq: readInteger(f, 'orderSeq', at, 0),
    symbol: readId(f, 'symbol', at),
    side: readOneOf(f, 'side', at, SIDES),
    qty: readDecimal(f, 'qty', at),
    price: readDecimal(f, 'price', at),
    commission: readDecimal(f, 'commission', at),
    at: readTime(f, 'at', at),
    ...withoutUndefined({
      detectedBy: readOptionalOneOf(f, 'detectedBy', at, DETECTION_METHODS),
      notional: readOptionalDecimal(f, 'notional', at),
    }),
  };
}

/** A fill is the same fill when both its order and its execution id match. */
export function fillKey(fill: { readonly clientOrderId: string; readonly executionId: string }): string {
  return `${fill.clientOrderId}\n${fill.executionId}`;
}

export function encodePosition(position: Position): StoredPosition {
  return withoutUndefined<StoredPosition>({
    symbol: position.symbol,
    qty: text(position.qty),
    avgCost: text(position.avgCost),
    realizedPnl: text(position.realizedPnl),
    costBasis: text(position.costBasis),
  });
}

export function decodePosition(raw: unknown, at = 'position'): Position {
  const p = asObject(raw, at);
  return withoutUndefined<Position>({
    symbol: readId(p, 'symbol', at),
    qty: readDecimal(p, 'qty', at),
    avgCost: readDecimal(p, 'avgCost', at),
    realizedPnl: readDecimal(p, 'realizedPnl', at),
    costBasis: readOptionalDecimal(p, 'costBasis', at),
  });
}

/** Cash and the positions given, over the positions already stored (all of them replaced when `whole`). */
export function encodePortfolioChange(stored: StoredPortfolio | undefined, change: PortfolioChange): StoredPortfolio {
  const positions: Record<string, StoredPosition> = change.whole === true ? {} : { ...stored?.positions };
  for (const position of change.positions) positions[position.symbol] = encodePosition(position);
  return { cash: text(change.cash), positions };
}

export function encodePortfolio(portfolio: Portfolio): StoredPortfolio {
  return { cash: text(portfolio.cash), positions: encodePositions(portfolio.positions) };
}

export function decodePortfolio(raw: unknown, at = 'portfolio'): Portfolio {
  const p = asObject(raw, at);
  return { cash: readDecimal(p, 'cash', at), positions: decodePositions(p['positions'], field(at, 'positions')) };
}

function encodePositions(positions: Readonly<Record<string, Position>>): Record<string, StoredPosition> {
  const stored: Record<string, StoredPosition> = {};
  for (const [symbol, position] of Object.entries(positions)) stored[symbol] = encodePosition(position);
  return stored;
}

/** Positions keyed by their symbol. */
function decodePositions(raw: unknown, at: string): Record<string, Position> {
  const positions: Record<string, Position> = {};
  for (const [symbol, item] of Object.entries(asObject(raw, at))) {
    const itemAt = `${at}.${symbol}`;
    const position = decodePosition(item, itemAt);
    if (position.symbol !== symbol) throw invalid(`${itemAt}.symbol`, JSON.stringify(symbol), position.symbol);
    positions[symbol] = position;
  }
  return positions;
}

export function encodeLogEntry(entry: LogEntry): StoredLogEntry {
  return { at: entry.at, level: entry.level, text: entry.text };
}

export function decodeLogEntry(raw: unknown, at = 'log entry'): LogEntry {
  const e = asObject(raw, at);
  return { at: readTime(e, 'at', at), level: readOneOf(e, 'level', at, LOG_LEVELS), text: readString(e, 'text', at) };
}

export function encodeAdjustment(adjustment: Adjustment): StoredAdjustment {
  return withoutUndefined<StoredAdjustment>({
    id: adjustment.id,
    at: adjustment.at,
    symbol: adjustment.symbol,
    qty: text(adjustment.qty),
    cash: text(adjustment.cash),
    avgCost: text(adjustment.avgCost),
    reason: adjustment.reason,
  });
}

export function decodeAdjustment(raw: unknown, at = 'adjustment'): Adjustment {
  const a = asObject(raw, at);
  return withoutUndefined<Adjustment>({
    id: readId(a, 'id', at),
    at: readTime(a, 'at', at),
    symbol: readOptionalId(a, 'symbol', at),
    qty: readDecimal(a, 'qty', at),
    cash: readDecimal(a, 'cash', at),
    avgCost: readOptionalDecimal(a, 'avgCost', at),
    reason: readString(a, 'reason', at),
  });
}

export function encodeBalances(balances: Balances): StoredBalances {
  const positions: Record<string, string> = {};
  for (const [symbol, qty] of Object.entries(balances.positions)) if (!qty.isZero()) positions[symbol] = text(qty);
  return {
    cash: text(balances.cash),
    positions,
    ...(balances.openedAt !== undefined && { openedAt: balances.openedAt }),
    ...(balances.sources !== undefined && { sources: encodeSourceBooks(balances.sources) }),
  };
}

export function decodeBalances(raw: unknown, at = 'brought'): Balances {
  const b = asObject(raw, at);
  const positionsAt = field(at, 'positions');
  const stored = asObject(b['positions'], positionsAt);
  const positions: Record<string, Decimal> = {};
  for (const symbol of Object.keys(stored)) positions[symbol] = readDecimal(stored, symbol, positionsAt);
  const openedAt = b['openedAt'] === undefined ? undefined : readTime(b, 'openedAt', at);
  const sources = b['sources'] === undefined ? undefined : decodeSourceBooks(b['sources'], field(at, 'sources'));
  return withoutUndefined<Balances>({ cash: readDecimal(b, 'cash', at), positions, openedAt, sources });
}

/** Flat positions are kept too: their realized P&L is part of the source's. */
function encodeSourceBooks(books: SourceBooksSnapshot): Record<string, StoredSourceBook> {
  const stored: Record<string, StoredSourceBook> = {};
  for (const [source, book] of Object.entries(books)) stored[source] = { commission: text(book.commission), positions: encodePositions(book.positions) };
  return stored;
}

function decodeSourceBooks(raw: unknown, at: string): SourceBooksSnapshot {
  const books: Record<string, SourceBookSnapshot> = {};
  for (const [source, item] of Object.entries(asObject(raw, at))) {
    const bookAt = `${at}.${source}`;
    if (!isOrderSource(source)) throw invalid(bookAt, 'books under manual, external or a strategy id (1 to 12 lowercase letters and digits)', source);
    const book = asObject(item, bookAt);
    books[source] = { commission: readDecimal(book, 'commission', bookAt), positions: decodePositions(book['positions'], field(bookAt, 'positions')) };
  }
  return books;
}

/**
 * Validates a whole profile file and returns it in canonical stored form (every record decoded and
 * re-encoded, unknown fields dropped). nextSeq is raised past every stored order so a row number
 * is never handed out twice, even if the file was saved before nextSeq caught up. Dropping unknown
 * fields is also why older files still load: the `commandHistory` a version 1 file may hold
 * (command history now has its own file) is left out and gone after the next save. A version 1 file
 * has no adjustments and no balances brought forward; the session derives those once. Strategy
 * instances and each source's books brought forward came later, in version 2 files, as optional
 * fields: a file without them has none.
 */
export function decodeProfileDocument(raw: JsonObject): ProfileDocument {
  const version = readInteger(raw, 'schemaVersion', '', 1);
  if (version > PROFILE_SCHEMA_VERSION) throw invalid('schemaVersion', String(PROFILE_SCHEMA_VERSION), version);
  const meta = asObject(raw['meta'], 'meta');

  const decodedOrders = asArray(raw['orders'], 'orders').map((item, i) => decodeOrder(item, `orders[${i}]`));
  assertUnique(decodedOrders, (o) => o.clientOrderId, 'orders', 'clientOrderId');
  const decodedFills = asArray(raw['fills'], 'fills').map((item, i) => decodeFill(item, `fills[${i}]`));
  const fills = decodedFills.map((fill) => encodeFill(fill));
  assertUnique(fills, fillKey, 'fills', 'executionId');
  const charged = commissionByOrder(decodedFills);
  const orders = decodedOrders.map((order) => encodeOrder(withCommissionPaid(order, charged)));
  const log = asArray(raw['log'], 'log').map((item, i) => encodeLogEntry(decodeLogEntry(item, `log[${i}]`)));
  const adjustments =
    version < 2 ? [] : asArray(raw['adjustments'], 'adjustments').map((item, i) => encodeAdjustment(decodeAdjustment(item, `adjustments[${i}]`)));
  const decodedStrategies =
    raw['strategies'] === undefined ? [] : asArray(raw['strategies'], 'strategies').map((item, i) => decodeStrategyInstance(item, `strategies[${i}]`));
  assertUnique(decodedStrategies, (s) => s.id, 'strategies', 'id');

  let nextSeq = readInteger(meta, 'nextSeq', 'meta', 1);
  for (const order of orders) nextSeq = Math.max(nextSeq, order.seq + 1);
  const exchange = readOptionalId(meta, 'exchange', 'meta');

  const document: ProfileDocument = {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    meta: { nextSeq, createdAt: readTime(meta, 'createdAt', 'meta'), ...(exchange !== undefined && { exchange }) },
    orders,
    fills,
    adjustments,
    strategies: decodedStrategies.map((record) => encodeStrategyInstance(record)),
    log: log.slice(-LOG_LIMIT),
    watchlist: readStrings(raw, 'watchlist', ''),
  };
  const portfolio = raw['portfolio'];
  if (portfolio !== undefined && portfolio !== null) document.portfolio = encodePortfolio(decodePortfolio(portfolio));
  if (version >= 2 && raw['brought'] !== undefined) document.brought = encodeBalances(decodeBalances(raw['brought']));
  return document;
}

function commissionByOrder(fills: readonly Fill[]): Map<string, Decimal> {
  const charged = new Map<string, Decimal>();
  for (const fill of fills) charged.set(fill.clientOrderId, (charged.get(fill.clientOrderId) ?? ZERO).plus(fill.commission));
  return charged;
}

/** An order from a file written before orders kept their commission was charged what its fills were. */
function withCommissionPaid(order: Order, charged: ReadonlyMap<string, Decimal>): Order {
  if (order.commissionPaid !== undefined || order.filledQty.isZero()) return order;
  return { ...order, commissionPaid: charged.get(order.clientOrderId) ?? ZERO };
}

function assertUnique<T>(items: readonly T[], key: (item: T) => string, at: string, name: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) throw new StoreCorruptError(`${at}[${i}].${name}: duplicate of an earlier entry`);
    seen.add(k);
  });
}
