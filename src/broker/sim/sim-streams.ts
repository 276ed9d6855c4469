import { normalizeSymbol } from '../../domain/symbol.js';
import type { ConnectionState, MarketDataHandlers, MarketTrade, Quote, TradeUpdate, Unsubscribe } from '../port.js';

type Handler<T> = (value: T) => void;

interface MarketSubscription {
  readonly symbols: ReadonlySet<string>;
  readonly handlers: MarketDataHandlers;
}

/**
 * The exchange's subscribers. A subscriber that throws must not leave the exchange half way
 * through a step (state is already updated when news goes out), so its error is handed to
 * `onError` and the other subscribers still hear the news.
 */
export class SimStreams {
  private readonly trade = new Set<{ readonly handler: Handler<TradeUpdate> }>();
  private readonly quotes = new Set<MarketSubscription>();
  private readonly connection = new Set<{ readonly handler: Handler<ConnectionState> }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  subscribeTradeUpdates(handler: Handler<TradeUpdate>): Unsubscribe {
    return register(this.trade, { handler });
  }

  subscribeMarketData(symbols: readonly string[], handlers: MarketDataHandlers): Unsubscribe {
    return register(this.quotes, { symbols: new Set(symbols.map(normalizeSymbol)), handlers });
  }

  onConnectionChange(handler: Handler<ConnectionState>): Unsubscribe {
    return register(this.connection, { handler });
  }

  tradeUpdate(update: TradeUpdate): void {
    for (const { handler } of [...this.trade]) this.deliver(handler, update);
  }

  connectionChange(state: ConnectionState): void {
    for (const { handler } of [...this.connection]) this.deliver(handler, state);
  }

  /** A quote, and the trade that moved its last price if one did: the trade first, as a market prints it. */
  quote(quote: Quote, trade: MarketTrade | undefined): void {
    for (const { symbols, handlers } of [...this.quotes]) {
      if (!symbols.has(quote.symbol)) continue;
      if (trade !== undefined && handlers.trade !== undefined) this.deliver(handlers.trade, trade);
      if (handlers.quote !== undefined) this.deliver(handlers.quote, quote);
    }
  }

  clear(): void {
    this.trade.clear();
    this.quotes.clear();
    this.connection.clear();
  }

  private deliver<T>(handler: Handler<T>, value: T): void {
    try {
      handler(value);
    } catch (error) {
      this.onError(error);
    }
  }
}

function register<T>(set: Set<T>, entry: T): Unsubscribe {
  set.add(entry);
  return () => {
    set.delete(entry);
  };
}

/** By default a subscriber's error surfaces as an uncaught error, outside the exchange's step. */
export function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
