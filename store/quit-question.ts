import { isOrderWorking } from '../src/domain/order.js';
import type { ConsoleState } from './console-store.js';
import { isLive } from './strategy-view.js';

/** Strategies that quitting will stop, paused ones too (Session.close stops them, cancelling their working orders). */
export function strategiesStoppedOnQuit(state: Pick<ConsoleState, 'strategies'>): number {
  return state.strategies.filter(isLive).length;
}

/**
 * Working orders that quitting would leave at the exchange: those of a strategy being stopped are
 * cancelled by its stop, so only the trader's own (and external ones) are the trader's to decide on.
 */
export function ordersLeftOnQuit(state: Pick<ConsoleState, 'orders' | 'strategies'>): number {
  const stopping = new Set(state.strategies.filter(isLive).map((s) => s.id));
  let n = 0;
  for (const order of Object.values(state.orders)) if (isOrderWorking(order) && !stopping.has(order.source)) n++;
  return n;
}
