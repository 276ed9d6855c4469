import type { Broker, Quote } from '../broker/port.js';
import type { EventBus } from './event-bus.js';
import type { TaskSet } from './task-set.js';

/**
 * The latest quote per symbol and the one broker quote subscription behind it. Quotes are wanted for
 * the trader's watchlist and also for every symbol with a position or an order (to mark P&L), so the
 * subscription covers both; only the watchlist is shown as such.
 */
export class QuoteBoard {
  private readonly latest = new Map<string, Quote>();
  private watched: string[];
  private readonly tracked = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private subscribed = '';

  constructor(
    private readonly broker: Broker,
    private readonly bus: EventBus,
    private readonly tasks: TaskSet,
    watchlist: readonly string[],
    private readonly fetchLatest: (symbols: readonly string[]) => Promise<Quote[]>,
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
   * The latest quote, asked of the broker when none has arrived yet (a symbol traded for the first
   * time): a pre-trade check must not pass for want of a price. Rejects when the broker can't answer.
   */
  async current(symbol: string): Promise<Quote | undefined> {
    const known = this.latest.get(symbol);
    if (known !== undefined) return known;
    const fetched = (await this.fetchLatest([symbol])).find((quote) => quote.symbol === symbol);
    // Kept only while the subscription keeps it fresh: another order would otherwise be judged on an old price.
    if (fetched !== undefined && this.subscribedTo(symbol) && !this.latest.has(symbol)) this.receive(fetched);
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

  /** Keeps quotes coming for a symbol the trader holds or trades, watched or not. */
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
   * Subscribes to the wanted symbols, then fetches their current quotes: a stream only reports
   * changes, and a quiet symbol would otherwise show nothing until it next moves.
   */
  private resubscribe(): void {
    const wanted = [...new Set([...this.watched, ...this.tracked])];
    const key = wanted.join(',');
    if (key === this.subscribed && this.unsubscribe !== undefined) return;
    this.unsubscribe?.();
    this.subscribed = key;
    this.unsubscribe = this.broker.subscribeQuotes(wanted, (quote) => this.receive(quote));
    const missing = wanted.filter((symbol) => !this.latest.has(symbol));
    if (missing.length > 0) {
      this.tasks.track(
        this.fetchLatest(missing).then((quotes) => {
          for (const quote of quotes) if (!this.latest.has(quote.symbol)) this.receive(quote);
        }),
      );
    }
  }

  private receive(quote: Quote): void {
    this.latest.set(quote.symbol, quote);
    this.bus.emit({ type: 'quote', quote });
  }
}
