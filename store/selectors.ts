import { ZERO, type Decimal } from '../src/domain/decimal.js';
import { isTerminal } from '../src/domain/order-state.js';
import type { Order } from '../src/domain/order.js';
import { valuePortfolio, type Portfolio, type Valuation } from '../src/domain/portfolio.js';
import type { Position } from '../src/domain/position.js';
import type { ConsoleState } from './console-store.js';
import { markOf } from './mark-price.js';
import type { StrategyView } from './strategy-view.js';

/** Working orders first (newest first), then finished ones (most recently updated first). */
export function ordersForDisplay(orders: Readonly<Record<string, Order>>): Order[] {
  const all = Object.values(orders);
  const working = all.filter((o) => !isTerminal(o.status)).sort((a, b) => b.seq - a.seq);
  const done = all.filter((o) => isTerminal(o.status)).sort((a, b) => b.updatedAt - a.updatedAt || b.seq - a.seq);
  return [...working, ...done];
}

export function workingOrderCount(orders: Readonly<Record<string, Order>>): number {
  let n = 0;
  for (const o of Object.values(orders)) if (!isTerminal(o.status)) n++;
  return n;
}

/** Marks positions at the last trade, else the quote's mid; a position with neither at what it cost. */
export function valuation(state: Pick<ConsoleState, 'portfolio' | 'quotes'>): Valuation {
  return valuePortfolio(state.portfolio, (symbol) => markOf(state.quotes[symbol])?.value);
}

/** Whether every open position has a mark: one without leaves the total unrealized P&L unknown. */
export function allPositionsMarked(state: Pick<ConsoleState, 'portfolio' | 'quotes'>): boolean {
  return Object.values(state.portfolio.positions).every((p) => p.qty.isZero() || markOf(state.quotes[p.symbol]) !== undefined);
}

/** Day P&L: live equity against the broker's equity at the previous close. */
export function dayPnl(state: Pick<ConsoleState, 'portfolio' | 'quotes' | 'account'>): Decimal {
  if (state.account === undefined) return ZERO;
  return valuation(state).equity.minus(state.account.lastEquity);
}

/** A pane filter matches a row when the row's text holds it, ignoring case; an empty filter matches all. */
export function matchesFilter(text: string, filter: string): boolean {
  return filter === '' || text.toLowerCase().includes(filter.toLowerCase());
}

/** What `/` searches in an order row: its number, side, symbol, type, time in force and status. */
export function orderFilterText(order: Order): string {
  return `#${order.seq} ${order.side} ${order.symbol} ${order.type} ${order.timeInForce} ${order.status.replace('_', ' ')}`;
}

/** The orders pane's rows: ordersForDisplay's order, narrowed by the pane's filter. */
export function filteredOrders(orders: Readonly<Record<string, Order>>, filter: string): Order[] {
  const sorted = ordersForDisplay(orders);
  return filter === '' ? sorted : sorted.filter((o) => matchesFilter(orderFilterText(o), filter));
}

/** The positions pane's rows: open positions by symbol, narrowed by the filter (symbol, long or short). */
export function filteredPositions(portfolio: Portfolio, filter: string): Position[] {
  return Object.values(portfolio.positions)
    .filter((p) => !p.qty.isZero() && matchesFilter(`${p.symbol} ${p.qty.isNeg() ? 'short' : 'long'}`, filter))
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** The watchlist pane's rows: each symbol once (symbols are row keys), narrowed by the filter. */
export function filteredWatchlist(watchlist: readonly string[], filter: string): string[] {
  return [...new Set(watchlist)].filter((symbol) => matchesFilter(symbol, filter));
}

/** The log lines a pane filter lets through (level and text), before the log pane merges and cuts them. */
export function filteredLog<T extends { readonly level: string; readonly text: string }>(log: readonly T[], filter: string): readonly T[] {
  return filter === '' ? log : log.filter((line) => matchesFilter(`${line.level} ${line.text}`, filter));
}

/** The strategies pane's rows, narrowed by the filter (id, name, symbols, state). */
export function filteredStrategies(strategies: readonly StrategyView[], filter: string): readonly StrategyView[] {
  if (filter === '') return strategies;
  return strategies.filter((s) => matchesFilter(`${s.id} ${s.name} ${s.symbols.join(' ')} ${s.state}`, filter));
}
