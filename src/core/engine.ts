import { createAdjustmentIdFactory } from '../domain/adjustment.js';
import { ZERO } from '../domain/decimal.js';
import type { DetectionMethod } from '../domain/fill.js';
import type { OrderSpec } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import { emptyPortfolio, openingPortfolio, wholePortfolio, type Portfolio } from '../domain/portfolio.js';
import type { Broker, BrokerOrder, MarketClock, MarketDataHandlers, PriceBar, Quote, RecentBarsRequest } from '../broker/port.js';
import { createGateway, type BrokerGateway } from './broker-gateway.js';
import { BooksWatch } from './books-watch.js';
import { BrokerNews } from './broker-news.js';
import { BreakerRecovery } from './breaker-recovery.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Clock } from '../kernel/clock.js';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.js';
import type { EngineOptions } from './engine-options.js';
import { OrderRefusedError } from './errors.js';
import { EventBus } from './event-bus.js';
import type { BooksStatus, CoreEvent, CoreEventListener, StoreStatus } from './events.js';
import type { LogLevel } from '../kernel/log-entry.js';
import { FillReactions } from './fill-reactions.js';
import { KeyedQueue } from './keyed-queue.js';
import { METRIC, Metrics, type MetricsSnapshot } from './metrics.js';
import { workingOrder, type OrderRef } from './order-book.js';
import { OrderRequests, type ReplaceChanges } from './order-requests.js';
import { OrderWatch } from './order-watch.js';
import { ResyncGate } from './resync-gate.js';
import { errorText } from './error-text.js';
import { OrderTracker } from './order-tracker.js';
import { OrderEntry, type PlaceRequest } from './order-entry.js';
import { Protection } from './protection.js';
import { BrokerStatus } from './broker-status.js';
import { QuoteBoard } from './quote-board.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ReconciliationCounts } from './reconciliation-counts.js';
import { Reconciler, type ReconcileReason } from './reconciler.js';
import { abortOnShutdown } from './shutdown-signal.js';
import { TaskSet } from './task-set.js';
import { TradingHolds } from './trading-holds.js';
import { TraderLog } from './trader-log.js';
import { MarketClockWatch } from './market-clock-watch.js';
import { readOpening } from './opening-read.js';
import type { TradingStatus } from './trading-state.js';
import { CANCELS_LAND_WITHIN_MS, untilEnded } from './until-ended.js';

export type { ReplaceChanges } from './order-requests.js';
export type { PlaceRequest } from './order-entry.js';

/** What `cancel all` did: the orders a cancel was asked for, and why the others could not be. */
export interface CancelAllOutcome {
  readonly requested: Order[];
  readonly refused: string[];
}
export type { EngineOptions, RestoredState } from './engine-options.js';
export { errorText } from './error-text.js';

/**
 * The execution core's facade. Every order operation and every piece of broker news for a symbol
 * runs in that symbol's lane, so news about an order is applied only after the call that created or
 * changed it has returned. Fills are seen by the stream first and by batched polling always; every
 * working order has a deadline with a final check; reconciliation runs at startup, after each
 * stream reconnect and periodically, and new submits wait for it.
 */
export class Engine {
  readonly config: EngineConfig;
  private readonly bus: EventBus;
  private readonly log: TraderLog;
  private readonly tracker: OrderTracker;
  private readonly lanes: KeyedQueue;
  private readonly tasks: TaskSet;
  private readonly quotes: QuoteBoard;
  private readonly metricsRegistry = new Metrics();
  private readonly limiter: RateLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly gateway: BrokerGateway;
  private readonly requests: OrderRequests;
  private readonly orderWatch: OrderWatch;
  private readonly resync: ResyncGate;
  private readonly reconciler: Reconciler;
  private readonly reactions: FillReactions;
  private readonly protection: Protection;
  private readonly entry: OrderEntry;
  private readonly holds: TradingHolds;
  private readonly shutdown = abortOnShutdown();
  private readonly stops: (() => void)[] = [];
  private readonly broker: Broker;
  private readonly clock: Clock;
  private readonly status: BrokerStatus;
  private readonly news: BrokerNews;
  private readonly books: BooksWatch;
  private store: StoreStatus = { state: 'ok' };
  private stopped = false;

