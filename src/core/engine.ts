import { ZERO, type Decimal } from '../domain/decimal.js';
import type { DetectionMethod } from '../domain/fill.js';
import type { PlaceOptions } from '../domain/order-options.js';
import { isTerminal } from '../domain/order-state.js';
import type { OrderSpec } from '../domain/order-types.js';
import { newOrder, type Order } from '../domain/order.js';
import { emptyPortfolio, type Portfolio } from '../domain/portfolio.js';
import type { Broker, BrokerAccount, BrokerOrder, ConnectionState, MarketClock, Quote, TradeUpdate } from '../broker/port.js';
import { BrokerGateway } from './broker-gateway.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { Clock } from './clock.js';
import { orderLabel } from './describe-order.js';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.js';
import { OrderRefusedError } from './errors.js';
import { EventBus } from './event-bus.js';
import type { CoreEvent, CoreEventListener, LogLevel } from './events.js';
import { FillDetector } from './fill-detector.js';
import { FillReactions } from './fill-reactions.js';
import { KeyedQueue } from './keyed-queue.js';
import { METRIC, Metrics, type MetricsSnapshot } from './metrics.js';
import { describeRef, type OrderRef } from './order-book.js';
import { OrderRequests, type ReplaceChanges } from './order-requests.js';
import { OrderTimeouts } from './order-timeouts.js';
import { OrderTracker, type Applied } from './order-tracker.js';
import { QuoteBoard } from './quote-board.js';
import { RateLimiter } from './rate-limiter.js';
import { Reconciler, type ReconcileReason } from './reconciler.js';
import { checkOrder, isRiskReducing, type RecentIntent } from './risk-gate.js';
import { TaskSet } from './task-set.js';
import { newsFromBrokerOrder, newsFromTradeUpdate, type OrderNews } from './trade-update-mapper.js';
import { TradingSwitch, type TradingStatus } from './trading-state.js';

export type { ReplaceChanges } from './order-requests.js';

export interface RestoredState {
  readonly orders: readonly Order[];
  readonly portfolio: Portfolio | undefined;
  readonly nextSeq: number;
  readonly watchlist: readonly string[];
}

export interface EngineOptions {
  readonly broker: Broker;
  readonly clock: Clock;
  readonly newClientOrderId: () => string;
  readonly restored: RestoredState;
  readonly config?: Partial<EngineConfig>;
  /** Jitter source for backoff; injected so tests are repeatable. */
  readonly random?: () => number;
}

/**
 * The execution core's facade. Every order operation and every piece of broker news for a symbol
 * runs in that symbol's lane, so news about an order is applied only after the call that created or
 * changed it has returned. Fills are seen by the stream first and by adaptive polling always; every
 * working order has a deadline with a final check; reconciliation runs at startup, after each
 * stream reconnect and periodically, and new submits wait for it.
 */
export class Engine {
  readonly config: EngineConfig;
  private readonly bus: EventBus;
  private readonly tracker: OrderTracker;
  private readonly lanes = new KeyedQueue();
  private readonly tasks: TaskSet;
  private readonly quotes: QuoteBoard;
  private readonly metricsRegistry = new Metrics();
  private readonly limiter: RateLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly gateway: BrokerGateway;
  private readonly requests: OrderRequests;
  private readonly detector: FillDetector;
  private readonly timeouts: OrderTimeouts;
  private readonly reconciler: Reconciler;
  private readonly reactions: FillReactions;
  private readonly trading: TradingSwitch;
  private readonly shutdown = new AbortController();
  private readonly stops: (() => void)[] = [];
  private readonly broker: Broker;
  private readonly clock: Clock;
  private readonly recentIntents: RecentIntent[] = [];
  private connectionState: ConnectionState;
  private resync: Promise<void> | undefined;
  private opening: Promise<void> = Promise.resolve();
  private lastAccount: BrokerAccount | undefined;
  private lastClock: MarketClock | undefined;
  private stopped = false;

