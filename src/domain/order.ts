import { ZERO, type Decimal } from './decimal.js';
import type { PartialFillPolicy } from './order-options.js';
import type { OrderClass, OrderSpec } from './order-types.js';
import { transition, isWorking, type OrderEvent, type OrderStatus } from './order-state.js';

/** The local view of one order. Immutable: every change returns a new object. */
export interface Order extends OrderSpec {
  readonly clientOrderId: string;
  /** Who placed it: `manual` (the trader) or a strategy's id. Carried in the client order id too. */
  readonly source: string;
  /** `simple` unless it is (a leg of) a bracket, oco or oto. */
  readonly orderClass: OrderClass;
  /** Row number the trader types as `#n`; unique per profile, never reused. */
  readonly seq: number;
  readonly brokerOrderId?: string;
  readonly status: OrderStatus;
  /** Status before a pending cancel/replace, restored if the broker refuses it. */
  readonly previousStatus?: OrderStatus;
  readonly filledQty: Decimal;
  readonly avgFillPrice?: Decimal;
  /**
   * Commission booked on its fills so far (none when absent), so the broker's cumulative commission
   * on the order tells what an inferred fill still owes.
   */
  readonly commissionPaid?: Decimal;
  /** Why it was rejected, canceled or expired, in the broker's words where there are any. */
  readonly reason?: string;
  /** Execution ids already applied, so a replayed execution is recognised. */
  readonly executionIds: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the core cancels it if it is still working (after a final check). */
  readonly timeoutAt?: number;
  readonly onPartial?: PartialFillPolicy;
  /** The price the trader expected to trade at, to measure slippage against. */
  readonly expectedPrice?: Decimal;
  /**
   * Protective prices: those an entry asked for (sent with it as a bracket or oto, or as one exit once
   * it fills), or an oco exit's two sides.
   */
  readonly takeProfit?: Decimal;
  readonly stopLoss?: Decimal;
  /** Set on a protective order: what it is, and its parent (the entry it protects, or the oco whose leg it is). */
  readonly role?: ProtectiveRole;
  readonly parentClientOrderId?: string;
}

export type ProtectiveRole = 'take_profit' | 'stop_loss';

export const PROTECTIVE_ROLES: readonly ProtectiveRole[] = ['take_profit', 'stop_loss'];

/** Who placed an order and as what; a trader's simple order when not said. */
export interface Placement {
  readonly source?: string;
  readonly orderClass?: OrderClass;
}

export const MANUAL_SOURCE = 'manual';

export function newOrder(spec: OrderSpec, clientOrderId: string, seq: number, now: number, placement: Placement = {}): Order {
  return {
    ...spec,
    clientOrderId,
    source: placement.source ?? MANUAL_SOURCE,
    orderClass: placement.orderClass ?? 'simple',
    seq,
    status: 'pending_new',
    filledQty: ZERO,
    executionIds: [],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Moves an order through the state machine; throws InvalidTransitionError for impossible moves.
 * News that changes nothing returns the same object (a reason only counts with a change of status).
 */
export function applyOrderEvent(order: Order, event: OrderEvent, now: number, reason?: string): Order {
  const change = transition(order.status, event, order.previousStatus);
  if (!change.changed && change.previous === order.previousStatus) return order;
  const next: Order = { ...order, status: change.status, updatedAt: now };
  if (change.previous === undefined) delete (next as { previousStatus?: OrderStatus }).previousStatus;
  else (next as { previousStatus?: OrderStatus }).previousStatus = change.previous;
  if (reason !== undefined && change.changed) (next as { reason?: string }).reason = reason;
  return next;
}

export function isOrderWorking(order: Order): boolean {
  return isWorking(order.status);
}

/** The quantity still open at the broker, when the order is sized in shares. */
export function remainingQty(order: Order): Decimal | undefined {
  return order.qty?.minus(order.filledQty);
}
