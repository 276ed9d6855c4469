import { ZERO, type Decimal } from '../../domain/decimal.js';
import { ORDER_STATUSES, isWorking, type OrderStatus } from '../../domain/order-state.js';
import { BrokerError } from '../errors.js';
import type { BrokerOrder } from '../port.js';

/** The exchange's own record of an order: the order as clients see it plus matching state. */
export interface SimOrderRecord {
  order: BrokerOrder;
  /** A stop, stop-limit or trailing stop whose trigger has been hit. */
  triggered: boolean;
  /** For a leg of a bracket, oco or oto: its parent's id. */
  parentId?: string;
}

/** The sim only ever holds statuses the domain's state machine knows. */
export function simStatus(order: BrokerOrder): OrderStatus {
  const status = ORDER_STATUSES.find((s) => s === order.status);
  if (status === undefined) throw new Error(`simulated order ${order.id} has foreign status ${order.status}`);
  return status;
}

export function isOpen(order: BrokerOrder): boolean {
  return isWorking(simStatus(order));
}

/** Shares a share order has still to trade. */
export function remainingQty(order: BrokerOrder): Decimal {
  return (order.qty ?? ZERO).minus(order.filledQty);
}

/**
 * Every order the exchange holds, in arrival order, by id and by client order id, with each
 * parent's legs. Every change goes through add(), set() or relink(), so the exchange knows which
 * orders to make durable before it says a word about them.
 */
export class SimOrderBook {
  private readonly byId = new Map<string, SimOrderRecord>();
  private readonly byClientId = new Map<string, SimOrderRecord>();
  private readonly legsByParent = new Map<string, SimOrderRecord[]>();
  /** Every working order and some that have just finished: pruned as it is read, since orders never reopen. */
  private readonly open = new Set<SimOrderRecord>();

  constructor(private readonly changed: (record: SimOrderRecord) => void = () => {}) {}

  /** An order the exchange takes on reports its commission from the start: none until it executes. */
  add(given: BrokerOrder, triggered = false, parentId?: string): SimOrderRecord {
    const order = given.commission === undefined ? { ...given, commission: ZERO } : given;
    const record: SimOrderRecord = parentId === undefined ? { order, triggered } : { order, triggered, parentId };
    this.byId.set(order.id, record);
    this.byClientId.set(order.clientOrderId, record);
    if (parentId !== undefined) this.linkLeg(record, parentId);
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

  /** Moves a leg under another parent: an oco's stop leg follows the take-profit that replaces its parent. */
  relink(leg: SimOrderRecord, parentId: string): void {
    if (leg.parentId !== undefined) this.unlinkLeg(leg, leg.parentId);
    this.linkLeg(leg, parentId);
    this.changed(leg);
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
      if (record.parentId !== undefined) this.unlinkLeg(record, record.parentId);
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

  /** A parent's legs, in the order they were made (take-profit before stop-loss). */
  legsOf(record: SimOrderRecord): readonly SimOrderRecord[] {
    return this.legsByParent.get(record.order.id) ?? [];
  }

  parentOf(record: SimOrderRecord): SimOrderRecord | undefined {
    return record.parentId === undefined ? undefined : this.byId.get(record.parentId);
  }

  /**
   * An order as Alpaca reports it with nested=true: a parent carries its legs as they are now; a
   * leg, or a simple order, is reported alone.
   */
  report(record: SimOrderRecord): BrokerOrder {
    if (record.parentId !== undefined || record.order.orderClass === 'simple') return record.order;
    return { ...record.order, legs: this.legsOf(record).map((leg) => leg.order) };
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

  private linkLeg(leg: SimOrderRecord, parentId: string): void {
    leg.parentId = parentId;
    const legs = this.legsByParent.get(parentId);
    if (legs === undefined) this.legsByParent.set(parentId, [leg]);
    else legs.push(leg);
  }

  private unlinkLeg(leg: SimOrderRecord, parentId: string): void {
    const legs = (this.legsByParent.get(parentId) ?? []).filter((other) => other !== leg);
    if (legs.length === 0) this.legsByParent.delete(parentId);
    else this.legsByParent.set(parentId, legs);
  }
}