  constructor(private readonly options: EngineOptions) {
    this.config = { ...DEFAULT_ENGINE_CONFIG, ...options.config };
    this.broker = options.broker;
    this.clock = options.clock;
    this.connectionState = this.broker.connection();
    this.bus = new EventBus((error) => this.tracker.log('error', `event listener failed: ${errorText(error)}`));
    const { orders, portfolio, nextSeq } = options.restored;
    this.tracker = new OrderTracker(this.bus, this.clock, orders, portfolio ?? emptyPortfolio(ZERO), nextSeq);
    this.tasks = new TaskSet((error) => this.tracker.log('error', errorText(error)));
    this.limiter = new RateLimiter({ clock: this.clock, ...this.config.rateLimit });
    this.breaker = new CircuitBreaker({ clock: this.clock, ...this.config.breaker });
    this.trading = new TradingSwitch((status) => this.bus.emit({ type: 'trading', status }));
    this.breaker.onTrip((reason) => this.halt(`circuit breaker: ${reason}`));
    const random = options.random ?? Math.random;
    this.gateway = new BrokerGateway({
      broker: this.broker,
      clock: this.clock,
      limiter: this.limiter,
      breaker: this.breaker,
      metrics: this.metricsRegistry,
      retryPolicy: this.config.retry,
      random,
      log: (entry) => this.tracker.log(entry.level, entry.text),
      signal: this.shutdown.signal,
    });
    const applySnapshot = (order: BrokerOrder, method: DetectionMethod): Order => this.applySnapshot(order, method);
    this.requests = new OrderRequests({
      gateway: this.gateway,
      tracker: this.tracker,
      clock: this.clock,
      metrics: this.metricsRegistry,
      retryPolicy: this.config.retry,
      random,
      newClientOrderId: options.newClientOrderId,
      applySnapshot,
      signal: this.shutdown.signal,
    });
    this.quotes = new QuoteBoard(this.broker, this.bus, this.tasks, options.restored.watchlist, (symbols) =>
      this.gateway.getLatestQuotes(symbols),
    );
    this.detector = new FillDetector({
      clock: this.clock,
      schedule: this.config.poll,
      streamHealthy: () => this.connectionState.stream === 'ok',
      poll: (clientOrderId) => this.poll(clientOrderId),
      onError: (error) => this.tracker.log('warn', `poll failed: ${errorText(error)}`),
    });
    this.timeouts = new OrderTimeouts(this.clock, (clientOrderId) => this.tasks.track(this.expire(clientOrderId)));
    this.reconciler = new Reconciler({
      gateway: this.gateway,
      tracker: this.tracker,
      lanes: this.lanes,
      clock: this.clock,
      metrics: this.metricsRegistry,
      applySnapshot,
      settleMs: this.config.settleMs,
      lookbackMs: this.config.lookbackMs,
    });
    this.reactions = new FillReactions({
      tracker: this.tracker,
      metrics: this.metricsRegistry,
      clock: this.clock,
      slippageWarnBps: this.config.slippageWarnBps,
      cancelRemainder: (order) => this.tasks.track(this.lanes.run(order.symbol, () => this.requests.cancel(order.clientOrderId, 'poll'))),
    });
  }

