import { ZERO, type Decimal } from '../src/domain/decimal.js';
import { isTerminal } from '../src/domain/order-state.js';
import type { Order } from '../src/domain/order.js';
import { valuePortfolio, type Valuation } from '../src/domain/portfolio.js';
import type { ConsoleState } from './console-store.js';

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

/** Marks positions at the last trade price of the latest quote. */
export function valuation(state: Pick<ConsoleState, 'portfolio' | 'quotes'>): Valuation {
  return valuePortfolio(state.portfolio, (symbol) => state.quotes[symbol]?.last);
}

/** Day P&L: live equity against the broker's equity at the previous close. */
export function dayPnl(state: Pick<ConsoleState, 'portfolio' | 'quotes' | 'account'>): Decimal {
  if (state.account === undefined) return ZERO;
  return valuation(state).equity.minus(state.account.lastEquity);
}
