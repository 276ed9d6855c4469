import type { Position } from '../../domain/position.js';
import type { IdState } from './ids.js';
import type { LedgerFill } from '../controls.js';
import { writeSnapshot, type SimSnapshot, type SnapshotParts, type Stored, type StoredOrder } from './snapshot.js';

/**
 * What changed at the exchange between two durable points, in the snapshot's stored shapes: the
 * orders that changed (whole), the executions booked, the positions that moved, and the figures
 * that always travel (cash, the day's opening equity, the id counters). Applying deltas in order to
 * the snapshot they follow gives the exchange as it was when the last one was made.
 */
export type SimDelta = Pick<SimSnapshot, 'ids' | 'cash' | 'lastEquity' | 'positions' | 'orders' | 'fills'>;

export type DeltaParts = Pick<SnapshotParts, 'ids' | 'cash' | 'lastEquity' | 'positions' | 'orders' | 'fills'>;

export function writeDelta(parts: DeltaParts): SimDelta {
  // The snapshot's encoder is the one encoder: a delta is a snapshot of only what changed.
  const whole = writeSnapshot({ ...parts, savedAt: '', seed: 0, rngState: [], quotes: [] });
  return { ids: whole.ids, cash: whole.cash, lastEquity: whole.lastEquity, positions: whole.positions, orders: whole.orders, fills: whole.fills };
}

/**
 * Replays deltas onto a snapshot. Every delta sets values (an order's whole record, a position, the
 * cash) rather than adding to them, and executions are kept once by id, so replaying a delta twice
 * changes nothing; the id counters only move forward.
 */
export class SnapshotReplay {
  private readonly orders = new Map<string, StoredOrder>();
  private readonly fills = new Map<string, Stored<LedgerFill>>();
  private readonly positions = new Map<string, Stored<Position>>();
  private ids: IdState;
  private cash: string;
  private lastEquity: string;

  constructor(private readonly base: SimSnapshot) {
    for (const order of base.orders) this.orders.set(order.id, order);
    for (const fill of base.fills) this.fills.set(fill.executionId, fill);
    for (const position of base.positions) this.positions.set(position.symbol, position);
    this.ids = base.ids;
    this.cash = base.cash;
    this.lastEquity = base.lastEquity;
  }

  apply(delta: SimDelta): void {
    for (const order of delta.orders) this.orders.set(order.id, order);
    for (const fill of delta.fills) if (!this.fills.has(fill.executionId)) this.fills.set(fill.executionId, fill);
    for (const position of delta.positions) this.positions.set(position.symbol, position);
    this.ids = {
      tag: this.ids.tag,
      orders: Math.max(this.ids.orders, delta.ids.orders),
      executions: Math.max(this.ids.executions, delta.ids.executions),
    };
    this.cash = delta.cash;
    this.lastEquity = delta.lastEquity;
  }

  result(): SimSnapshot {
    return {
      ...this.base,
      ids: this.ids,
      cash: this.cash,
      lastEquity: this.lastEquity,
      positions: [...this.positions.values()],
      orders: [...this.orders.values()],
      fills: [...this.fills.values()],
    };
  }
}
