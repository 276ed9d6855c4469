import { ZERO, type Decimal } from '../domain/decimal.js';
import { newOrder, type Order } from '../domain/order.js';
import { isTerminal } from '../domain/order-state.js';
import { specOf, type OrderSpec } from '../domain/order-types.js';
import { emptyPortfolio, type Portfolio } from '../domain/portfolio.js';
import { isBrokerError } from '../broker/errors.js';
import type { Broker, BrokerAccount, BrokerOrder, MarketClock, Quote, TradeUpdate } from '../broker/port.js';
import type { Clock } from './clock.js';
import { orderLabel } from './describe-order.js';
import { OrderRefusedError } from './errors.js';
import { EventBus } from './event-bus.js';
import type { CoreEvent, CoreEventListener } from './events.js';
import { KeyedQueue } from './keyed-queue.js';
import { describeRef, type OrderRef } from './order-book.js';
import { OrderTracker } from './order-tracker.js';
import { TaskSet } from './task-set.js';
import { newsFromBrokerOrder, newsFromTradeUpdate } from './trade-update-mapper.js';
import { QuoteBoard } from './quote-board.js';

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
  /** How often account figures (buying power, last equity) are refreshed from the broker. */
  readonly accountRefreshMs?: number;
}

export interface ReplaceChanges {
  readonly qty?: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
}

/**
 * The execution core's facade. Every order operation and every broker event for a symbol runs in
 * that symbol's lane, so news about an order is only applied after the call that created or changed
 * it has returned (a fill that beats the submit's answer waits for it).
 */
export class Engine {
  private readonly bus: EventBus;
  private readonly tracker: OrderTracker;
  private readonly lanes = new KeyedQueue();
  private readonly tasks: TaskSet;
  private readonly quotes: QuoteBoard;
  private readonly stops: (() => void)[] = [];
  private readonly broker: Broker;
  private readonly clock: Clock;
  private stopped = false;
  private lastAccount: BrokerAccount | undefined;
  private lastClock: MarketClock | undefined;
  private opening: Promise<void> = Promise.resolve();

  constructor(private readonly options: EngineOptions) {
    this.broker = options.broker;
    this.clock = options.clock;
    this.bus = new EventBus((error) => this.tracker.log('error', `event listener failed: ${errorText(error)}`));
    const { orders, portfolio, nextSeq } = options.restored;
    this.tracker = new OrderTracker(this.bus, this.clock, orders, portfolio ?? emptyPortfolio(ZERO), nextSeq);
    this.tasks = new TaskSet((error) => this.tracker.log('error', errorText(error)));
    this.quotes = new QuoteBoard(this.broker, this.bus, this.tasks, options.restored.watchlist);
  }