  constructor(private readonly options: EngineOptions) {
    this.config = { ...DEFAULT_ENGINE_CONFIG, ...options.config };
    this.broker = options.broker;
    this.clock = options.clock;
    this.bus = new EventBus((error) => this.log.write('error', `event listener failed: ${errorText(error)}`));
    this.log = new TraderLog(this.bus, this.clock, options.redact);
    this.status = new BrokerStatus(this.bus, this.broker.connection());
    this.books = new BooksWatch(this.bus);
    this.lanes = new KeyedQueue({
      now: () => this.clock.now(),
      onStart: (_symbol, waitedMs, depth) => {
        this.metricsRegistry.gauge(METRIC.queueDepth, depth);
        this.metricsRegistry.observe(METRIC.laneWait, waitedMs);
      },
    });
    const { orders, portfolio, nextSeq, openedAt } = options.restored;
    this.tracker = new OrderTracker(this.bus, this.clock, this.log, orders, portfolio ?? emptyPortfolio(ZERO), nextSeq, openedAt);
    this.tasks = new TaskSet((error) => this.log.write('error', errorText(error)));
    const random = options.random ?? Math.random;
    ({ gateway: this.gateway, limiter: this.limiter, breaker: this.breaker } = createGateway({
      broker: this.broker,
      marketData: options.marketData,
      clock: this.clock,
      rateLimit: this.config.rateLimit,
      breakerSettings: this.config.breaker,
      metrics: this.metricsRegistry,
      retryPolicy: this.config.retry,
      random,
      log: (entry) => this.log.write(entry.level, entry.text),
      signal: this.shutdown.signal,
    }));
    this.holds = new TradingHolds({
      breaker: this.breaker,
      log: (level, text) => this.log.write(level, text),
      halted: () => this.metricsRegistry.count(METRIC.halts),
      onChange: (status) => this.bus.emit({ type: 'trading', status }),
    });
    const recovery = new BreakerRecovery({
      breaker: this.breaker,
      clock: this.clock,
      probe: () => this.gateway.probe(),
      log: (level, text) => this.log.write(level, text),
      run: (task) => this.tasks.track(task),
    });
    this.stops.push(() => recovery.stop());
    this.news = new BrokerNews({
      tracker: this.tracker,
      log: this.log,
      lanes: this.lanes,
      tasks: this.tasks,
      clock: this.clock,
      gateway: this.gateway,
      status: this.status,
      reactions: () => this.reactions,
      protection: () => this.protection,
      orderWatch: () => this.orderWatch,
      resync: () => this.resync,
      unhealthyPollMs: this.config.poll.unhealthyMs,
    });
    const applySnapshot = (order: BrokerOrder, method: DetectionMethod): Order => this.news.applySnapshot(order, method);
    this.requests = new OrderRequests({
      gateway: this.gateway,
      tracker: this.tracker,
      log: this.log,
      clock: this.clock,
      metrics: this.metricsRegistry,
      retryPolicy: this.config.retry,
      random,
      newClientOrderId: options.newClientOrderId,
      applySnapshot,
      signal: this.shutdown.signal,
      lanes: this.lanes,
    });
    this.quotes = new QuoteBoard(
      options.marketData,
      this.bus,
      this.tasks,
      options.restored.watchlist,
      (symbols) => this.gateway.getSnapshots(symbols),
      (text) => this.log.write('warn', text),
    );
    this.orderWatch = new OrderWatch({
      clock: this.clock,
      poll: this.config.poll,
      gateway: this.gateway,
      lanes: this.lanes,
      book: this.tracker.book,
      log: this.log,
      requests: this.requests,
      metrics: this.metricsRegistry,
      tasks: this.tasks,
      streamHealthy: () => this.status.streamHealthy(),
      applySnapshot,
      applyFill: (order, news) => this.news.applyFill(order, news),
      isHistory: (order) => this.tracker.isHistory(order),
      settleMs: this.config.settleMs,
    });
    this.reconciler = new Reconciler({
      gateway: this.gateway,
      tracker: this.tracker,
      log: this.log,
      lanes: this.lanes,
      clock: this.clock,
      metrics: this.metricsRegistry,
      applySnapshot,
      isInFlight: (clientOrderId) => this.requests.isInFlight(clientOrderId),
      closeNeverReached: (clientOrderId, by) => this.requests.closeNeverReached(clientOrderId, by),
      settleMs: this.config.settleMs,
      lookbackMs: this.config.lookbackMs,
      books: this.books,
      newAdjustmentId: createAdjustmentIdFactory(() => this.clock.now()),
    });
    this.resync = new ResyncGate(this.reconciler, this.log, this.tasks);
    this.reactions = new FillReactions({
      log: this.log,
      metrics: this.metricsRegistry,
      clock: this.clock,
      slippageWarnBps: this.config.slippageWarnBps,
      cancelRemainder: (order) => this.tasks.track(this.requests.cancel(order.clientOrderId, 'poll')),
    });
    this.entry = new OrderEntry({
      gateway: this.gateway,
      tracker: this.tracker,
      log: this.log,
      trading: this.holds.switch,
      config: this.config,
      clock: this.clock,
      newClientOrderId: options.newClientOrderId,
      venue: this.broker.mode,
      quote: (symbol) => this.quotes.current(symbol),
      buyingPower: () => this.status.account?.buyingPower,
    });
    this.protection = this.createProtection();
  }

