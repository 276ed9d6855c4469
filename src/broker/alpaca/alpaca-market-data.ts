import { marketData, streaming } from '@alpacahq/alpaca-trade-api';
import type { Clock } from '../../kernel/clock.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import { BrokerError } from '../errors.js';
import type {
  ConnectionHealth,
  MarketData,
  MarketDataHandlers,
  MarketTrade,
  PriceBar,
  Quote,
  RecentBarsRequest,
  Unsubscribe,
} from '../port.js';
import type { BrokerNotice } from './alpaca-trade-stream.js';
import { brokerErrorFromSdk } from './sdk-errors.js';
import { alpacaTimeframe, toBarsPage } from './wire-bars.js';
import { fromStreamQuote, fromStreamTrade, toLatestQuotes, toLatestTrades, toSnapshotQuotes } from './wire-market.js';

/** Alpaca's free data plan streams at most this many symbols on each of trades and quotes. */
export const MAX_STREAMED_SYMBOLS = 30;

/** Alpaca's largest page of bars. */
const MAX_BARS_PAGE = 10_000;
/**
 * How far back to let Alpaca look for `count` bars (it starts at today's midnight unless told): a
 * trading week holds about a sixth of its calendar time in sessions, and a long holiday weekend
 * can hide ten days.
 */
const CALENDAR_PER_TRADING = 6;
const HOLIDAY_SLACK_MS = 10 * 24 * 60 * 60 * 1000;

export interface AlpacaMarketDataOptions {
  /** The data REST host, e.g. `https://data.alpaca.markets` or an emulator's `http://127.0.0.1:PORT`. */
  readonly dataUrl: string;
  /** The data stream host, e.g. `wss://stream.data.alpaca.markets`; the feed's path is added to it. */
  readonly streamUrl: string;
  readonly keyId: string;
  readonly secret: string;
  /** Reads the time a rate-limit reset is measured from. */
  readonly clock: Clock;
  /** The free plan's feed, the only one Blotter asks for. */
  readonly feed?: 'iex';
  /** Stream trouble and unreadable messages: told, since no caller is waiting to catch them. */
  readonly notice: BrokerNotice;
  /** Per-request deadline; the SDK's default (30 s) when absent. */
  readonly timeoutMs?: number;
  /** Keepalive ping of the stream; the SDK's 10 s when absent. */
  readonly pingIntervalMs?: number;
}

interface Subscriber {
  readonly symbols: ReadonlySet<string>;
  readonly handlers: MarketDataHandlers;
}

interface RawAnswer {
  readonly raw: Response;
}

/**
 * Alpaca's stock data through the official SDK: the generated REST client's `...Raw` calls, read by
 * wire-market, and one stock stream for the whole process, because Alpaca allows one connection per
 * key and a second knocks the first off. Every subscriber shares it; it asks for trades and quotes
 * of the union of their symbols, which the free plan caps at 30. As for trading, the SDK's retries
 * and rate limiter stay off (a bare Configuration has neither): the caller owns both.
 */
export class AlpacaMarketData implements MarketData {
  readonly maxStreamedSymbols = MAX_STREAMED_SYMBOLS;
  // Private fields, so the SDK configuration and stream holding the keys never reach a log or an inspect.
  readonly #stocks: marketData.StockApi;
  readonly #keyId: string;
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #feed: 'iex';
  readonly #streamUrl: string;
  readonly #pingIntervalMs: number | undefined;
  readonly #notice: BrokerNotice;
  readonly #subscribers = new Set<Subscriber>();
  #stream: streaming.StockDataStream | undefined;
  /** The symbols Alpaca last confirmed it streams both quotes and trades of. */
  #confirmed: ReadonlySet<string> = new Set();
  #health: ConnectionHealth = 'down';
  #closed = false;

