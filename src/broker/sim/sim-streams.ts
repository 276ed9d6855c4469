import { normalizeSymbol } from '../../domain/symbol.js';
import type { ConnectionState, Quote, TradeUpdate, Unsubscribe } from '../port.js';

type Handler<T> = (value: T) => void;

interface QuoteSubscription {
  readonly symbols: ReadonlySet<string>;
  readonly handler: Handler<Quote>;
}

/**
 * The exchange's subscribers. A subscriber that throws must not leave the exchange half way
 * through a step (state is already updated when news goes out), so its error is handed to
 * `onError` and the other subscribers still hear the news.
 */
export class SimStreams {
  private readonly trade = new Set<{ readonly handler: Handler<TradeUpdate> }>();
  private readonly quotes = new Set<QuoteSubscription>();
  private readonly connection = new Set<{ readonly handler: Handler<ConnectionState> }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  subscribeTradeUpdates(handler: Handler<TradeUpdate>): Unsubscribe {
    return register(this.trade, { handler });
  }

  subscribeQuotes(symbols: readonly string[], handler: Handler<Quote>): Unsubscribe {
    return register(this.quotes, { symbols: new Set(symbols.map(normalizeSymbol)), handler });
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

  quote(quote: Quote): void {
    for (const { symbols, handler } of [...this.quotes]) {
      if (symbols.has(quote.symbol)) this.deliver(handler, quote);
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
