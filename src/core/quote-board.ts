import type { MarketData, MarketDataHandlers, MarketTrade, Quote } from '../broker/port.js';
import { ZERO } from '../domain/decimal.js';
import type { EventBus } from './event-bus.js';
import type { TaskSet } from './task-set.js';

/**
 * The latest prices per symbol and the one market-data subscription behind them. Prices are wanted
 * for the trader's watchlist and also for every symbol with a position or an order (to mark P&L), so
 * the subscription covers both; only the watchlist is shown as such.
 *
 * A symbol's entry is put together from three sources, as Alpaca serves them: a snapshot gives the
 * first prices (quote, last trade, previous close), the quote stream moves bid and ask only, and the
 * trade stream moves the last price. The entry's timestamp is the market time of the newest of these.
 */
export class QuoteBoard {
  private readonly latest = new Map<string, Quote>();
  private watched: string[];
  private readonly tracked = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private subscribed = '';
  /** Symbols wanted but not streamed, because the market data allows no more (as last told). */
  private leftOut = '';
  private streamed = new Set<string>();
  /** Who wants the raw quotes and trades as they arrive (bars for strategies), not the merged prices. */
  private readonly listeners = new Set<MarketDataHandlers>();

  constructor(
    private readonly marketData: MarketData,
    private readonly bus: EventBus,
    private readonly tasks: TaskSet,
    watchlist: readonly string[],
    private readonly fetchSnapshots: (symbols: readonly string[]) => Promise<Quote[]>,
    private readonly warn: (text: string) => void,
  ) {
    this.watched = [...watchlist];
  }