  constructor(options: AlpacaMarketDataOptions) {
    const configuration = new marketData.Configuration({
      basePath: options.dataUrl.replace(/\/+$/, ''),
      keyId: options.keyId,
      secret: options.secret,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    this.#stocks = new marketData.StockApi(configuration);
    this.#keyId = options.keyId;
    this.#secret = options.secret;
    this.#clock = options.clock;
    this.#feed = options.feed ?? 'iex';
    this.#streamUrl = options.streamUrl.replace(/\/+$/, '');
    this.#pingIntervalMs = options.pingIntervalMs;
    this.#notice = options.notice;
  }

  getSnapshots(symbols: readonly string[]): Promise<Quote[]> {
    return this.#call(symbols, (list) => this.#stocks.stockSnapshotsRaw({ symbols: list, feed: this.#feed }), toSnapshotQuotes);
  }

  getLatestQuotes(symbols: readonly string[]): Promise<Quote[]> {
    return this.#call(symbols, (list) => this.#stocks.stockLatestQuotesRaw({ symbols: list, feed: this.#feed }), toLatestQuotes);
  }

  getLatestTrades(symbols: readonly string[]): Promise<MarketTrade[]> {
    return this.#call(symbols, (list) => this.#stocks.stockLatestTradesRaw({ symbols: list, feed: this.#feed }), toLatestTrades);
  }

  /**
   * The newest bars first (`sort=desc`), a page at a time, then turned around. Raw prices (no split
   * or dividend adjustment), as the live stream prints them. Timeframes Alpaca does not make (5s, 90m)
   * have none, without asking.
   */
  async recentBars(request: RecentBarsRequest): Promise<readonly PriceBar[]> {
    const timeframe = alpacaTimeframe(request.timeframeMs);
    const symbol = normalizeSymbol(request.symbol);
    const { timeframeMs, before, count } = request;
    if (timeframe === undefined || symbol === '' || !(count >= 1)) return [];
    // The bar forming at `before`, when Alpaca has it, is one more to drop.
    const wanted = count + 1;
    const start = new Date(Math.max(0, before - count * timeframeMs * CALENDAR_PER_TRADING - HOLIDAY_SLACK_MS));
    const newestFirst: PriceBar[] = [];
    let pageToken: string | undefined;
    try {
      do {
        const { raw } = await this.#stocks.stockBarsRaw({
          symbols: symbol,
          timeframe,
          start,
          end: new Date(before),
          limit: Math.min(MAX_BARS_PAGE, wanted - newestFirst.length),
          adjustment: 'raw',
          feed: this.#feed,
          sort: 'desc',
          ...(pageToken !== undefined && { pageToken }),
        });
        const text = await raw.text();
        const page = toBarsPage(text === '' ? undefined : (JSON.parse(text) as unknown), symbol, timeframeMs);
        newestFirst.push(...page.bars);
        pageToken = page.bars.length === 0 ? undefined : page.nextPageToken;
      } while (pageToken !== undefined && newestFirst.length < wanted);
    } catch (error) {
      throw await brokerErrorFromSdk(error, this.#clock.now());
    }
    return newestFirst
      .filter((bar) => bar.start + timeframeMs <= before)
      .slice(0, count)
      .reverse();
  }

  /**
   * Every bar of `symbol` starting within [from, to), oldest first, a page at a time (`pageSize`
   * bars, Alpaca's largest by default), as recentBars reads them: raw prices, starts on the UTC
   * grid of the bar's length. A timeframe Alpaca does not make is refused, since the caller asked
   * for exactly it.
   */
  async bars(symbol: string, timeframeMs: number, from: number, to: number, pageSize = MAX_BARS_PAGE): Promise<PriceBar[]> {
    const timeframe = alpacaTimeframe(timeframeMs);
    if (timeframe === undefined) throw new BrokerError('rejected', `Alpaca makes no ${timeframeMs / 1000} s bars; ask for minutes (1 to 59), hours (1 to 23) or one day`);
    const wanted = normalizeSymbol(symbol);
    const bars: PriceBar[] = [];
    let pageToken: string | undefined;
    try {
      do {
        const { raw } = await this.#stocks.stockBarsRaw({
          symbols: wanted,
          timeframe,
          start: new Date(from),
          // Alpaca's end is inclusive; a bar starting at `to` belongs to the next range.
          end: new Date(to - 1),
          limit: Math.min(MAX_BARS_PAGE, Math.max(1, pageSize)),
          adjustment: 'raw',
          feed: this.#feed,
          sort: 'asc',
          ...(pageToken !== undefined && { pageToken }),
        });
        const text = await raw.text();
        const page = toBarsPage(text === '' ? undefined : (JSON.parse(text) as unknown), wanted, timeframeMs);
        bars.push(...page.bars);
        pageToken = page.bars.length === 0 ? undefined : page.nextPageToken;
      } while (pageToken !== undefined);
    } catch (error) {
      throw await brokerErrorFromSdk(error, this.#clock.now());
    }
    return bars;
  }

