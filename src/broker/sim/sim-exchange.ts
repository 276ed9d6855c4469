import { systemClock, type Clock } from '../../kernel/clock.js';
import { Decimal, dec } from '../../domain/decimal.js';
import { emptyPortfolio } from '../../domain/portfolio.js';
import type { Position } from '../../domain/position.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import { BrokerError } from '../errors.js';
import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  ConnectionState,
  FillActivity,
  FillActivityQuery,
  ListOrdersQuery,
  MarketClock,
  MarketData,
  MarketDataHandlers,
  MarketTrade,
  PriceBar,
  Quote,
  RecentBarsRequest,
  ReplaceOrderRequest,
  SubmitOrderRequest,
  TradeUpdate,
  Unsubscribe,
} from '../port.js';
import { Announcements } from './announcements.js';
import { SimChangeLog } from './change-log.js';
import { zeroCommission } from '../../domain/costs/commission.js';
import type { FaultConfig } from './fault-config.js';
import type { FaultStats } from './fault-stats.js';
import { SimIds } from './ids.js';
import type { LedgerFill, QuoteOverride } from '../controls.js';
import { MarketFeed, type SimQuote } from './market-feed.js';
import { listFillActivities } from './fill-activities.js';
import { OrderFlow } from './order-flow.js';
import { listOrders } from './order-list.js';
import { DEFAULT_REPLAY_BAR_MS, ReplayFeed, type ReplayPrint } from './replay-feed.js';
import { SeededRandom } from './rng.js';
import { SimFaults } from './sim-faults.js';
import type { SimOperation } from './sim-operations.js';
import { SIM_DEFAULTS, type SimExchangeOptions } from './sim-options.js';
import { SimLedger } from './sim-ledger.js';
import { SimJournal } from './sim-journal.js';
import { SimOrderBook } from './sim-orders.js';
import { SimRequests } from './sim-requests.js';
import { SimRisk } from './sim-risk.js';
import { SimStreams, rethrowLater } from './sim-streams.js';
import { noSlippage } from '../../domain/costs/slippage.js';
import { readSnapshot, writeSnapshot, type RestoredState, type SimSnapshot } from './snapshot.js';
import { isoTime } from './iso-time.js';
import { syntheticHistory } from '../../domain/synthetic-bars.js';
import { SimTimers } from './timers.js';
import { DEFAULT_UNIVERSE } from './universe.js';

export type { SimDurability, SimExchangeOptions } from './sim-options.js';
export type { SimOperation } from './sim-operations.js';

/** The exchange's ground truth, for tests and for checking the local view against it. */
export interface SimLedgerView {
  readonly orders: BrokerOrder[];
  readonly fills: LedgerFill[];
  readonly cash: Decimal;
  readonly positions: Record<string, Position>;
}

/**
 * The built-in exchange behind the Broker port: a seeded synthetic market, matching, its own ledger
 * and Alpaca's order lifecycle, order classes and refusals (held shares, wash trades, fractional
 * rules). Requests are refused synchronously (BrokerError with Alpaca's reason and status) or
 * accepted; what then happens to an order arrives as trade updates, on the clock. Faults, when configured, change
 * what clients hear (errors, lost answers, a lossy stream, outages) but never the ledger.
 */
export class SimExchange implements Broker, MarketData {
  readonly mode = 'sim' as const;
  readonly seed: number;
  private readonly clock: Clock;
  private readonly timers: SimTimers;
  private readonly streams: SimStreams;
  private readonly random: SeededRandom;
  private readonly feed: MarketFeed;
  private readonly changes = new SimChangeLog();
  private readonly book = new SimOrderBook((record) => this.changes.order(record));
  private readonly books: SimLedger;
  private readonly announcements: Announcements;
  private readonly ids: SimIds;
  private readonly risk: SimRisk;
  private readonly flow: OrderFlow;
  private readonly requests: SimRequests;
  private readonly faults: SimFaults;
  private readonly tickIntervalMs: number;
  private readonly replay: ReplayFeed | undefined;
  private stopTicks: (() => void) | undefined;
  private closed = false;