  subscribe(listener: CoreEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  get mode(): Broker['mode'] {
    return this.broker.mode;
  }

  async start(): Promise<void> {
    let opened!: () => void;
    // Subscribe first so no update is missed, but apply none before the opening cash is known.
    this.opening = new Promise((resolve) => {
      opened = resolve;
    });
    this.stops.push(this.broker.subscribeTradeUpdates((update) => this.onTradeUpdate(update)));
    this.stops.push(this.broker.onConnectionChange((state) => this.onConnectionChange(state)));
    this.bus.emit({ type: 'connection', state: this.connectionState });
    this.bus.emit({ type: 'trading', status: this.trading.status });
    this.quotes.track([...this.tracker.book.working().map((o) => o.symbol), ...this.openPositionSymbols()]);
    this.quotes.start();
    try {
      const [account, marketClock] = await Promise.all([this.gateway.getAccount(), this.gateway.getClock()]);
      this.tracker.portfolio = this.options.restored.portfolio ?? emptyPortfolio(account.cash);
      this.lastClock = marketClock;
      this.publishAccount(account);
      this.bus.emit({ type: 'clock', clock: marketClock });
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      opened();
    }
    for (const order of this.tracker.book.working()) this.follow(order);
    this.startResync('startup');
    this.stops.push(this.clock.setRepeating(() => this.tasks.track(this.refreshAccount()), this.config.accountRefreshMs));
    this.stops.push(this.clock.setRepeating(() => this.startResync('periodic'), this.config.reconcileEveryMs));
  }

  /** Stops timers, subscriptions and retries, then waits for work already under way to finish. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.shutdown.abort();
    for (const stop of this.stops.splice(0)) stop();
    this.quotes.stop();
    this.timeouts.stop();
    this.limiter.close();
    await this.detector.stop();
    await this.tasks.idle();
    await this.lanes.idle();
  }

  /** The current state as events, for a consumer that subscribes after start (the console). */
  currentState(): CoreEvent[] {
    const events: CoreEvent[] = [
      { type: 'connection', state: this.connectionState },
      { type: 'trading', status: this.trading.status },
      { type: 'portfolio', portfolio: this.tracker.portfolio },
      { type: 'watchlist', symbols: this.quotes.symbols() },
      ...this.tracker.book.all().map((order): CoreEvent => ({ type: 'order', order })),
      ...this.quotes.all().map((quote): CoreEvent => ({ type: 'quote', quote })),
    ];
    if (this.lastAccount !== undefined) events.push({ type: 'account', account: this.lastAccount });
    if (this.lastClock !== undefined) events.push({ type: 'clock', clock: this.lastClock });
    return events;
  }

  orders(): Order[] {
    return this.tracker.book.all();
  }

  workingOrders(): Order[] {
    return this.tracker.book.working();
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

  tradingStatus(): TradingStatus {
    return this.trading.status;
  }

  metrics(): MetricsSnapshot {
    return this.metricsRegistry.snapshot();
  }

  /** Resolves once every lane, background task and resync is idle. */
  async settled(): Promise<void> {
    await this.resync;
    await this.tasks.idle();
    await this.lanes.idle();
  }

  /** Writes a line to the trader's log (command output that belongs there, e.g. metrics). */
  note(level: LogLevel, text: string): void {
    this.tracker.log(level, text);
  }

  halt(reason: string): void {
    if (!this.trading.halt(reason)) return;
    this.metricsRegistry.count(METRIC.halts);
    this.tracker.log('warn', `trading halted (${reason}): new orders are refused; cancels and closes still go through; resume to allow new orders`);
  }

  resume(): void {
    this.breaker.reset();
    if (this.trading.resume()) this.tracker.log('info', 'trading resumed: new orders allowed');
  }

  async place(spec: OrderSpec, options: PlaceOptions = {}): Promise<Order> {
    this.ensureRunning();
    while (this.resync !== undefined) await this.resync;
    if (!(await this.gateway.isTradable(spec.symbol))) {
      throw new OrderRefusedError(`unknown symbol ${spec.symbol}: not traded on ${this.broker.mode}; check the ticker`);
    }
    const quote = this.quotes.get(spec.symbol);
    const positionQty = this.tracker.portfolio.positions[spec.symbol]?.qty ?? ZERO;
    const status = this.trading.status;
    const verdict = checkOrder(
      spec,
      {
        quote,
        positionQty,
        buyingPower: this.lastAccount?.buyingPower,
        tradingState: status.state === 'halted' && isRiskReducing(spec, positionQty) ? 'active' : status.state,
        haltReason: status.reason,
        recentIntents: this.recentIntents,
        now: this.clock.now(),
      },
      this.config.risk,
    );
    if (!verdict.ok) throw new OrderRefusedError(verdict.reason);
    this.quotes.track([spec.symbol]);
    const order = this.tracker.put(this.prepare(spec, options, quote));
    this.remember({ spec, at: order.createdAt, seq: order.seq });
    const placed = await this.lanes.run(spec.symbol, () => this.requests.submit(order));
    this.follow(placed);
    return placed;
  }

  async cancel(ref: OrderRef): Promise<Order> {
    this.ensureRunning();
    const order = this.workingOrder(ref);
    return this.lanes.run(order.symbol, () => this.requests.cancel(order.clientOrderId, 'poll'));
  }

  /** Asks to cancel every working order (of one symbol, when given). */
  async cancelAll(symbol?: string): Promise<Order[]> {
    this.ensureRunning();
    const working = this.tracker.book.working(symbol);
    return Promise.all(working.map((o) => this.lanes.run(o.symbol, () => this.requests.cancel(o.clientOrderId, 'poll'))));
  }

  async replace(ref: OrderRef, changes: ReplaceChanges): Promise<Order> {
    this.ensureRunning();
    const order = this.workingOrder(ref);
    const replacement = await this.lanes.run(order.symbol, () => this.requests.replace(order.clientOrderId, changes));
    this.follow(replacement);
    return replacement;
  }

  /** Cancels the symbol's working orders and closes its position at market (allowed while halted). */
  async flatten(symbol: string): Promise<Order | undefined> {
    this.ensureRunning();
    await this.cancelAll(symbol);
    const qty = this.tracker.portfolio.positions[symbol]?.qty ?? ZERO;
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
    this.startResync(reason);
    return this.resync ?? Promise.resolve();
  }

  private prepare(spec: OrderSpec, options: PlaceOptions, quote: Quote | undefined): Order {
    const now = this.clock.now();
    const ttl = options.ttlMs ?? (spec.timeInForce === 'gtc' || this.config.orderTimeoutMs <= 0 ? undefined : this.config.orderTimeoutMs);
    const expectedPrice: Decimal | undefined =
      spec.limitPrice ?? (quote === undefined ? undefined : spec.side === 'buy' ? quote.ask : quote.bid);
    return {
      ...newOrder(spec, this.options.newClientOrderId(), this.tracker.takeSeq(), now),
      ...(ttl !== undefined && { timeoutAt: now + ttl }),
      ...(options.onPartial !== undefined && { onPartial: options.onPartial }),
      ...(expectedPrice !== undefined && { expectedPrice }),
      ...(options.takeProfit !== undefined && { takeProfit: options.takeProfit }),
      ...(options.stopLoss !== undefined && { stopLoss: options.stopLoss }),
    };
  }

  private remember(intent: RecentIntent): void {
    const horizon = this.clock.now() - this.config.risk.duplicateWindowMs;
    while (this.recentIntents.length > 0 && (this.recentIntents[0]?.at ?? 0) < horizon) this.recentIntents.shift();
    this.recentIntents.push(intent);
  }

  /** Starts polling a working order and arms its deadline. */
  private follow(order: Order): void {
    if (isTerminal(order.status)) return;
    this.detector.watch(order.clientOrderId);
    if (order.timeoutAt !== undefined) this.timeouts.arm(order.clientOrderId, order.timeoutAt);
  }

  private applySnapshot(brokerOrder: BrokerOrder, method: DetectionMethod): Order {
    return this.applyNews(brokerOrder, newsFromBrokerOrder(brokerOrder, method, this.clock.now()));
  }

  private applyNews(brokerOrder: BrokerOrder, news: OrderNews): Order {
    const local =
      this.tracker.book.byClientOrderId(brokerOrder.clientOrderId) ??
      this.tracker.book.byBrokerOrderId(brokerOrder.id) ??
      this.tracker.adopt(brokerOrder);
    const applied: Applied = this.tracker.apply(local, news, brokerOrder);
    this.reactions.after(local, applied);
    if (applied.fill !== undefined) this.tasks.track(this.refreshAccount());
    if (isTerminal(applied.order.status)) {
      this.detector.unwatch(applied.order.clientOrderId);
      this.timeouts.disarm(applied.order.clientOrderId);
    } else if (local !== applied.order && !this.detector.isWatching(applied.order.clientOrderId)) {
      this.follow(applied.order);
    }
    return applied.order;
  }

  private onTradeUpdate(update: TradeUpdate): void {
    this.tasks.track(
      this.lanes.run(update.order.symbol, async () => {
        await this.opening;
        this.applyNews(update.order, newsFromTradeUpdate(update));
      }),
    );
  }

  private onConnectionChange(state: ConnectionState): void {
    const wasStreaming = this.connectionState.stream === 'ok';
    this.connectionState = state;
    this.bus.emit({ type: 'connection', state });
    this.detector.streamChanged();
    if (state.stream !== 'ok' && wasStreaming) this.tracker.log('warn', `trade-update stream ${state.stream}: polling working orders every ${this.config.poll.unhealthyMs} ms`);
    if (state.stream === 'ok' && !wasStreaming) {
      this.tracker.log('info', 'trade-update stream back: reconciling');
      this.startResync('reconnect');
    }
  }

  /** Polls one order; resolves to whether it is still working. */
  private async poll(clientOrderId: string): Promise<boolean> {
    const order = this.tracker.book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status)) return false;
    const snapshot =
      order.brokerOrderId === undefined
        ? await this.gateway.getOrderByClientId(order.clientOrderId, orderLabel(order))
        : await this.gateway.getOrder(order.brokerOrderId, orderLabel(order));
    const after = await this.lanes.run(order.symbol, () => this.applySnapshot(snapshot, 'poll'));
    return !isTerminal(after.status);
  }

