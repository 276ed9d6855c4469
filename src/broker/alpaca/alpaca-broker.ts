import type { Clock } from '../../kernel/clock.js';
import { isBrokerError } from '../errors.js';
import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  ConnectionHealth,
  ConnectionState,
  FillActivity,
  FillActivityQuery,
  ListOrdersQuery,
  MarketClock,
  ReplaceOrderRequest,
  SubmitOrderRequest,
  TradeUpdate,
  Unsubscribe,
} from '../port.js';
import { AlpacaTradeStream, type BrokerNotice } from './alpaca-trade-stream.js';
import { AlpacaTrading } from './alpaca-trading.js';
import type { AlpacaEndpoints } from './endpoints.js';
import type { AlpacaAccountIdentity } from './wire-account.js';

export interface AlpacaBrokerOptions {
  readonly endpoints: AlpacaEndpoints;
  readonly keyId: string;
  readonly secret: string;
  readonly mode: 'paper' | 'live';
  readonly clock: Clock;
  readonly notice: BrokerNotice;
  /** Per-request deadline; the SDK's 30 s when absent. */
  readonly timeoutMs?: number;
  readonly stream?: { readonly pingIntervalMs?: number; readonly initialReconnectMs?: number };
}

/**
 * Alpaca behind the Broker port: the trading REST and the trade-update stream of one account. REST
 * health is what the last request found (no answer at all is `down`, a timeout or a 5xx
 * `degraded`, any answer `ok`), so the status bar tells a dead connection from a refused order.
 */
export class AlpacaBroker implements Broker {
  readonly mode: 'paper' | 'live';
  readonly #rest: AlpacaTrading;
  readonly #stream: AlpacaTradeStream;
  readonly #updateHandlers = new Set<(update: TradeUpdate) => void>();
  readonly #connectionHandlers = new Set<(state: ConnectionState) => void>();
  #restHealth: ConnectionHealth = 'ok';

  constructor(options: AlpacaBrokerOptions) {
    this.mode = options.mode;
    this.#rest = new AlpacaTrading({
      baseUrl: options.endpoints.trading,
      keyId: options.keyId,
      secret: options.secret,
      mode: options.mode,
      clock: options.clock,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    this.#stream = new AlpacaTradeStream({
      url: options.endpoints.tradingStream,
      keyId: options.keyId,
      secret: options.secret,
      notice: options.notice,
      onUpdate: (update) => {
        for (const handler of this.#updateHandlers) handler(update);
      },
      onHealth: () => this.#announce(),
      ...options.stream,
    });
  }

  /** Opens the trade-update stream; handlers subscribed before this hear every update from the first. */
  connect(): void {
    this.#stream.connect();
  }

  submitOrder(request: SubmitOrderRequest): Promise<BrokerOrder> {
    return this.#track(this.#rest.submitOrder(request));
  }

  cancelOrder(orderId: string): Promise<void> {
    return this.#track(this.#rest.cancelOrder(orderId));
  }

  replaceOrder(orderId: string, request: ReplaceOrderRequest): Promise<BrokerOrder> {
    return this.#track(this.#rest.replaceOrder(orderId, request));
  }

  getOrder(orderId: string): Promise<BrokerOrder> {
    return this.#track(this.#rest.getOrder(orderId));
  }

  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    return this.#track(this.#rest.getOrderByClientId(clientOrderId));
  }

  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    return this.#track(this.#rest.listOrders(query));
  }

  listFillActivities(query: FillActivityQuery): Promise<FillActivity[]> {
    return this.#track(this.#rest.listFillActivities(query));
  }

  getPositions(): Promise<BrokerPosition[]> {
    return this.#track(this.#rest.getPositions());
  }

  getAccount(): Promise<BrokerAccount> {
    return this.#track(this.#rest.getAccount());
  }

  getClock(): Promise<MarketClock> {
    return this.#track(this.#rest.getClock());
  }

  /** Who the keys belong to: the account number a profile is bound to, and whether it may trade. */
  accountIdentity(): Promise<AlpacaAccountIdentity> {
    return this.#track(this.#rest.getAccountIdentity());
  }

  isTradable(symbol: string): Promise<boolean> {
    return this.#track(this.#rest.isTradable(symbol));
  }

  subscribeTradeUpdates(handler: (update: TradeUpdate) => void): Unsubscribe {
    this.#updateHandlers.add(handler);
    return () => this.#updateHandlers.delete(handler);
  }

  connection(): ConnectionState {
    return { rest: this.#restHealth, stream: this.#stream.health() };
  }

  onConnectionChange(handler: (state: ConnectionState) => void): Unsubscribe {
    this.#connectionHandlers.add(handler);
    return () => this.#connectionHandlers.delete(handler);
  }

  close(): Promise<void> {
    this.#stream.close();
    this.#updateHandlers.clear();
    this.#connectionHandlers.clear();
    return Promise.resolve();
  }

  async #track<T>(request: Promise<T>): Promise<T> {
    try {
      const answer = await request;
      this.#setRest('ok');
      return answer;
    } catch (error) {
      if (isBrokerError(error, 'transient')) this.#setRest('down');
      else if (isBrokerError(error, 'ambiguous')) this.#setRest('degraded');
      else this.#setRest('ok');
      throw error;
    }
  }

  #setRest(health: ConnectionHealth): void {
    if (health === this.#restHealth) return;
    this.#restHealth = health;
    this.#announce();
  }

  #announce(): void {
    const state = this.connection();
    for (const handler of this.#connectionHandlers) handler(state);
  }
}