  subscribe(listener: CoreEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  get mode(): Broker['mode'] {
    return this.broker.mode;
  }

  async start(): Promise<void> {
    const restoredPortfolio = this.options.restored.portfolio;
    // Subscribe first so no update is missed, but apply none before the opening cash is known.
    let opened!: () => void;
    this.opening = new Promise((resolve) => {
      opened = resolve;
    });
    this.stops.push(this.broker.subscribeTradeUpdates((update) => this.onTradeUpdate(update)));
    this.stops.push(this.broker.onConnectionChange((state) => this.bus.emit({ type: 'connection', state })));
    this.bus.emit({ type: 'connection', state: this.broker.connection() });
    this.quotes.track([...this.tracker.book.working().map((o) => o.symbol), ...this.openPositionSymbols()]);
    this.quotes.start();
    try {
      const [account, marketClock] = await Promise.all([this.broker.getAccount(), this.broker.getClock()]);
      this.tracker.portfolio = restoredPortfolio ?? emptyPortfolio(account.cash);
      this.lastClock = marketClock;
      this.publishAccount(account);
      this.bus.emit({ type: 'clock', clock: marketClock });
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      opened();
    }
    const refreshMs = this.options.accountRefreshMs ?? 2000;
    this.stops.push(this.clock.setRepeating(() => this.tasks.track(this.refreshAccount()), refreshMs));
  }

  /** Stops timers and subscriptions, then waits for work already under way to finish. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    this.quotes.stop();
    await this.tasks.idle();
    await this.lanes.idle();
  }

  /** The current state as events, for a consumer that subscribes after start (the console). */
  currentState(): CoreEvent[] {
    const events: CoreEvent[] = [
      { type: 'connection', state: this.broker.connection() },
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

  /** Resolves once every lane and background task is idle. */
  async settled(): Promise<void> {
    await this.tasks.idle();
    await this.lanes.idle();
  }

  async place(spec: OrderSpec): Promise<Order> {
    this.ensureRunning();
    if (!(spec.qty?.gt(0) ?? spec.notional?.gt(0) ?? false)) {
      throw new OrderRefusedError('quantity must be positive');
    }
    if (!(await this.broker.isTradable(spec.symbol))) {
      throw new OrderRefusedError(`unknown symbol ${spec.symbol}: not traded on ${this.broker.mode}; check the ticker`);
    }
    this.quotes.track([spec.symbol]);
    const order = this.tracker.put(newOrder(spec, this.options.newClientOrderId(), this.tracker.takeSeq(), this.clock.now()));
    return this.lanes.run(spec.symbol, () => this.submit(order));
  }

  async cancel(ref: OrderRef): Promise<Order> {
    this.ensureRunning();
    const order = this.workingOrder(ref);
    return this.lanes.run(order.symbol, () => this.requestCancel(order.clientOrderId));
  }

  /** Asks to cancel every working order (of one symbol, when given); returns how many were asked. */
  async cancelAll(symbol?: string): Promise<Order[]> {
    this.ensureRunning();
    const working = this.tracker.book.working(symbol);
    return Promise.all(working.map((o) => this.lanes.run(o.symbol, () => this.requestCancel(o.clientOrderId))));
  }

  async replace(ref: OrderRef, changes: ReplaceChanges): Promise<Order> {
    this.ensureRunning();
    const order = this.workingOrder(ref);
    return this.lanes.run(order.symbol, () => this.requestReplace(order.clientOrderId, changes));
  }

  /** Cancels the symbol's working orders and closes its position at market. */
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
      if (!(await this.broker.isTradable(symbol))) throw new OrderRefusedError(`unknown symbol ${symbol}: not traded on ${this.broker.mode}`);
    }
    this.quotes.add(symbols);
  }

  unwatch(symbols: readonly string[]): void {
    this.quotes.remove(symbols);
  }

  private async submit(order: Order): Promise<Order> {
    const { clientOrderId } = order;
    try {
      const ack = await this.broker.submitOrder({ ...specOf(order), clientOrderId });
      return this.applyBrokerOrder(ack);
    } catch (error) {
      if (isBrokerError(error, 'rejected')) {
        this.tracker.transition(order, 'rejected', error.message);
        this.tracker.log('error', `${orderLabel(order)} rejected: ${error.message}`);
        throw new OrderRefusedError(`${orderLabel(order)} rejected: ${error.message}`);
      }
      return this.resolveUnansweredSubmit(order, error);
    }
  }

  /** The submit got no clear answer: the order may exist. Ask by client id before deciding anything. */
  private async resolveUnansweredSubmit(order: Order, cause: unknown): Promise<Order> {
    try {
      return this.applyBrokerOrder(await this.broker.getOrderByClientId(order.clientOrderId));
    } catch (lookupError) {
      if (isBrokerError(lookupError, 'not_found')) {
        this.tracker.transition(order, 'rejected', `not accepted: ${errorText(cause)}`);
        throw new OrderRefusedError(`${orderLabel(order)} not accepted: ${errorText(cause)}`);
      }
      this.tracker.log('warn', `${orderLabel(order)} outcome unknown (${errorText(cause)}); it stays pending until the broker answers`);
      return order;
    }
  }

  private async requestCancel(clientOrderId: string): Promise<Order> {
    const order = this.tracker.book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status)) return order as Order;
    if (order.brokerOrderId === undefined) {
      throw new OrderRefusedError(`${orderLabel(order)} has no broker id yet; try again once it is acknowledged`);
    }
    const pending = this.tracker.transition(order, 'cancel_requested');
    try {
      await this.broker.cancelOrder(order.brokerOrderId);
      return pending;
    } catch (error) {
      if (isBrokerError(error, 'not_cancelable') || isBrokerError(error, 'not_found')) {
        // The order finished before the cancel landed (usually: it filled). Book what the broker says.
        return this.applyBrokerOrder(await this.broker.getOrder(order.brokerOrderId));
      }
      this.tracker.transition(this.current(pending), 'cancel_rejected');
      throw new OrderRefusedError(`cancel ${orderLabel(order)} failed: ${errorText(error)}`);
    }
  }

  private async requestReplace(clientOrderId: string, changes: ReplaceChanges): Promise<Order> {
    const order = this.tracker.book.byClientOrderId(clientOrderId);
    if (order === undefined || isTerminal(order.status) || order.brokerOrderId === undefined) {
      throw new OrderRefusedError(`order ${order === undefined ? clientOrderId : orderLabel(order)} can no longer be replaced`);
    }
    const spec: OrderSpec = { ...specOf(order), ...changes };
    const replacement = this.tracker.put(newOrder(spec, this.options.newClientOrderId(), this.tracker.takeSeq(), this.clock.now()));
    const pending = this.tracker.transition(order, 'replace_requested');
    try {
      const answer = await this.broker.replaceOrder(order.brokerOrderId, { ...changes, clientOrderId: replacement.clientOrderId });
      this.tracker.log('info', `${orderLabel(order)} replace requested → ${orderLabel(replacement)}`);
      return this.applyBrokerOrder(answer);
    } catch (error) {
      this.tracker.transition(this.current(pending), 'replace_rejected');
      this.tracker.transition(this.current(replacement), 'rejected', errorText(error));
      throw new OrderRefusedError(`replace ${orderLabel(order)} failed: ${errorText(error)}`);
    }
  }

  private applyBrokerOrder(brokerOrder: BrokerOrder): Order {
    const local =
      this.tracker.book.byClientOrderId(brokerOrder.clientOrderId) ??
      this.tracker.book.byBrokerOrderId(brokerOrder.id) ??
      this.tracker.adopt(brokerOrder);
    return this.tracker.apply(local, newsFromBrokerOrder(brokerOrder, this.clock.now()), brokerOrder);
  }

  private onTradeUpdate(update: TradeUpdate): void {
    this.tasks.track(
      this.lanes.run(update.order.symbol, async () => {
        await this.opening;
        const brokerOrder = update.order;
        const local =
          this.tracker.book.byClientOrderId(brokerOrder.clientOrderId) ??
          this.tracker.book.byBrokerOrderId(brokerOrder.id) ??
          this.tracker.adopt(brokerOrder);
        const before = local.filledQty;
        const after = this.tracker.apply(local, newsFromTradeUpdate(update), brokerOrder);
        if (!after.filledQty.eq(before)) this.tasks.track(this.refreshAccount());
      }),
    );
  }

  private async refreshAccount(): Promise<void> {
    if (this.stopped) return;
    this.publishAccount(await this.broker.getAccount());
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

  private current(order: Order): Order {
    return this.tracker.book.byClientOrderId(order.clientOrderId) ?? order;
  }

  private ensureRunning(): void {
    if (this.stopped) throw new OrderRefusedError('the engine is shutting down');
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
