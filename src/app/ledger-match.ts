import { ZERO, type Decimal } from '../domain/decimal.js';
import { isTerminal } from '../domain/order-state.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { BrokerOrder } from '../broker/port.js';
import type { LedgerView } from '../broker/controls.js';

export interface LedgerMatches {
  readonly orders: boolean;
  readonly fills: boolean;
  readonly positions: boolean;
  readonly cash: boolean;
}

export interface LedgerComparison {
  readonly matches: LedgerMatches;
  /** One line per difference found, naming the order or symbol and both sides' figures. */
  readonly differences: string[];
}

/** Who the other side is, in the differences' wording: a simulator's exchange, or a broker read over its API. */
export type Counterpart = 'exchange' | 'broker';

export interface LocalView {
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly portfolio: Portfolio;
}

/**
 * Compares the local view with the exchange's ledger (a simulator's controls show it, or one read
 * from a broker's API by broker-ledger.ts; `counterpart` names which in the differences), exactly:
 * - orders: every local order has the exchange's status and filled quantity, and the exchange has
 *   no order the local view does not know (a local order the exchange never received must have
 *   ended rejected with nothing filled);
 * - fills: per order, the booked quantities and values (qty × price, or the exact value of a fill
 *   priced at an average) sum to the same figures;
 * - positions: every symbol's signed quantity is the same (average cost and realized P&L are left
 *   out: they depend on the order two fills are booked in, which the stream may legitimately swap);
 * - cash: the same to the last digit.
 * With `archivedBefore`, orders finished before it (and their fills) are left out of the first two:
 * either side may have moved them to its archive already.
 */
export function compareWithLedger(local: LocalView, ledger: LedgerView, archivedBefore?: number, counterpart: Counterpart = 'exchange'): LedgerComparison {
  const differences: string[] = [];
  const moved = archivedBefore === undefined ? new Set<string>() : archivable(local.orders, ledger.orders, archivedBefore);
  const kept = <T extends { readonly clientOrderId: string }>(items: readonly T[]): T[] => items.filter((item) => !moved.has(item.clientOrderId));
  const orders = compareOrders(kept(local.orders), kept(ledger.orders), counterpart, differences);
  const fills = compareFills(kept(local.fills), kept(ledger.fills), local.orders, counterpart, differences);
  const positions = comparePositions(local.portfolio, ledger.positions, counterpart, differences);
  const cash = local.portfolio.cash.eq(ledger.cash);
  if (!cash) differences.push(`cash: local ${local.portfolio.cash.toFixed()}, ${counterpart} ${ledger.cash.toFixed()}`);
  return { matches: { orders, fills, positions, cash }, differences };
}

/**
 * Orders either side may already have moved to its archive (finished before `before`): the two sides
 * archive at different moments, so such an order may be live on one side only. Positions and cash,
 * which carry everything archived, are still compared in full.
 */
function archivable(local: readonly Order[], exchange: readonly BrokerOrder[], before: number): Set<string> {
  const moved = new Set<string>();
  for (const order of local) if (isTerminal(order.status) && order.updatedAt < before) moved.add(order.clientOrderId);
  for (const order of exchange) {
    const finished = order.status === 'filled' || order.status === 'canceled' || order.status === 'expired' || order.status === 'rejected' || order.status === 'replaced';
    if (finished && Date.parse(order.updatedAt) < before) moved.add(order.clientOrderId);
  }
  return moved;
}

function compareOrders(local: readonly Order[], exchange: readonly BrokerOrder[], counterpart: Counterpart, differences: string[]): boolean {
  const byClientId = new Map(exchange.map((o) => [o.clientOrderId, o]));
  const byId = new Map(exchange.map((o) => [o.id, o]));
  const matched = new Set<string>();
  let ok = true;
  for (const order of local) {
    const theirs = byClientId.get(order.clientOrderId) ?? (order.brokerOrderId === undefined ? undefined : byId.get(order.brokerOrderId));
    if (theirs === undefined) {
      if (order.status === 'rejected' && order.filledQty.isZero()) continue;
      differences.push(`#${order.seq}: ${order.status} here, unknown to the ${counterpart}`);
      ok = false;
      continue;
    }
    matched.add(theirs.id);
    if (order.status !== theirs.status || !order.filledQty.eq(theirs.filledQty)) {
      differences.push(
        `#${order.seq}: ${order.status} filled ${order.filledQty.toFixed()} here, ${theirs.status} filled ${theirs.filledQty.toFixed()} at the ${counterpart}`,
      );
      ok = false;
    }
  }
  for (const theirs of exchange) {
    if (matched.has(theirs.id)) continue;
    differences.push(`${counterpart} order ${theirs.id} (${theirs.clientOrderId}, ${theirs.status}) unknown here`);
    ok = false;
  }
  return ok;
}

interface Totals {
  qty: Decimal;
  notional: Decimal;
}

type Execution = Pick<Fill, 'clientOrderId' | 'qty' | 'price'> & { readonly notional?: Decimal };

function totalsByOrder(fills: readonly Execution[]): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const fill of fills) {
    const sum = totals.get(fill.clientOrderId) ?? { qty: ZERO, notional: ZERO };
    totals.set(fill.clientOrderId, { qty: sum.qty.plus(fill.qty), notional: sum.notional.plus(fill.notional ?? fill.qty.times(fill.price)) });
  }
  return totals;
}

function compareFills(local: readonly Fill[], exchange: readonly Execution[], orders: readonly Order[], counterpart: Counterpart, differences: string[]): boolean {
  const ours = totalsByOrder(local);
  const theirs = totalsByOrder(exchange);
  const seqOf = new Map(orders.map((o) => [o.clientOrderId, o.seq]));
  const none: Totals = { qty: ZERO, notional: ZERO };
  let ok = true;
  for (const clientOrderId of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(clientOrderId) ?? none;
    const b = theirs.get(clientOrderId) ?? none;
    if (a.qty.eq(b.qty) && a.notional.eq(b.notional)) continue;
    const seq = seqOf.get(clientOrderId);
    differences.push(
      `fills of ${seq === undefined ? clientOrderId : `#${seq}`}: ${a.qty.toFixed()} for ${a.notional.toFixed()} here, ` +
        `${b.qty.toFixed()} for ${b.notional.toFixed()} at the ${counterpart}`,
    );
    ok = false;
  }
  return ok;
}

function comparePositions(local: Portfolio, exchange: LedgerView['positions'], counterpart: Counterpart, differences: string[]): boolean {
  let ok = true;
  for (const symbol of new Set([...Object.keys(local.positions), ...Object.keys(exchange)])) {
    const ours = local.positions[symbol]?.qty ?? ZERO;
    const theirs = exchange[symbol]?.qty ?? ZERO;
    if (ours.eq(theirs)) continue;
    differences.push(`position ${symbol}: ${ours.toFixed()} here, ${theirs.toFixed()} at the ${counterpart}`);
    ok = false;
  }
  return ok;
}
