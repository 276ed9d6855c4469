import { isTerminal } from '../../domain/order-state.js';
import { isOpen, simStatus, type SimOrderBook, type SimOrderRecord } from './sim-orders.js';

/**
 * How the orders of a bracket, oco or oto relate, read from the book. A bracket's or oto's legs wait
 * (`held`) until the entry has filled completely, or has ended with part of it filled; an oco's stop
 * leg is live as soon as the exchange has acknowledged its take-profit parent. Live legs of one
 * parent (with the oco's parent itself) form a pair: one cancels the other.
 */
export function isLiveLeg(book: SimOrderBook, leg: SimOrderRecord): boolean {
  const parent = book.parentOf(leg);
  if (parent === undefined) return false;
  const { order } = parent;
  if (order.orderClass === 'oco') return order.status !== 'pending_new';
  return order.status === 'filled' || (isTerminal(simStatus(order)) && order.filledQty.gt(0));
}

/** Whether the exchange may trade the order now (given the market): acknowledged, or a live leg. */
export function isRoutable(book: SimOrderBook, record: SimOrderRecord): boolean {
  const { status } = record.order;
  if (status === 'new' || status === 'partially_filled') return true;
  return status === 'held' && isLiveLeg(book, record);
}

/**
 * The pair the order belongs to (itself included), or undefined for an order that cancels nothing
 * when it fills: a simple order, a bracket's or oto's entry, a leg still waiting on its entry.
 */
export function pairOf(book: SimOrderBook, record: SimOrderRecord): readonly SimOrderRecord[] | undefined {
  if (record.parentId === undefined) return record.order.orderClass === 'oco' ? [record, ...book.legsOf(record)] : undefined;
  const parent = book.parentOf(record);
  if (parent === undefined || !isLiveLeg(book, record)) return undefined;
  return parent.order.orderClass === 'oco' ? [parent, ...book.legsOf(parent)] : book.legsOf(parent);
}

/**
 * The key under which an order holds shares or buying power: the members of a pair share one (they
 * are the same shares, sold once); every other order has its own. Undefined for a leg that is not
 * live yet: it holds nothing until its entry has filled.
 */
export function holdingKey(book: SimOrderBook, record: SimOrderRecord): string | undefined {
  const pair = pairOf(book, record);
  if (pair !== undefined) return `pair:${(pair[0] as SimOrderRecord).order.id}`;
  if (record.parentId !== undefined) return undefined;
  return `order:${record.order.id}`;
}

/**
 * What a cancel of this order asks the exchange to cancel: the order itself, or, in a class order,
 * the group it stands for. Cancelling a bracket's or oto's entry cancels the entry (its legs follow
 * when it ends); once the entry has filled it cancels the legs; cancelling any member of a pair
 * cancels the pair; a leg still waiting on its entry stands for the entry. Only orders still working.
 */
export function cancelTargets(book: SimOrderBook, record: SimOrderRecord): SimOrderRecord[] {
  const parent = book.parentOf(record);
  if (parent !== undefined && !isLiveLeg(book, record)) return cancelTargets(book, parent);
  const pair = pairOf(book, record);
  if (pair !== undefined) return isOpen(record.order) ? pair.filter((member) => isOpen(member.order)) : [];
  if (isOpen(record.order)) return [record];
  return book.legsOf(record).filter((leg) => isOpen(leg.order));
}

/** The order and every leg it has: what leaves the book together, or holds together. */
export function familyOf(book: SimOrderBook, record: SimOrderRecord): SimOrderRecord[] {
  const top = book.parentOf(record) ?? record;
  return [top, ...book.legsOf(top)];
}
