import type { Adjustment } from '../domain/adjustment.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import type { PortfolioChange } from '../domain/portfolio.js';
import type { LogEntry } from '../kernel/log-entry.js';
import type { TradingStatus } from './trading-state.js';
import type { BrokerAccount, ConnectionState, MarketClock, Quote } from '../broker/port.js';


/** How saving stands: fine, failing (and being retried), or stopped because another process took the files. */
export interface StoreStatus {
  readonly state: 'ok' | 'failing' | 'lost';
  /** What failed and what to do, in one line, while not ok. */
  readonly problem?: string;
}

/**
 * Whether the books can be trusted as they are: corrections booked this session (adjustments),
 * fills here that the broker does not know, and differences between positions and the fills and
 * adjustments behind them. All zero and empty is the normal state.
 */
export interface BooksStatus {
  readonly adjustments: number;
  readonly unknownFills: number;
  readonly unbalanced: readonly string[];
}

/**
 * The one stream the core emits. Persistence and the console both consume it; neither reaches
 * into the core's state.
 */
export type CoreEvent =
  | { readonly type: 'order'; readonly order: Order }
  | { readonly type: 'fill'; readonly fill: Fill }
  /** Cash and the positions that changed; the whole portfolio at startup and after a reset. */
  | { readonly type: 'portfolio'; readonly change: PortfolioChange }
  | { readonly type: 'account'; readonly account: BrokerAccount }
  | { readonly type: 'quote'; readonly quote: Quote }
  | { readonly type: 'connection'; readonly state: ConnectionState }
  | { readonly type: 'clock'; readonly clock: MarketClock }
  | { readonly type: 'watchlist'; readonly symbols: readonly string[] }
  | { readonly type: 'trading'; readonly status: TradingStatus }
  /** A correction booked to the books (see Adjustment). */
  | { readonly type: 'adjustment'; readonly adjustment: Adjustment }
  | { readonly type: 'books'; readonly status: BooksStatus }
  | { readonly type: 'store'; readonly status: StoreStatus }
  | { readonly type: 'log'; readonly entry: LogEntry };

export type CoreEventListener = (event: CoreEvent) => void;
