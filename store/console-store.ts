import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Fill } from '../src/domain/fill.js';
import type { Order } from '../src/domain/order.js';
import { emptyPortfolio, type Portfolio } from '../src/domain/portfolio.js';
import { ZERO, type Decimal } from '../src/domain/decimal.js';
import type { Position } from '../src/domain/position.js';
import type { BrokerAccount, ConnectionState, MarketClock, Quote } from '../src/broker/port.js';
import type { BooksStatus, CoreEvent, StoreStatus } from '../src/core/events.js';
import { LOG_LIMIT, type LogEntry, type LogLevel } from '../src/kernel/log-entry.js';
import type { TradingStatus } from '../src/core/trading-state.js';
import { DEFAULT_LOG_LEVEL } from './log-level.js';
import { appendLogLines, type LogLine } from './log-lines.js';
import { EMPTY_SERIES, quoteTime, sampleEquity, samplePrice, type SampledSeries } from './history.js';
import type { StrategyMetrics } from './strategy-metrics.js';
import type { StrategyView } from './strategy-view.js';
import type { MetricsSnapshot } from '../src/core/metrics.js';
import type { ConsoleBacktestResult } from '../src/app/console-backtest.js';

export const RECENT_FILLS_LIMIT = 200;

/** What the command line last answered: a confirmation or a one-line error. */
export interface Feedback {
  readonly ok: boolean;
  readonly text: string;
  readonly at: number;
}

/** The console's projection of core state. Replaced, never mutated, so selectors can compare by reference. */
export interface ConsoleState {
  readonly mode: 'sim' | 'paper' | 'live';
  readonly profile: string;
  readonly connection: ConnectionState;
  readonly trading: TradingStatus;
  /** Whether what happens is being saved to disk; not ok is marked in the status bar. */
  readonly store: StoreStatus;
  /** Whether the books agree with the broker and with themselves; each adjustment is also a log line. */
  readonly books: BooksStatus;
  readonly clock: MarketClock | undefined;
  readonly account: BrokerAccount | undefined;
  readonly portfolio: Portfolio;
  readonly orders: Readonly<Record<string, Order>>;
  readonly recentFills: readonly Fill[];
  readonly quotes: Readonly<Record<string, Quote>>;
  /** Symbols whose latest quote is too old to pass for live (see quote-staleness.ts). */
  readonly staleQuotes: Readonly<Record<string, true>>;
  readonly watchlist: readonly string[];
  readonly log: readonly LogLine[];
  /** The least severe level the log pane shows. */
  readonly logLevel: LogLevel;
  readonly feedback: Feedback | undefined;
  /** Count of core events folded in: cheap proof of liveness for tests and the metrics line. */
  readonly eventsApplied: number;
  /** Recent prices per symbol, sampled at most once a second of market time: the watchlist's sparklines. */
  readonly priceHistory: Readonly<Record<string, SampledSeries>>;
  /** Equity over the session, sampled the same way once the broker has reported the account. */
  readonly equityHistory: SampledSeries;
  /** Strategy instances and how they are doing, in start order; refreshed about once a second. */
  readonly strategies: readonly StrategyView[];
  /** Whether the metrics pane is on screen. */
  readonly showMetrics: boolean;
  /** The core's latest metrics reading, refreshed while the metrics pane is shown. */
  readonly metrics: MetricsSnapshot | undefined;
  /** The strategies' slots, refusals and latencies, read with `metrics`; undefined in a session without strategies. */
  readonly strategyMetrics: StrategyMetrics | undefined;
  /** The last backtest's result while its overlay is open, and how far it is scrolled. */
  readonly backtest: { readonly result: ConsoleBacktestResult; readonly scroll: number } | undefined;
}

export type ConsoleStore = StoreApi<ConsoleState>;