  constructor(options: SimExchangeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timers = new SimTimers(this.clock);
    this.streams = new SimStreams(options.onSubscriberError ?? rethrowLater);
    this.tickIntervalMs = options.tickIntervalMs ?? SIM_DEFAULTS.tickIntervalMs;
    const restored = options.snapshot === undefined ? undefined : readSnapshot(options.snapshot);
    const now = (): number => this.clock.now();
    this.seed = restored?.seed ?? options.seed ?? this.clock.now() % 0x7fffffff;
    this.random = restored === undefined ? SeededRandom.fromSeed(this.seed) : SeededRandom.fromState(restored.rngState);
    this.feed = new MarketFeed(this.random, now, restored?.quotes);
    for (const entry of options.universe ?? (restored === undefined ? DEFAULT_UNIVERSE : [])) {
      if (!this.feed.has(entry.symbol)) this.feed.addSymbol(entry);
    }
    this.replay = replayFeed(options.replay, this.timers, now, (print) => this.replayed(print));
    for (const print of this.replay?.opening() ?? []) this.feed.print(print.symbol, new Decimal(print.price), new Decimal(print.depth), new Decimal(print.prevClose));
    this.ids = restored === undefined ? new SimIds(SimIds.tagForSeed(this.seed)) : restoredIds(restored);
    this.books = restored === undefined ? freshLedger(options.startingCash, this.changes) : restoredLedger(restored, this.changes);
    for (const { order, triggered, parentId } of restored?.orders ?? []) this.book.add(order, triggered, parentId);
    // What was restored is what is already on disk.
    this.changes.take();
    const { durability } = options;
    const journal =
      durability === undefined
        ? undefined
        : new SimJournal({
            durability,
            changes: this.changes,
            book: this.book,
            ledger: this.books,
            ids: this.ids,
            snapshot: () => this.snapshot(),
            now: () => this.clock.now(),
            retentionMs: options.retentionMs ?? SIM_DEFAULTS.retentionMs,
          });
    this.announcements = new Announcements(journal, this.timers, (update) => this.faults.send(update));
    this.risk = new SimRisk(this.book, this.feed, this.books, options.leverage ?? dec(SIM_DEFAULTS.leverage));
    this.flow = new OrderFlow({
      clock: this.clock,
      timers: this.timers,
      feed: this.feed,
      book: this.book,
      ledger: this.books,
      ids: this.ids,
      slippage: options.slippage ?? noSlippage(),
      commission: options.commission ?? zeroCommission(),
      ackLatencyMs: options.ackLatencyMs ?? SIM_DEFAULTS.ackLatencyMs,
      fillLatencyMs: options.fillLatencyMs ?? SIM_DEFAULTS.fillLatencyMs,
      emit: (update) => this.emit(update),
    });
    this.faults = new SimFaults({
      timers: this.timers,
      now,
      simSeed: this.seed,
      config: options.faults,
      deliver: (update) => this.streams.tradeUpdate(update),
      notify: (state) => this.streams.connectionChange(state),
    });
    this.requests = new SimRequests(this.clock, this.feed, this.book, this.ids, this.risk, this.flow, this.faults);
    if (restored !== undefined) this.flow.resume();
  }

  get id(): string {
    return simExchangeId(this.ids.state().tag);
  }

  submitOrder(request: SubmitOrderRequest): Promise<BrokerOrder> {
    return this.call('submitOrder', () => this.requests.submit(request));
  }

  cancelOrder(orderId: string): Promise<void> {
    return this.call('cancelOrder', () => this.requests.cancel(orderId));
  }

  replaceOrder(orderId: string, request: ReplaceOrderRequest): Promise<BrokerOrder> {
    return this.call('replaceOrder', () => this.requests.replace(orderId, request));
  }

