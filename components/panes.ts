import type { ConsoleState } from '../store/console-store.js';
import { filteredLog, filteredOrders, filteredPositions, filteredStrategies, filteredWatchlist } from '../store/selectors.js';
import type { RowAnchor } from '../store/row-selection.js';
import type { KeyContext } from './key-bindings.js';
import type { ConsoleLayout, PaneBox, PaneId } from './layout.js';
import { paneRows } from './layout.js';
import { logRowKey, logRows } from './log-rows.js';

/**
 * What the keyboard needs to know about a pane. The rows come from the same selectors the pane
 * draws from, so j/k walk the rows in the order they are on screen, and a selection is kept by row
 * key (order id, symbol) so it stays on its order when rows move.
 */
export interface PaneSpec {
  readonly id: PaneId;
  readonly title: string;
  /** The pane's own keys, beside those of every pane; absent when it has none. */
  readonly context?: KeyContext;
  readonly anchor: RowAnchor;
  /** Keys of the rows, in drawing order, narrowed by `filter`; `height` is the rows that fit (the log merges within it). */
  readonly rowKeys: (state: ConsoleState, filter: string, height: number) => readonly string[];
}

const NO_ROWS: readonly string[] = [];

export const PANE_SPECS: Readonly<Record<PaneId, PaneSpec>> = {
  watchlist: {
    id: 'watchlist',
    title: 'Watchlist',
    context: 'watchlist',
    anchor: 'top',
    rowKeys: (state, filter) => filteredWatchlist(state.watchlist, filter),
  },
  orders: {
    id: 'orders',
    title: 'Orders',
    context: 'orders',
    anchor: 'top',
    rowKeys: (state, filter) => filteredOrders(state.orders, filter).map((o) => o.clientOrderId),
  },
  positions: {
    id: 'positions',
    title: 'Positions',
    context: 'positions',
    anchor: 'top',
    rowKeys: (state, filter) => filteredPositions(state.portfolio, filter).map((p) => p.symbol),
  },
  log: {
    id: 'log',
    title: 'Log',
    anchor: 'bottom',
    rowKeys: (state, filter, height) => logRows(filteredLog(state.log, filter), state.logLevel, height).rows.map((row) => logRowKey(row.last)),
  },
  strategies: {
    id: 'strategies',
    title: 'Strategies',
    context: 'strategies',
    anchor: 'top',
    rowKeys: (state, filter) => filteredStrategies(state.strategies, filter).map((s) => s.id),
  },
  metrics: { id: 'metrics', title: 'Metrics', anchor: 'top', rowKeys: () => NO_ROWS },
};

/** The rows a pane has room for in this layout; 0 when it is not on screen. */
export function paneRowsIn(layout: ConsoleLayout | undefined, id: PaneId): number {
  const box: PaneBox | undefined = layout?.[id];
  return box === undefined ? 0 : paneRows(box);
}
