import { ZERO, maxDec, type Decimal } from '../domain/decimal.js';
import { isTerminal } from '../domain/order-state.js';
import { oppositeSide, type Side } from '../domain/order-types.js';
import { remainingQty, type Order } from '../domain/order.js';

/**
 * What the core's own book says about the two refusals a trader meets most (Alpaca's rules, which
 * the broker applies to its view): a plain order against an open order on the other side of the
 * symbol (a possible wash trade), and a sale of shares that open orders already hold.
 */

/** Working orders on the other side of the symbol, oldest first. */
export function opposingOrders(side: Side, symbol: string, working: readonly Order[]): Order[] {
  const other = oppositeSide(side);
  return bySeq(working.filter((o) => o.symbol === symbol && o.side === other && !isTerminal(o.status)));
}

export interface SharesHeld {
  /** Shares the orders hold: what is left of each, the legs of one bracket or oco counted once. */
  readonly qty: Decimal;
  /** The orders holding them, oldest first. */
  readonly by: readonly Order[];
}

/**
 * Shares held by the working orders on `side` of the symbol: a sell holds long shares, a buy holds
 * the cover of a short. The legs of one bracket or oco hold the same shares, so a group counts once,
 * at its largest remaining quantity. `find` looks an order up by client order id (a leg's parent
 * may have ended already).
 */
export function sharesHeld(
  side: Side,
  symbol: string,
  working: readonly Order[],
  find: (clientOrderId: string) => Order | undefined,
): SharesHeld {
  const holders = bySeq(working.filter((o) => o.symbol === symbol && o.side === side && !isTerminal(o.status)));
  const groups = new Map<string, Decimal>();
  for (const order of holders) {
    const key = groupOf(order, find);
    const left = maxDec(ZERO, remainingQty(order) ?? ZERO);
    groups.set(key, maxDec(groups.get(key) ?? ZERO, left));
  }
  let qty = ZERO;
  for (const left of groups.values()) qty = qty.plus(left);
  return { qty, by: holders };
}

/** `#2`, `#2 and #5`, `#2, #5 and #7`. */
export function rowList(orders: readonly Order[]): string {
  const rows = orders.map((o) => `#${o.seq}`);
  return rows.length <= 1 ? (rows[0] ?? '') : `${rows.slice(0, -1).join(', ')} and ${rows.at(-1) ?? ''}`;
}

/** The legs of a bracket or oco belong to their parent's group; anything else is a group of its own. */
function groupOf(order: Order, find: (clientOrderId: string) => Order | undefined): string {
  const parent = order.parentClientOrderId === undefined ? undefined : find(order.parentClientOrderId);
  return parent !== undefined && parent.orderClass !== 'simple' ? parent.clientOrderId : order.clientOrderId;
}

function bySeq(orders: Order[]): Order[] {
  return orders.sort((a, b) => a.seq - b.seq);
}
