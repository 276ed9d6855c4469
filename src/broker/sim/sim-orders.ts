import { ORDER_STATUSES, isWorking, type OrderStatus } from '../../domain/order-state.js';
import { BrokerError } from '../errors.js';
import type { BrokerOrder, ListOrdersQuery } from '../port.js';

/** The exchange's own record of an order: the order as clients see it plus matching state. */
export interface SimOrderRecord {
  order: BrokerOrder;
  /** A stop, stop-limit or trailing stop whose trigger has been hit. */
  triggered: boolean;
}

const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 500;

/** The sim only ever holds statuses the domain's state machine knows. */
export function simStatus(order: BrokerOrder): OrderStatus {
  const status = ORDER_STATUSES.find((s) => s === order.status);
  if (status === undefined) throw new Error(`simulated order ${order.id} has foreign status ${order.status}`);
  return status;
}

export function isOpen(order: BrokerOrder): boolean {
  return isWorking(simStatus(order));
}

/**
 * Every order the exchange holds, in arrival order, by id and by client order id. Every change goes
 * through add() or set(), so the exchange knows which orders to make durable before it says a word
 * about them.
 */
export class SimOrderBook {
  private readonly byId = new Map<string, SimOrderRecord>();
  private readonly byClientId = new Map<string, SimOrderRecord>();
  /** Every working order and some that have just finished: pruned as it is read, since orders never reopen. */
  private readonly open = new Set<SimOrderRecord>();

  constructor(private readonly changed: (record: SimOrderRecord) => void = () => {}) {}

  add(order: BrokerOrder, triggered = false): SimOrderRecord {
    const record: SimOrderRecord = { order, triggered };
    this.byId.set(order.id, record);
    this.byClientId.set(order.clientOrderId, record);
    if (isOpen(order)) this.open.add(record);
    this.changed(record);
    return record;
  }

  /** The one way an order changes once added. */
  set(record: SimOrderRecord, order: BrokerOrder, triggered = record.triggered): void {
    record.order = order;
    record.triggered = triggered;
    this.changed(record);
  }

  /**
   * Takes finished orders out of the live book (they have moved to the exchange's archive). Only
   * finished ones: a working order is never dropped.
   */
  remove(records: readonly SimOrderRecord[]): void {
    for (const record of records) {
      if (isOpen(record.order)) continue;
      this.byId.delete(record.order.id);
      if (this.byClientId.get(record.order.clientOrderId) === record) this.byClientId.delete(record.order.clientOrderId);
      this.open.delete(record);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(orderId: string): SimOrderRecord {
    const record = this.byId.get(orderId);
    if (record === undefined) throw new BrokerError('not_found', `order ${orderId} not found`, { status: 404 });
    return record;
  }

  getByClientId(clientOrderId: string): SimOrderRecord {
    const record = this.byClientId.get(clientOrderId);
    if (record === undefined) throw new BrokerError('not_found', `order with client_order_id ${clientOrderId} not found`, { status: 404 });
    return record;
  }

  hasClientOrderId(clientOrderId: string): boolean {
    return this.byClientId.has(clientOrderId);
  }

  find(orderId: string): SimOrderRecord | undefined {
    return this.byId.get(orderId);
  }

  /** Oldest first: the order matching serves them in. */
  all(): SimOrderRecord[] {
    return [...this.byId.values()];
  }

  /** Oldest first. The market calls this on every quote, so it does not walk the whole history. */
  working(symbol?: string): SimOrderRecord[] {
    const found: SimOrderRecord[] = [];
    for (const record of this.open) {
      if (!isOpen(record.order)) this.open.delete(record);
      else if (symbol === undefined || record.order.symbol === symbol) found.push(record);
    }
    return found;
  }

  /** Alpaca's GET /v2/orders: newest first, filtered by status, submission time and symbols. */
  list(query: ListOrdersQuery): BrokerOrder[] {
    const limit = query.limit ?? LIST_LIMIT_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
      throw new BrokerError('rejected', `limit must be an integer from 1 to ${LIST_LIMIT_MAX}`, { status: 422 });
    }
    const after = query.after === undefined ? undefined : Date.parse(query.after);
    if (after !== undefined && Number.isNaN(after)) throw new BrokerError('rejected', `invalid after: ${query.after}`, { status: 422 });
    const symbols = query.symbols === undefined || query.symbols.length === 0 ? undefined : new Set(query.symbols.map((s) => s.toUpperCase()));
    return this.all()
      .map((r) => r.order)
      .filter((o) => query.status === 'all' || (query.status === 'open') === isOpen(o))
      .filter((o) => after === undefined || Date.parse(o.submittedAt) > after)
      .filter((o) => symbols === undefined || symbols.has(o.symbol))
      .reverse()
      .slice(0, limit);
  }
}