  /** A working order reached its deadline: check it one last time, then cancel it. */
  private async expire(clientOrderId: string): Promise<void> {
    const order = this.tracker.book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status) || this.stopped) return;
    const ageSeconds = Math.round((this.clock.now() - order.createdAt) / 1000);
    this.metricsRegistry.count(METRIC.ordersTimedOut);
    this.tracker.log('warn', `${orderLabel(order)} timed out after ${ageSeconds}s: final check, then cancel`);
    try {
      if (order.brokerOrderId !== undefined) {
        const snapshot = await this.gateway.getOrder(order.brokerOrderId, orderLabel(order));
        const checked = await this.lanes.run(order.symbol, () => this.applySnapshot(snapshot, 'final_check'));
        if (isTerminal(checked.status)) return;
      }
      await this.lanes.run(order.symbol, () => this.requests.cancel(clientOrderId, 'final_check'));
    } catch (error) {
      // The cancel did not get through (broker down, not yet acknowledged): try again shortly.
      this.tracker.log('warn', `${orderLabel(order)} timeout cancel failed (${errorText(error)}); retrying in 5s`);
      if (!this.stopped) this.timeouts.arm(clientOrderId, this.clock.now() + 5_000);
    }
  }

  private startResync(reason: ReconcileReason): void {
    if (this.resync !== undefined || this.stopped) return;
    const run = this.reconciler
      .run(reason)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.tracker.log('warn', `reconcile (${reason}) could not finish: ${errorText(error)}`);
      })
      .finally(() => {
        if (this.resync === run) this.resync = undefined;
      });
    this.resync = run;
    this.tasks.track(run);
  }

  private async refreshAccount(): Promise<void> {
    if (this.stopped) return;
    this.publishAccount(await this.gateway.getAccount());
  }

  private publishAccount(account: BrokerAccount): void {
    this.lastAccount = account;
    this.bus.emit({ type: 'account', account });
  }

  private workingOrder(ref: OrderRef): Order {
    const found = this.tracker.book.resolve(ref);
    if (found.kind === 'none') throw new OrderRefusedError(`no order ${describeRef(ref)}; use the # number shown in the orders pane`);
    if (found.kind === 'ambiguous') {
      throw new OrderRefusedError(`${describeRef(ref)} matches ${found.count} orders; type more of the id or use the # number`);
    }
    if (isTerminal(found.order.status)) {
      throw new OrderRefusedError(`${orderLabel(found.order)} is already ${found.order.status}`);
    }
    return found.order;
  }

  private ensureRunning(): void {
    if (this.stopped) throw new OrderRefusedError('the engine is shutting down');
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