  start(): void {
    this.bus.emit({ type: 'watchlist', symbols: this.watched });
    this.resubscribe();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  get(symbol: string): Quote | undefined {
    return this.latest.get(symbol);
  }

  /**
   * The latest prices, asked of the market when none have arrived yet (a symbol traded for the first
   * time): a pre-trade check must not pass for want of a price. Rejects when the market can't answer.
   */
  async current(symbol: string): Promise<Quote | undefined> {
    const known = this.latest.get(symbol);
    // A price no stream keeps fresh is asked again each time it is needed.
    if (known !== undefined && this.streamed.has(symbol)) return known;
    const fetched = (await this.fetchSnapshots([symbol])).find((quote) => quote.symbol === symbol);
    if (fetched !== undefined) this.seed(fetched);
    return this.latest.get(symbol) ?? fetched;
  }

  all(): Quote[] {
    return [...this.latest.values()];
  }

  symbols(): readonly string[] {
    return this.watched;
  }

  add(symbols: readonly string[]): void {
    this.setWatched([...this.watched, ...symbols.filter((s) => !this.watched.includes(s))]);
  }

  remove(symbols: readonly string[]): void {
    this.setWatched(this.watched.filter((s) => !symbols.includes(s)));
  }

  /** Hands every streamed quote and trade to `handlers` as it arrives, until the returned function is called. */
  listen(handlers: MarketDataHandlers): () => void {
    this.listeners.add(handlers);
    return () => void this.listeners.delete(handlers);
  }

  /** A listener that throws is said in the log; the price still reaches everyone else. */
  private tell(deliver: () => void): void {
    try {
      deliver();
    } catch (error) {
      this.warn(`a market-data listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Keeps prices coming for a symbol the trader holds or trades, watched or not. */
  track(symbols: Iterable<string>): void {
    for (const symbol of symbols) this.tracked.add(symbol);
    if (this.unsubscribe !== undefined) this.resubscribe();
  }

  private subscribedTo(symbol: string): boolean {
    return this.unsubscribe !== undefined && (this.watched.includes(symbol) || this.tracked.has(symbol));
  }

  private setWatched(symbols: string[]): void {
    this.watched = symbols;
    this.bus.emit({ type: 'watchlist', symbols });
    if (this.unsubscribe !== undefined) this.resubscribe();
  }

  /**
   * Subscribes to the wanted symbols, then fetches snapshots of those without a previous close yet:
   * a stream only reports changes, so a quiet symbol would otherwise show nothing until it next
   * moves, and never its day's change. Where the market data streams fewer symbols than are wanted,
   * the ones held or traded go first, then the watchlist in its order; the rest get snapshots only,
   * and the trader is told which. Streaming never fails an order or the start: the old subscription
   * stays until a new one is in place.
   */
  private resubscribe(): void {
    const wanted = [...new Set([...this.tracked, ...this.watched])];
    const key = wanted.join(',');
    if (key === this.subscribed && this.unsubscribe !== undefined) return;
    const max = this.marketData.maxStreamedSymbols;
    const streamed = max === undefined ? wanted : wanted.slice(0, max);
    let unsubscribe: () => void;
    try {
      unsubscribe = this.marketData.subscribeMarketData(streamed, {
        quote: (quote) => this.onQuote(quote),
        trade: (trade) => this.onTrade(trade),
      });
    } catch (error) {
      this.warn(`live quotes not changed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.unsubscribe?.();
    this.unsubscribe = unsubscribe;
    this.subscribed = key;
    this.streamed = new Set(streamed);
    this.tellLeftOut(wanted.slice(streamed.length), max);
    // Prices no stream keeps fresh any more are dropped: a later order must not be judged on them.
    for (const symbol of this.latest.keys()) if (!wanted.includes(symbol)) this.latest.delete(symbol);
    const unseeded = wanted.filter((symbol) => this.latest.get(symbol)?.prevClose === undefined);
    if (unseeded.length > 0) {
      this.tasks.track(
        this.fetchSnapshots(unseeded).then((snapshots) => {
          for (const snapshot of snapshots) this.seed(snapshot);
        }),
      );
    }
  }

  private tellLeftOut(leftOut: readonly string[], max: number | undefined): void {
    const key = leftOut.join(',');
    if (key === this.leftOut) return;
    this.leftOut = key;
    if (leftOut.length === 0) return;
    this.warn(
      `the market data streams at most ${max} symbols: ${leftOut.join(', ')} ${leftOut.length === 1 ? 'gets' : 'get'} no live quotes ` +
        '(a price is fetched when one is needed) — unwatch some to stream them',
    );
  }

  /** A quote moves bid and ask; the last trade and previous close it does not carry stay as they were. */
  private onQuote(quote: Quote): void {
    for (const listener of this.listeners) this.tell(() => listener.quote?.(quote));
    const known = this.latest.get(quote.symbol);
    if (known === undefined || (quote.last !== undefined && quote.prevClose !== undefined)) {
      this.publish(quote);
      return;
    }
    this.publish({ ...quote, last: quote.last ?? known.last, prevClose: quote.prevClose ?? known.prevClose });
  }

  /**
   * A trade moves the last price. Before any quote the sides are unknown, and shown as Alpaca shows a
   * withdrawn quote: zero, which every price check already takes for no price.
   */
  private onTrade(trade: MarketTrade): void {
    for (const listener of this.listeners) this.tell(() => listener.trade?.(trade));
    const known = this.latest.get(trade.symbol);
    if (known === undefined) {
      const { symbol, price, timestamp } = trade;
      this.publish({ symbol, bid: ZERO, ask: ZERO, bidSize: ZERO, askSize: ZERO, last: price, timestamp });
      return;
    }
    this.publish({ ...known, last: trade.price, timestamp: newer(known.timestamp, trade.timestamp) });
  }

  /** A snapshot fills in only what the streams have not said: what they said since is newer. */
  private seed(snapshot: Quote): void {
    if (!this.subscribedTo(snapshot.symbol)) return;
    const known = this.latest.get(snapshot.symbol);
    if (known === undefined) {
      this.publish(snapshot);
      return;
    }
    if (known.last !== undefined && known.prevClose !== undefined) return;
    this.publish({ ...known, last: known.last ?? snapshot.last, prevClose: known.prevClose ?? snapshot.prevClose });
  }

  private publish(quote: Quote): void {
    this.latest.set(quote.symbol, quote);
    this.bus.emit({ type: 'quote', quote });
  }
}

/** The later of two market times; one that cannot be read loses. */
function newer(a: string, b: string): string {
  const at = Date.parse(a);
  return Number.isNaN(at) || Date.parse(b) > at ? b : a;
}
