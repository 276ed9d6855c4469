import { Decimal, ZERO, dec } from '../../domain/decimal.js';
import type { Position } from '../../domain/position.js';
import type { BrokerOrder } from '../port.js';
import type { SimQuote as Quote } from './market-feed.js';
import type { IdState } from './ids.js';
import type { LedgerFill } from '../controls.js';
import type { SimOrderRecord } from './sim-orders.js';

export const SIM_SNAPSHOT_VERSION = 1;

/** A type with its Decimal fields as decimal strings, the way the store keeps money. */
export type Stored<T> = {
  readonly [K in keyof T]: T[K] extends Decimal ? string : T[K] extends Decimal | undefined ? string | undefined : T[K];
};

/** An order with the exchange's own state beside it: a stop's trigger, a leg's parent. */
export type StoredOrder = Stored<BrokerOrder> & { readonly triggered: boolean; readonly parentId?: string };

/**
 * Everything a restarted console needs to carry on with the same exchange: orders (working ones
 * keep working, legs stay linked to their parent), executions, cash and positions, the market as
 * it stood, the random generator's state and the id counters. Plain JSON: decimals are strings.
 */
export interface SimSnapshot {
  readonly version: typeof SIM_SNAPSHOT_VERSION;
  readonly savedAt: string;
  readonly seed: number;
  readonly rngState: readonly number[];
  readonly ids: IdState;
  readonly cash: string;
  readonly lastEquity: string;
  readonly positions: readonly Stored<Position>[];
  readonly orders: readonly StoredOrder[];
  readonly fills: readonly Stored<LedgerFill>[];
  readonly quotes: readonly Stored<Quote>[];
}

export interface SnapshotParts {
  readonly savedAt: string;
  readonly seed: number;
  readonly rngState: readonly number[];
  readonly ids: IdState;
  readonly cash: Decimal;
  readonly lastEquity: Decimal;
  readonly positions: readonly Position[];
  readonly orders: readonly SimOrderRecord[];
  readonly fills: readonly LedgerFill[];
  readonly quotes: readonly Quote[];
}

export interface RestoredState extends Omit<SnapshotParts, 'savedAt' | 'orders'> {
  readonly orders: readonly { readonly order: BrokerOrder; readonly triggered: boolean; readonly parentId?: string }[];
}

const ORDER_DECIMALS = ['qty', 'notional', 'limitPrice', 'stopPrice', 'trailPercent', 'trailPrice', 'hwm', 'filledQty', 'filledAvgPrice', 'commission'] as const;
const FILL_DECIMALS = ['qty', 'price', 'commission'] as const;
const POSITION_DECIMALS = ['qty', 'avgCost', 'realizedPnl', 'costBasis'] as const;
const QUOTE_DECIMALS = ['bid', 'ask', 'bidSize', 'askSize', 'last', 'prevClose'] as const;

export function writeSnapshot(parts: SnapshotParts): SimSnapshot {
  return {
    version: SIM_SNAPSHOT_VERSION,
    savedAt: parts.savedAt,
    seed: parts.seed,
    rngState: [...parts.rngState],
    ids: { ...parts.ids },
    cash: parts.cash.toString(),
    lastEquity: parts.lastEquity.toString(),
    positions: parts.positions.map((p) => store(p)),
    orders: parts.orders.map((r) => storedOrder(r.order, r.triggered, r.parentId)),
    fills: parts.fills.map((f) => store(f)),
    quotes: parts.quotes.map((q) => store(q)),
  };
}

/**
 * Orders, fills, positions and quotes are immutable values (a change makes a new one), so each is
 * encoded once however many snapshots and deltas carry it: a whole snapshot then costs what changed
 * since the last, not the size of the book.
 */
const encoded = new WeakMap<object, object>();
const encodedOrders = new WeakMap<BrokerOrder, StoredOrder>();

function storedOrder(order: BrokerOrder, triggered: boolean, parentId: string | undefined): StoredOrder {
  const known = encodedOrders.get(order);
  if (known !== undefined && known.triggered === triggered && known.parentId === parentId) return known;
  const stored: StoredOrder = parentId === undefined ? { ...store(order), triggered } : { ...store(order), triggered, parentId };
  encodedOrders.set(order, stored);
  return stored;
}

/**
 * Reads a snapshot back; a newer version or a malformed number stops here with a clear error.
 * Orders saved before the exchange had order classes are simple ones; orders saved before they
 * carried their commission were charged what their executions were.
 */
export function readSnapshot(snapshot: SimSnapshot): RestoredState {
  if (snapshot.version !== SIM_SNAPSHOT_VERSION) {
    throw new Error(`unsupported simulator snapshot version ${String(snapshot.version)} (expected ${SIM_SNAPSHOT_VERSION})`);
  }
  if (snapshot.quotes.length === 0) throw new Error('simulator snapshot holds no market');
  const fills = snapshot.fills.map((f) => load<LedgerFill>(f, FILL_DECIMALS));
  const charged = commissionByOrder(fills);
  return {
    seed: snapshot.seed,
    rngState: [...snapshot.rngState],
    ids: { ...snapshot.ids },
    cash: dec(snapshot.cash),
    lastEquity: dec(snapshot.lastEquity),
    positions: snapshot.positions.map((p) => load<Position>(p, POSITION_DECIMALS)),
    orders: snapshot.orders.map(({ triggered, parentId, ...order }) => ({
      order: {
        ...load<BrokerOrder>(order, ORDER_DECIMALS),
        orderClass: order.orderClass ?? 'simple',
        ...(order.commission === undefined && { commission: charged.get(order.id) ?? ZERO }),
      },
      triggered,
      ...(parentId !== undefined && { parentId }),
    })),
    fills,
    quotes: snapshot.quotes.map((q) => load<Quote>(q, QUOTE_DECIMALS)),
  };
}

function commissionByOrder(fills: readonly LedgerFill[]): Map<string, Decimal> {
  const charged = new Map<string, Decimal>();
  for (const fill of fills) charged.set(fill.orderId, (charged.get(fill.orderId) ?? ZERO).plus(fill.commission));
  return charged;
}

/** Decimals become strings; absent fields stay absent rather than turning into `undefined` keys. */
function store<T extends object>(value: T): Stored<T> {
  const known = encoded.get(value);
  if (known !== undefined) return known as Stored<T>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    out[key] = field instanceof Decimal ? field.toString() : field;
  }
  encoded.set(value, out);
  return out as Stored<T>;
}

/** `fields` names the decimals to read back; everything else is taken as it is. */
function load<T extends object>(value: Stored<T>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue;
    out[key] = fields.includes(key) ? dec(String(field)) : field;
  }
  return out as T;
}