  /** Refuses, before changing anything, a subscription that would take the streamed symbols past 30. */
  subscribeMarketData(symbols: readonly string[], handlers: MarketDataHandlers): Unsubscribe {
    if (this.#closed) throw new BrokerError('rejected', 'market data is closed: no new subscriptions');
    const subscriber: Subscriber = { symbols: new Set(symbols.map(normalizeSymbol)), handlers };
    const before = this.#wanted();
    const after = new Set([...before, ...subscriber.symbols]);
    if (after.size > MAX_STREAMED_SYMBOLS) {
      throw new BrokerError(
        'rejected',
        `Alpaca's free data plan streams at most ${MAX_STREAMED_SYMBOLS} symbols; ${after.size} asked — remove some from the watchlist`,
      );
    }
    this.#subscribers.add(subscriber);
    const added = [...after].filter((symbol) => !before.has(symbol));
    const fresh = this.#stream === undefined;
    const stream = this.#openStream();
    if (added.length > 0) {
      stream.subscribeForTrades(added);
      stream.subscribeForQuotes(added);
    }
    if (fresh) stream.connect();
    return () => this.#unsubscribe(subscriber);
  }

  /** `ok` while the stream is authenticated, `down` before the first subscription and after close. */
  streamHealth(): ConnectionHealth {
    return this.#health;
  }

  /**
   * Whether Alpaca has confirmed streaming exactly the symbols subscribed now: until it has, a
   * quote of a new symbol may not come yet (and a dropped one may still come).
   */
  subscriptionsConfirmed(): boolean {
    const wanted = this.#wanted();
    return wanted.size === this.#confirmed.size && [...wanted].every((symbol) => this.#confirmed.has(symbol));
  }

  /** Disconnects the stream (no reconnect follows) and forgets every subscriber. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    this.#stream?.disconnect();
    this.#stream = undefined;
    this.#health = 'down';
  }

  #unsubscribe(subscriber: Subscriber): void {
    if (!this.#subscribers.delete(subscriber) || this.#stream === undefined) return;
    const still = this.#wanted();
    const removed = [...subscriber.symbols].filter((symbol) => !still.has(symbol));
    if (removed.length === 0) return;
    this.#stream.unsubscribeFromTrades(removed);
    this.#stream.unsubscribeFromQuotes(removed);
  }

  #wanted(): Set<string> {
    const symbols = new Set<string>();
    for (const subscriber of this.#subscribers) for (const symbol of subscriber.symbols) symbols.add(symbol);
    return symbols;
  }

  /**
   * The one stream, made at the first subscription and connected only once that is subscribed, so
   * the SDK sends the whole set once after each authentication, reconnects included.
   */
  #openStream(): streaming.StockDataStream {
    if (this.#stream !== undefined) return this.#stream;
    const stream = new streaming.StockDataStream({
      credentials: { keyId: this.#keyId, secret: this.#secret },
      feed: this.#feed,
      url: `${this.#streamUrl}/v2/${this.#feed}`,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      ...(this.#pingIntervalMs !== undefined && { pingIntervalMs: this.#pingIntervalMs }),
    });
    stream.onQuote((quote) => this.#deliver('quote', quote));
    stream.onTrade((trade) => this.#deliver('trade', trade));
    stream.onStateChange((state) => this.#stateChanged(state));
    stream.on(streaming.EVENT.SUBSCRIPTION, (subscriptions: { quotes?: unknown; trades?: unknown }) => {
      const quotes = Array.isArray(subscriptions.quotes) ? subscriptions.quotes : [];
      const trades = new Set(Array.isArray(subscriptions.trades) ? subscriptions.trades : []);
      this.#confirmed = new Set(quotes.filter((symbol): symbol is string => typeof symbol === 'string' && trades.has(symbol)));
    });
    stream.onError((message) => this.#notice('warn', `market data stream: ${message}`));
    this.#stream = stream;
    return stream;
  }

  #stateChanged(state: streaming.STATE): void {
    if (this.#closed) return;
    if (state === streaming.STATE.AUTHENTICATED) this.#health = 'ok';
    else if (state === streaming.STATE.CONNECTING || state === streaming.STATE.CONNECTED) this.#health = 'connecting';
    else this.#health = 'down';
  }

  /** One unreadable message or one throwing handler costs that delivery only, never the stream. */
  #deliver(kind: 'quote' | 'trade', message: unknown): void {
    let value: Quote | MarketTrade;
    try {
      value = kind === 'quote' ? fromStreamQuote(message) : fromStreamTrade(message);
    } catch (error) {
      this.#notice('error', `market data stream: unreadable ${kind} skipped (${describe(error)})`);
      return;
    }
    for (const { symbols, handlers } of [...this.#subscribers]) {
      if (!symbols.has(value.symbol)) continue;
      try {
        if (kind === 'quote') handlers.quote?.(value as Quote);
        else handlers.trade?.(value as MarketTrade);
      } catch (error) {
        this.#notice('error', `market data ${kind} handler for ${value.symbol} failed: ${describe(error)}`);
      }
    }
  }

  /** No symbols is no question: Alpaca would refuse the empty list. */
  async #call<T>(symbols: readonly string[], request: (list: string) => Promise<RawAnswer>, read: (json: unknown) => T[]): Promise<T[]> {
    const list = [...new Set(symbols.map(normalizeSymbol))];
    if (list.length === 0) return [];
    try {
      const { raw } = await request(list.join(','));
      const text = await raw.text();
      return read(text === '' ? undefined : (JSON.parse(text) as unknown));
    } catch (error) {
      throw await brokerErrorFromSdk(error, this.#clock.now());
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