  private createProtection(): Protection {
    return new Protection({
      tracker: this.tracker,
      log: this.log,
      place: (exit, parent) => this.send(this.entry.protective(exit, parent)),
      resize: async (leg, qty) => {
        const replacement = await this.requests.replace(leg.clientOrderId, { qty });
        this.orderWatch.follow(replacement);
        return replacement;
      },
      cancel: (leg) => this.requests.cancel(leg.clientOrderId, 'poll'),
      run: (task) => this.tasks.track(task),
    });
  }

  subscribe(listener: CoreEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  get mode(): Broker['mode'] {
    return this.broker.mode;
  }

  async start(): Promise<void> {
    // Subscribe first so no update is missed, but apply none before the opening cash is known.
    const open = this.news.holdUntilOpen();
    this.stops.push(this.broker.subscribeTradeUpdates((update) => this.news.onTradeUpdate(update)));
    this.stops.push(this.broker.onConnectionChange((state) => this.news.onConnectionChange(state)));
    this.status.setConnection(this.status.connection);
    this.bus.emit({ type: 'trading', status: this.holds.status });
    this.quotes.track([...this.tracker.book.working().map((o) => o.symbol), ...this.openPositionSymbols()]);
    this.quotes.start();
    let marketClockAtStart: MarketClock;
    try {
      const restored = this.options.restored.portfolio;
      const openedAt = this.clock.now();
      // New books read the account as part of their opening picture; kept books only need it now.
      const [marketClock, { account, opening }] = await Promise.all([
        this.gateway.getClock(),
        restored === undefined
          ? readOpening(this.gateway).then((read) => ({ account: read.account, opening: read }))
          : this.gateway.getAccount().then((read) => ({ account: read, opening: undefined })),
      ]);
      this.tracker.portfolio = restored ?? openingPortfolio(account.cash, opening?.holdings ?? []);
      if (opening !== undefined) {
        this.tracker.opening.open(openedAt, opening.working);
        this.quotes.track(this.openPositionSymbols());
      }
      this.status.setClock(marketClock);
      marketClockAtStart = marketClock;
      this.status.setAccount(account);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      open();
    }
    for (const order of this.tracker.book.working()) this.orderWatch.follow(order);
    this.orderWatch.start();
    void this.resync.start('startup');
    this.protection.resyncAll();
    this.stops.push(this.clock.setRepeating(() => this.tasks.track(this.news.refreshAccount()), this.config.accountRefreshMs));
    this.stops.push(this.clock.setRepeating(() => void this.resync.start('periodic'), this.config.reconcileEveryMs));
    this.followMarketClock(marketClockAtStart);
  }

  /** The open and the close change what the watchlist and the status bar say: read the clock again at each. */
  private followMarketClock(marketClock: MarketClock): void {
    const watch = new MarketClockWatch({
      clock: this.clock,
      read: () => this.gateway.getClock(),
      apply: (next) => this.status.setClock(next),
      onError: (error) => this.log.write('warn', `market clock not read: ${errorText(error)}; trying again in a minute`),
    });
    watch.follow(marketClock);
    this.stops.push(() => watch.stop());
  }

  /** When the books opened: the broker's orders created earlier are theirs only if working then. */
  openedAt(): number | undefined {
    return this.tracker.opening.at;
  }

  /** Stops timers, subscriptions and retries, then waits for work already under way to finish. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.news.stop();
    this.shutdown.abort();
    for (const stop of this.stops.splice(0)) stop();
    this.quotes.stop();
    this.resync.close();
    this.limiter.close();
    await this.orderWatch.stop();
    await this.tasks.idle();
    await this.lanes.idle();
  }

  /** The current state as events, for a consumer that subscribes after start (the console). */
  currentState(): CoreEvent[] {
    const events: CoreEvent[] = [
      ...this.status.events(),
      { type: 'trading', status: this.holds.status },
      { type: 'store', status: this.store },
      { type: 'books', status: this.books.status },
      { type: 'portfolio', change: wholePortfolio(this.tracker.portfolio) },
      { type: 'watchlist', symbols: this.quotes.symbols() },
      ...this.tracker.book.all().map((order): CoreEvent => ({ type: 'order', order })),
      ...this.quotes.all().map((quote): CoreEvent => ({ type: 'quote', quote })),
    ];
    return events;
  }

  orders(): Order[] {
    return this.tracker.book.all();
  }

  /** The working orders; of one source when given: `manual` (the trader's) or a strategy's id. */
  workingOrders(source?: string): Order[] {
    return source === undefined ? this.tracker.book.working() : this.tracker.book.workingBySource(source);
  }

  portfolio(): Portfolio {
    return this.tracker.portfolio;
  }

  quote(symbol: string): Quote | undefined {
    return this.quotes.get(symbol);
  }

  watchlist(): readonly string[] {
    return this.quotes.symbols();
  }

  /** The streamed quotes and trades as they arrive (a strategy's bars are built from them); returns the unsubscribe. */
  onMarket(handlers: MarketDataHandlers): () => void {
    return this.quotes.listen(handlers);
  }

  /** Bars before now from the market data (rate-limited and retried like any read); [] where it keeps none. */
  recentBars(request: RecentBarsRequest): Promise<readonly PriceBar[]> {
    return this.gateway.recentBars(request);
  }

  /** Streams prices for symbols a strategy trades before it has an order in them; held and traded ones stream first. */
  trackSymbols(symbols: readonly string[]): void {
    this.quotes.track(symbols);
  }

  tradingStatus(): TradingStatus {
    return this.holds.status;
  }

  /** What reconciliation has done this session, by kind. */
  reconciliation(): ReconciliationCounts {
    return this.reconciler.counts;
  }

  metrics(): MetricsSnapshot {
    return this.metricsRegistry.snapshot();
  }

  /** Resolves once every lane, background task and resync is idle. */
  async settled(): Promise<void> {
    await this.resync.passage();
    await this.tasks.idle();
    await this.lanes.idle();
  }

  /** Saving failed, recovered or stopped: the console marks it and the log already says what happened. */
  reportStore(status: StoreStatus): void {
    this.store = status;
    this.bus.emit({ type: 'store', status });
  }

  booksStatus(): BooksStatus {
    return this.books.status;
  }

  /**
   * The result of checking that every position and the cash equal the fills and adjustments behind
   * them (empty: they do). A difference is an ERROR line and a mark until a later check finds none.
   */
  booksChecked(differences: readonly string[]): void {
    for (const difference of differences) this.log.write('error', `books do not balance: ${difference}`);
    this.books.balanced(differences);
  }

  /** Writes a line to the trader's log (command output that belongs there, e.g. metrics). */
  note(level: LogLevel, text: string): void {
    this.log.write(level, text);
  }

  /** The trader's halt: it stands until the trader resumes, whatever else comes and goes. */
  halt(reason: string): void {
    this.holds.halt(reason);
  }

  /** The trader's resume: lifts their halt and the breaker's; throws, saying why, while a block stays. */
  resume(): void {
    this.holds.resume();
  }

  /**
   * Halts new orders until unblockTrading(), for a reason the session has (e.g. another process took
   * its files over); `resume` does not lift it. The reason says what the trader must do.
   */
  blockTrading(reason: string): void {
    this.holds.block(reason);
  }

  unblockTrading(): void {
    this.holds.unblock();
  }

  /** Places an order; `options.source` is who places it, the trader (`manual`, the default) or a strategy's id. */
  async place(spec: OrderSpec, options: PlaceRequest = {}): Promise<Order> {
    this.ensureRunning();
    await this.resync.passage();
    const order = await this.entry.admit(spec, options);
    this.quotes.track([spec.symbol]);
    return this.send(order);
  }

  async cancel(ref: OrderRef): Promise<Order> {
    this.ensureRunning();
    const order = workingOrder(this.tracker.book, ref);
    return this.requests.cancel(order.clientOrderId, 'poll');
  }

  /** Asks to cancel every working order (of one symbol, when given). */
  async cancelAll(symbol?: string): Promise<CancelAllOutcome> {
    this.ensureRunning();
    const working = this.tracker.book.working(symbol);
    // Each order on its own: one that cannot be cancelled yet must not keep the others working.
    const settled = await Promise.allSettled(working.map((o) => this.requests.cancel(o.clientOrderId, 'poll')));
    const requested: Order[] = [];
    const refused: string[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') requested.push(outcome.value);
      else refused.push(errorText(outcome.reason));
    }
    return { requested, refused };
  }

  async replace(ref: OrderRef, changes: ReplaceChanges): Promise<Order> {
    this.ensureRunning();
    const order = workingOrder(this.tracker.book, ref);
    const replacement = await this.requests.replace(order.clientOrderId, changes);
    this.orderWatch.follow(replacement);
    return replacement;
  }

  /** Cancels the symbol's working orders and closes its position at market (allowed while halted). */
  async flatten(symbol: string): Promise<Order | undefined> {
    this.ensureRunning();
    const { requested } = await this.cancelAll(symbol);
    // Exits hold the position's shares at the broker until their cancels land.
    const ended = { bus: this.bus, book: this.tracker.book, clock: this.clock, signal: this.shutdown.signal };
    await untilEnded(ended, requested.map((o) => o.clientOrderId), CANCELS_LAND_WITHIN_MS);
    const qty = this.tracker.position(symbol)?.qty ?? ZERO;
    if (qty.isZero()) return undefined;
    return this.place({ symbol, side: qty.isNeg() ? 'buy' : 'sell', type: 'market', timeInForce: 'day', qty: qty.abs() });
  }

  openPositionSymbols(): string[] {
    return Object.values(this.tracker.portfolio.positions)
      .filter((p) => !p.qty.isZero())
      .map((p) => p.symbol);
  }

  async watch(symbols: readonly string[]): Promise<void> {
    for (const symbol of symbols) {
      if (!(await this.gateway.isTradable(symbol))) throw new OrderRefusedError(`unknown symbol ${symbol}: not traded on ${this.broker.mode}`);
    }
    this.quotes.add(symbols);
  }

  unwatch(symbols: readonly string[]): void {
    this.quotes.remove(symbols);
  }

  /** Runs a reconciliation now (also what startup, reconnects and the periodic timer do). */
  reconcile(reason: ReconcileReason = 'periodic'): Promise<void> {
    return this.resync.start(reason);
  }

  private async send(order: Order): Promise<Order> {
    const placed = await this.requests.submit(order);
    this.orderWatch.follow(placed);
    return placed;
  }

  private ensureRunning(): void {
    if (this.stopped) throw new OrderRefusedError('the engine is shutting down');
  }
}