  getOrder(orderId: string): Promise<BrokerOrder> {
    return this.call('getOrder', () => this.book.report(this.book.get(orderId)));
  }

  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    return this.call('getOrderByClientId', () => this.book.report(this.book.getByClientId(clientOrderId)));
  }

  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    return this.call('listOrders', () => listOrders(this.book, query));
  }

  listFillActivities(query: FillActivityQuery): Promise<FillActivity[]> {
    return this.call('listFillActivities', () => listFillActivities(this.books, this.book, query));
  }

  getPositions(): Promise<BrokerPosition[]> {
    return this.call('getPositions', () => this.books.brokerPositions(this.risk.mark));
  }

  getAccount(): Promise<BrokerAccount> {
    return this.call('getAccount', () => this.risk.account());
  }

  /** The simulated market never closes. */
  getClock(): Promise<MarketClock> {
    return this.call('getClock', () => ({ timestamp: isoTime(this.clock.now()), isOpen: true }));
  }

  isTradable(symbol: string): Promise<boolean> {
    return this.call('isTradable', () => this.feed.has(normalizeSymbol(symbol)));
  }

  subscribeTradeUpdates(handler: (update: TradeUpdate) => void): Unsubscribe {
    return this.streams.subscribeTradeUpdates(handler);
  }

  /** The simulated quote carries its last trade and previous close, so a snapshot is the quote itself. */
  getSnapshots(symbols: readonly string[]): Promise<Quote[]> {
    return this.call('getSnapshots', () => this.known(symbols));
  }

  getLatestQuotes(symbols: readonly string[]): Promise<Quote[]> {
    return this.call('getLatestQuotes', () => this.known(symbols));
  }

  getLatestTrades(symbols: readonly string[]): Promise<MarketTrade[]> {
    return this.call('getLatestTrades', () => this.known(symbols).map(lastTrade));
  }

  /**
   * The market keeps no past, so its history is invented (synthetic-bars): the same for the same
   * seed, symbol, timeframe and end, and closing at the symbol's last price now. A replayed
   * symbol's history is the bars it has played (replay-feed).
   */
  recentBars(request: RecentBarsRequest): Promise<readonly PriceBar[]> {
    return this.call('recentBars', () => {
      const quote = this.feed.quote(normalizeSymbol(request.symbol));
      if (quote === undefined) return [];
      const played = this.replay?.history({ ...request, symbol: quote.symbol });
      if (played !== undefined) return played;
      return syntheticHistory({ ...request, seed: this.seed, symbol: quote.symbol, lastPrice: quote.last.toNumber() });
    });
  }

  /** Quotes and trades for these symbols as they change; nothing is sent for the current ones on subscribing. */
  subscribeMarketData(symbols: readonly string[], handlers: MarketDataHandlers): Unsubscribe {
    return this.streams.subscribeMarketData(symbols, handlers);
  }

  connection(): ConnectionState {
    return this.faults.state();
  }

  onConnectionChange(handler: (state: ConnectionState) => void): Unsubscribe {
    return this.streams.onConnectionChange(handler);
  }

  /** Starts the market's ticks; orders are acknowledged and cancels land with or without them. */
  start(): void {
    this.assertOpen('start');
    this.stopTicks ??= this.timers.every(this.tickIntervalMs, () => this.tick());
    this.replay?.start();
  }

  /** One market step: some symbols move, subscribers hear of it, orders it makes marketable go. */
  tick(): void {
    for (const { quote, before } of this.feed.tick()) this.quoteChanged(quote, before);
  }

  /** Forces a quote, so a test (or a scenario) can make an order marketable on purpose. */
  setQuote(symbol: string, override: QuoteOverride): SimQuote {
    const before = this.feed.quote(normalizeSymbol(symbol));
    const quote = this.feed.set(normalizeSymbol(symbol), override);
    this.quoteChanged(quote, before);
    return quote;
  }

  /** When a replay's first bar plays (replay-feed); undefined without a replay or before start(). */
  replayStartedAt(): number | undefined {
    return this.replay?.startedAt;
  }

  getQuote(symbol: string): SimQuote | undefined {
    return this.feed.quote(normalizeSymbol(symbol));
  }

  symbols(): string[] {
    return this.feed.symbols();
  }

  /** Closes the trading day: day orders expire, last prices become previous closes, day P&L restarts. */
  endDay(): void {
    this.flow.expireDayOrders();
    this.feed.rollDay();
    this.books.rollDay(this.risk.mark);
  }

  /** Replaces the injected faults; outages under way end and periodic ones count from now. */
  setFaults(config: FaultConfig): void {
    this.faults.configure(config);
  }

  faultStats(): FaultStats {
    return this.faults.stats();
  }

  /** Takes the trade-update stream down for `ms`, or until endStreamOutage(); updates meanwhile are lost. */
  startStreamOutage(ms?: number): void {
    this.faults.streamOutage.start(ms);
  }

  endStreamOutage(): void {
    this.faults.streamOutage.end();
  }

  /** Takes REST down for `ms`, or until endRestOutage(); every request meanwhile fails 'transient'. */
  startRestOutage(ms?: number): void {
    this.faults.restOutage.start(ms);
  }

  endRestOutage(): void {
    this.faults.restOutage.end();
  }

  ledger(): SimLedgerView {
    return {
      orders: this.book.all().map((r) => r.order),
      fills: [...this.books.fills()],
      cash: this.books.cash(),
      positions: { ...this.books.positions() },
    };
  }

  /**
   * Resolves once everything the exchange has done so far is durable and announced. Always at once
   * for an exchange without durability.
   */
  settled(): Promise<void> {
    return this.announcements.settled();
  }

  /** Plain JSON to save; `createSimExchange({ snapshot })` continues from it. */
  snapshot(): SimSnapshot {
    return writeSnapshot({
      savedAt: isoTime(this.clock.now()),
      seed: this.seed,
      rngState: this.random.state(),
      ids: this.ids.state(),
      cash: this.books.cash(),
      lastEquity: this.books.lastEquity(),
      positions: Object.values(this.books.positions()),
      orders: this.book.all(),
      fills: this.books.fills(),
      quotes: this.feed.all(),
    });
  }

  /** Stops the market and every timer, and waits for a write under way; the owner saves a final snapshot. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopTicks = undefined;
    this.timers.cancelAll();
    this.announcements.stop();
    await this.announcements.idle();
    this.streams.clear();
  }

  /**
   * Every port call passes here, answered asynchronously as a network call would be, and only once
   * what the answer reports is durable: a client never learns of an order or an execution that a
   * crash of the exchange could take back.
   */
  private async call<T>(operation: SimOperation, fn: () => T): Promise<T> {
    await Promise.resolve();
    this.assertOpen(operation);
    const answer = this.faults.call(operation, fn);
    await this.announcements.settled();
    return answer;
  }

  /** Every trade update leaves through here, once the state it reports is durable. */
  private emit(update: TradeUpdate): void {
    this.announcements.announce(update);
  }

  /** Writes the whole state now (the journal starts over), moving long-finished orders to the archive. */
  checkpoint(): Promise<void> {
    return this.announcements.checkpoint();
  }

  private known(symbols: readonly string[]): SimQuote[] {
    return symbols.flatMap((symbol) => {
      const quote = this.feed.quote(normalizeSymbol(symbol));
      return quote === undefined ? [] : [quote];
    });
  }

  /** Every replayed print trades, even at the last price: a bar's open may repeat the close before it. */
  private replayed(print: ReplayPrint): void {
    const quote = this.feed.print(print.symbol, new Decimal(print.price), new Decimal(print.depth), new Decimal(print.prevClose));
    this.streams.quote(quote, { symbol: quote.symbol, price: quote.last, size: new Decimal(print.size), timestamp: quote.timestamp });
    this.flow.onQuote(quote.symbol);
  }

  private quoteChanged(quote: SimQuote, before: SimQuote | undefined): void {
    this.streams.quote(quote, before === undefined || !before.last.eq(quote.last) ? lastTrade(quote) : undefined);
    this.flow.onQuote(quote.symbol);
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new BrokerError('rejected', `${operation}: the simulated exchange is closed`);
  }
}