export function initialConsoleState(mode: ConsoleState['mode'], profile: string): ConsoleState {
  return {
    mode,
    profile,
    connection: { rest: 'connecting', stream: 'connecting' },
    trading: { state: 'active' },
    store: { state: 'ok' },
    books: { adjustments: 0, unknownFills: 0, unbalanced: [] },
    clock: undefined,
    account: undefined,
    portfolio: emptyPortfolio(ZERO),
    orders: {},
    recentFills: [],
    quotes: {},
    staleQuotes: {},
    watchlist: [],
    log: [],
    logLevel: DEFAULT_LOG_LEVEL,
    feedback: undefined,
    eventsApplied: 0,
    priceHistory: {},
    equityHistory: EMPTY_SERIES,
    strategies: [],
    showMetrics: false,
    metrics: undefined,
    strategyMetrics: undefined,
    backtest: undefined,
  };
}

export function createConsoleStore(initial: ConsoleState): ConsoleStore {
  return createStore<ConsoleState>()(() => initial);
}

/** Folds a batch of core events into a new state; one new object per touched collection. */
export function applyCoreEvents(state: ConsoleState, events: readonly CoreEvent[]): ConsoleState {
  if (events.length === 0) return state;
  let orders: Record<string, Order> | undefined;
  let quotes: Record<string, Quote> | undefined;
  let portfolio: { cash: Decimal; positions: Record<string, Position> } | undefined;
  let prices: Record<string, SampledSeries> | undefined;
  let marketAt = Number.NEGATIVE_INFINITY;
  const fills: Fill[] = [];
  const logs: LogEntry[] = [];
  let next: ConsoleState = state;
  for (const event of events) {
    switch (event.type) {
      case 'order':
        orders ??= { ...state.orders };
        orders[event.order.clientOrderId] = event.order;
        break;
      case 'fill':
        fills.push(event.fill);
        break;
      case 'portfolio': {
        // One copy per batch, changed in place: a batch can carry thousands of fills.
        const { change } = event;
        if (portfolio === undefined || change.whole === true) {
          portfolio = { cash: change.cash, positions: change.whole === true ? {} : { ...next.portfolio.positions } };
        }
        portfolio.cash = change.cash;
        for (const position of change.positions) portfolio.positions[position.symbol] = position;
        break;
      }
      case 'account':
        next = { ...next, account: event.account };
        break;
      case 'quote': {
        quotes ??= { ...state.quotes };
        quotes[event.quote.symbol] = event.quote;
        const at = quoteTime(event.quote);
        if (at > marketAt) marketAt = at;
        const sampled = samplePrice((prices ?? state.priceHistory)[event.quote.symbol], event.quote, at);
        if (sampled !== undefined) (prices ??= { ...state.priceHistory })[event.quote.symbol] = sampled;
        break;
      }
      case 'connection':
        next = { ...next, connection: event.state };
        break;
      case 'trading':
        next = { ...next, trading: event.status };
        break;
      case 'store':
        next = { ...next, store: event.status };
        break;
      case 'books':
        next = { ...next, books: event.status };
        break;
      case 'clock':
        next = { ...next, clock: event.clock };
        break;
      case 'watchlist':
        next = { ...next, watchlist: event.symbols };
        break;
      case 'log':
        logs.push(event.entry);
        break;
    }
  }
  return {
    ...next,
    orders: orders ?? next.orders,
    portfolio: portfolio ?? next.portfolio,
    quotes: quotes ?? next.quotes,
    recentFills: fills.length === 0 ? next.recentFills : [...next.recentFills, ...fills].slice(-RECENT_FILLS_LIMIT),
    log: appendLogLines(next.log, logs, LOG_LIMIT),
    eventsApplied: next.eventsApplied + events.length,
    priceHistory: prices ?? next.priceHistory,
    equityHistory:
      next.account === undefined
        ? next.equityHistory
        : sampleEquity(next.equityHistory, portfolio ?? next.portfolio, quotes ?? next.quotes, marketAt),
  };
}
