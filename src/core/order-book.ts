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

/**
 * The local orders: every one by client order id, broker id, row number and symbol, and the working
 * ones by symbol and by source. Ended orders leave the working sets, so a session that has finished
 * 100,000 orders finds a symbol's working orders as fast as one that has finished none.
 */
export class OrderBook {
  private readonly byClientId = new Map<string, Order>();
  private readonly clientIdByBrokerId = new Map<string, string>();
  private readonly clientIdBySeq = new Map<number, string>();
  private readonly clientIdsBySymbol = new Map<string, Set<string>>();
  /** Client ids of the orders linked to each parent: a bracket's legs, an entry's exits, an oco's leg. */
  private readonly childIdsByParent = new Map<string, Set<string>>();
  /** Client ids of the working orders, in the order they were first put. */
  private readonly workingIds = new Set<string>();
  private readonly workingIdsBySymbol = new Map<string, Set<string>>();
  private readonly workingIdsBySource = new Map<string, Set<string>>();
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
    // The working sets change only when an order starts or ends, not with each fill.
    if (before === undefined) {
      addTo(this.clientIdsBySymbol, order.symbol, order.clientOrderId);
      if (!isTerminal(order.status)) this.setWorking(order, true);
    } else if (before.status !== order.status && isTerminal(before.status) !== isTerminal(order.status)) {
      this.setWorking(order, !isTerminal(order.status));
    }
  }

  /** The orders linked to this one as their parent. */
  children(clientOrderId: string): Order[] {
    return this.ordersOf(this.childIdsByParent.get(clientOrderId));
  }

  private relink(clientOrderId: string, from: string | undefined, to: string | undefined): void {
    if (from !== undefined) this.childIdsByParent.get(from)?.delete(clientOrderId);
    if (to !== undefined) addTo(this.childIdsByParent, to, clientOrderId);
  }

  private setWorking(order: Order, working: boolean): void {
    const id = order.clientOrderId;
    if (working) {
      this.workingIds.add(id);
      addTo(this.workingIdsBySymbol, order.symbol, id);
      addTo(this.workingIdsBySource, order.source, id);
    } else {
      this.workingIds.delete(id);
      removeFrom(this.workingIdsBySymbol, order.symbol, id);
      removeFrom(this.workingIdsBySource, order.source, id);
    }
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

  /** Every order of the symbol, ended ones too. */
  bySymbol(symbol: string): Order[] {
    return this.ordersOf(this.clientIdsBySymbol.get(symbol));
  }

  /** The working orders (of one symbol, when given), in the order they were placed or learnt of. */
  working(symbol?: string): Order[] {
    return this.ordersOf(symbol === undefined ? this.workingIds : this.workingIdsBySymbol.get(symbol));
  }

  /** The working orders one source placed: `manual` (the trader's) or a strategy's id. */
  workingBySource(source: string): Order[] {
    return this.ordersOf(this.workingIdsBySource.get(source));
  }

  private ordersOf(ids: ReadonlySet<string> | undefined): Order[] {
    const orders: Order[] = [];
    for (const id of ids ?? []) {
      const order = this.byClientId.get(id);
      if (order !== undefined) orders.push(order);
    }
    return orders;
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

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, new Set([id]));
  else ids.add(id);
}

/** An emptied set is dropped, so symbols traded once and done with leave nothing behind. */
function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}