/** An exchange's identity, from the tag its ids carry: books name the exchange they are kept against. */
export function simExchangeId(tag: string): string {
  return `sim-${tag}`;
}

export function createSimExchange(options: SimExchangeOptions = {}): SimExchange {
  return new SimExchange(options);
}

/** The simulated market prints its last price as the quote moves it; the size is the quote's. */
function lastTrade(quote: SimQuote): MarketTrade {
  return { symbol: quote.symbol, price: quote.last, size: quote.bidSize, timestamp: quote.timestamp };
}

function replayFeed(
  replay: SimExchangeOptions['replay'],
  timers: SimTimers,
  now: () => number,
  print: (print: ReplayPrint) => void,
): ReplayFeed | undefined {
  if (replay === undefined || replay.sources.length === 0) return undefined;
  return new ReplayFeed({ sources: replay.sources, barMs: replay.barMs ?? DEFAULT_REPLAY_BAR_MS, now, after: (ms, fn) => void timers.after(ms, fn), print });
}

function freshLedger(startingCash: Decimal | undefined, changes: SimChangeLog): SimLedger {
  const cash = startingCash ?? dec(SIM_DEFAULTS.startingCash);
  return new SimLedger(emptyPortfolio(cash), [], cash, changes);
}

function restoredLedger(restored: RestoredState, changes: SimChangeLog): SimLedger {
  const positions = Object.fromEntries(restored.positions.map((p) => [p.symbol, p]));
  return new SimLedger({ cash: restored.cash, positions }, restored.fills, restored.lastEquity, changes);
}

function restoredIds(restored: RestoredState): SimIds {
  return new SimIds(restored.ids.tag, restored.ids.orders, restored.ids.executions);
}
