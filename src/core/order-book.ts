import type { Order } from '../domain/order.js';
import { isTerminal } from '../domain/order-state.js';
import { orderLabel } from './describe-order.js';
import { OrderRefusedError } from './errors.js';

/** How the trader names an order: its row number, or a prefix of its client or broker id. */
export type OrderRef = { readonly kind: 'seq'; readonly seq: number } | { readonly kind: 'id'; readonly prefix: string };

export type RefLookup =
  | { readonly kind: 'found'; readonly order: Order }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly count: number };

/** The local orders, indexed the three ways they are looked up. */
export class OrderBook {
  private readonly byClientId = new Map<string, Order>();
  private readonly clientIdByBrokerId = new Map<string, string>();
  private readonly clientIdBySeq = new Map<number, string>();
  /** Client ids of the orders linked to each parent: a bracket's legs, an entry's exits, an oco's leg. */
  private readonly childIdsByParent = new Map<string, Set<string>>();
  private maxSeq = 0;

  constructor(orders: Iterable<Order> = []) {
    for (const order of orders) this.put(order);
  }

  put(order: Order): void {
    const before = this.byClientId.get(order.clientOrderId);
    this.byClientId.set(order.clientOrderId, order);
    // Row number and broker id rarely change; re-indexing on every fill would be most of the cost.
    if (before?.seq !== order.seq) this.clientIdBySeq.set(order.seq, order.clientOrderId);
    if (order.brokerOrderId !== undefined && before?.brokerOrderId !== order.brokerOrderId) {
      this.clientIdByBrokerId.set(order.brokerOrderId, order.clientOrderId);
    }
    if (order.seq > this.maxSeq) this.maxSeq = order.seq;
    if (before?.parentClientOrderId !== order.parentClientOrderId) this.relink(order.clientOrderId, before?.parentClientOrderId, order.parentClientOrderId);
  }

  /** The orders linked to this one as their parent. */
  children(clientOrderId: string): Order[] {
    const ids = this.childIdsByParent.get(clientOrderId);
    return ids === undefined ? [] : [...ids].flatMap((id) => this.byClientId.get(id) ?? []);
  }

  private relink(clientOrderId: string, from: string | undefined, to: string | undefined): void {
    if (from !== undefined) this.childIdsByParent.get(from)?.delete(clientOrderId);
    if (to === undefined) return;
    const ids = this.childIdsByParent.get(to) ?? new Set<string>();
    ids.add(clientOrderId);
    this.childIdsByParent.set(to, ids);
  }

  byClientOrderId(clientOrderId: string): Order | undefined {
    return this.byClientId.get(clientOrderId);
  }

  byBrokerOrderId(brokerOrderId: string): Order | undefined {
    const clientId = this.clientIdByBrokerId.get(brokerOrderId);
    return clientId === undefined ? undefined : this.byClientId.get(clientId);
  }

  highestSeq(): number {
    return this.maxSeq;
  }

  all(): Order[] {
    return [...this.byClientId.values()];
  }

  working(symbol?: string): Order[] {
    return this.all().filter((o) => !isTerminal(o.status) && (symbol === undefined || o.symbol === symbol));
  }

  resolve(ref: OrderRef): RefLookup {
    if (ref.kind === 'seq') {
      const clientId = this.clientIdBySeq.get(ref.seq);
      const order = clientId === undefined ? undefined : this.byClientId.get(clientId);
      return order === undefined ? { kind: 'none' } : { kind: 'found', order };
    }
    const prefix = ref.prefix.toLowerCase();
    const matches = this.all().filter(
      (o) => o.clientOrderId.toLowerCase().startsWith(prefix) || (o.brokerOrderId?.toLowerCase().startsWith(prefix) ?? false),
    );
    if (matches.length === 1 && matches[0] !== undefined) return { kind: 'found', order: matches[0] };
    return matches.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', count: matches.length };
  }
}

export function describeRef(ref: OrderRef): string {
  return ref.kind === 'seq' ? `#${ref.seq}` : ref.prefix;
}

/** The working order the trader named; refuses, saying why, when there is none or it has ended. */
export function workingOrder(book: OrderBook, ref: OrderRef): Order {
  const found = book.resolve(ref);
  if (found.kind === 'none') throw new OrderRefusedError(`no order ${describeRef(ref)}; use the # number shown in the orders pane`);
  if (found.kind === 'ambiguous') {
    throw new OrderRefusedError(`${describeRef(ref)} matches ${found.count} orders; type more of the id or use the # number`);
  }
  if (isTerminal(found.order.status)) throw new OrderRefusedError(`${orderLabel(found.order)} is already ${found.order.status}`);
  return found.order;
}
