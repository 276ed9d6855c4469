import { join } from 'node:path';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Adjustment } from '../../src/domain/adjustment.js';
import { dec, ZERO } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import type { Side } from '../../src/domain/order-types.js';
import type { Order } from '../../src/domain/order.js';
import { openArchive, type Archive } from '../../src/persistence/archive.js';
import { openProfileStore, type ProfileStore } from '../../src/persistence/profile-store.js';

/** A finished market order; `qty` filled at `price` unless told otherwise. */
export function order(seq: number, symbol: string, side: Side, qty: string, createdAt: number, extra: Partial<Order> = {}): Order {
  return {
    clientOrderId: `blt-${String(seq).padStart(4, '0')}`,
    source: 'manual',
    orderClass: 'simple',
    seq,
    symbol,
    side,
    type: 'market',
    timeInForce: 'day',
    qty: dec(qty),
    status: 'filled',
    filledQty: dec(qty),
    executionIds: [],
    createdAt,
    updatedAt: createdAt + 1000,
    ...extra,
  };
}

export function fillOf(o: Order, executionId: string, qty: string, price: string, at: number, extra: Partial<Fill> = {}): Fill {
  return {
    executionId,
    clientOrderId: o.clientOrderId,
    orderSeq: o.seq,
    symbol: o.symbol,
    side: o.side,
    qty: dec(qty),
    price: dec(price),
    commission: ZERO,
    at,
    detectedBy: 'stream',
    ...extra,
  };
}

export function positionAdjustment(id: string, symbol: string, qty: string, at: number, avgCost?: string): Adjustment {
  return {
    id,
    at,
    symbol,
    qty: dec(qty),
    cash: ZERO,
    ...(avgCost !== undefined && { avgCost: dec(avgCost) }),
    reason: `${symbol} position here differs from the broker's`,
  };
}

export interface Books {
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly adjustments?: readonly Adjustment[];
  /** Finished orders updated before this, their fills and adjustments before it, go to the archive. */
  readonly archiveBefore?: number;
}

export function archiveOf(dataDir: string, profile = 'sim'): Archive {
  return openArchive(join(dataDir, 'archive', profile));
}

/**
 * Keeps the books through the real stores, as a session does: the profile store takes them, and
 * its own archiving pass moves the old ones into the archive. Returns the store still open (and
 * locked) when `keepOpen`, as a running Blotter would hold it.
 */
export async function keepBooks(dataDir: string, books: Books, options: { profile?: string; keepOpen?: boolean } = {}): Promise<ProfileStore | undefined> {
  const profile = options.profile ?? 'sim';
  const store = await openProfileStore({ path: join(dataDir, `${profile}.json`), onError: (error) => { throw error; }, clock: new ManualClock(Date.UTC(2026, 0, 1)) });
  store.setBrought({ cash: dec('100000'), positions: {} });
  for (const o of books.orders) store.upsertOrder(o);
  for (const f of books.fills) store.addFill(f);
  for (const a of books.adjustments ?? []) store.addAdjustment(a);
  if (books.archiveBefore !== undefined) await store.archiveBefore(books.archiveBefore, archiveOf(dataDir, profile));
  await store.flush();
  if (options.keepOpen === true) return store;
  await store.close();
  return undefined;
}
