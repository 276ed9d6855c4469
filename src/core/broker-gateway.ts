import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  FillActivity,
  FillActivityQuery,
  ListOrdersQuery,
  MarketClock,
  MarketData,
  PriceBar,
  Quote,
  RecentBarsRequest,
  ReplaceOrderRequest,
  SubmitOrderRequest,
} from '../broker/port.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { Clock } from '../kernel/clock.js';
import type { EngineConfig } from './engine-config.js';
import { classifyError, errorLabel, retryAfterMs, type ErrorClass } from './error-class.js';
import type { LogEntry } from '../kernel/log-entry.js';
import { METRIC, type Metrics } from './metrics.js';
import { RateLimiter, type RequestPriority } from './rate-limiter.js';
import { retry, retryLogEntry, type RetryPolicy } from './retry.js';

export interface BrokerGatewayOptions {
  readonly broker: Broker;
  readonly marketData: MarketData;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
  readonly metrics: Metrics;
  readonly retryPolicy: RetryPolicy;
  /** Jitter source for backoff; injected so tests are repeatable. */
  readonly random: () => number;
  readonly log: (entry: LogEntry) => void;
  /** Aborted on shutdown, so no retry waits on after the engine stops. */
  readonly signal: AbortSignal;
}

/** A rate-limit token taken ahead of a call; good for one call. */
export interface RequestToken {
  spent: boolean;
}

export interface GatewayParts {
  readonly gateway: BrokerGateway;
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
}

/** The gateway with its own rate limiter and circuit breaker, built from the engine's settings. */
export function createGateway(
  options: Omit<BrokerGatewayOptions, 'limiter' | 'breaker'> & {
    readonly rateLimit: { readonly limit: number; readonly intervalMs: number };
    readonly breakerSettings: EngineConfig['breaker'];
  },
): GatewayParts {
  const limiter = new RateLimiter({ clock: options.clock, ...options.rateLimit });
  const breaker = new CircuitBreaker({ clock: options.clock, ...options.breakerSettings });
  return { gateway: new BrokerGateway({ ...options, limiter, breaker }), limiter, breaker };
}

/** How long a symbol found tradable is taken as still tradable without asking again. */
const TRADABLE_REMEMBERED_MS = 15 * 60 * 1000;

/** Reads change nothing, so any failure that may clear up (even an ambiguous one) is worth repeating. */
const retryRead = (errorClass: ErrorClass): boolean => errorClass !== 'permanent';

/**
 * Every broker call the core makes goes through here: under the client-side rate limit (submits,
 * replaces and cancels first, then polls, then every other call), counted,
 * classified, fed to the circuit breaker, and — for the calls that are safe to repeat — retried with
 * backoff, each retry a line in the trader's log. Submits and replaces get one attempt each: only
 * the engine can tell whether repeating them is safe (it asks the broker first).
 */
export class BrokerGateway {
  /** When each symbol was last found tradable (clock ms). */
  private readonly tradableAt = new Map<string, number>();

  constructor(private readonly options: BrokerGatewayOptions) {}

  get broker(): Broker {
    return this.options.broker;
  }

  /**
   * Waits for a rate-limit token and hands it over. Order requests take their token before they
   * enter the symbol's lane, so a rate-limit wait never holds up that symbol's fills.
   */
  async reserve(): Promise<RequestToken> {
    await this.options.limiter.acquire('trade');
    return { spent: false };
  }

  submitOnce(request: SubmitOrderRequest, token: RequestToken): Promise<BrokerOrder> {
    return this.call('submit', () => this.broker.submitOrder(request), 'trade', token);
  }

  replaceOnce(orderId: string, request: ReplaceOrderRequest, token: RequestToken): Promise<BrokerOrder> {
    return this.call('replace', () => this.broker.replaceOrder(orderId, request), 'trade', token);
  }

  /** Cancels are safe to repeat: a second request for a canceled order is answered "not cancelable". */
  cancelOrder(orderId: string, label: string): Promise<void> {
    return this.retried(`cancel ${label}`, 'cancel', () => this.broker.cancelOrder(orderId), retryRead, 'trade');
  }

  getOrder(orderId: string, label: string, priority: RequestPriority = 'background'): Promise<BrokerOrder> {
    return this.retried(`check ${label}`, 'get', () => this.broker.getOrder(orderId), retryRead, priority);
  }

  getOrderByClientId(clientOrderId: string, label: string, priority: RequestPriority = 'background'): Promise<BrokerOrder> {
    return this.retried(`look up ${label}`, 'get', () => this.broker.getOrderByClientId(clientOrderId), retryRead, priority);
  }

  listOrders(query: ListOrdersQuery, priority: RequestPriority = 'background'): Promise<BrokerOrder[]> {
    return this.retried(`list ${query.status} orders`, 'list', () => this.broker.listOrders(query), retryRead, priority);
  }

  listFillActivities(query: FillActivityQuery, priority: RequestPriority = 'background'): Promise<FillActivity[]> {
    return this.retried('fill activities', 'activities', () => this.broker.listFillActivities(query), retryRead, priority);
  }

  getPositions(): Promise<BrokerPosition[]> {
    return this.retried('positions', 'positions', () => this.broker.getPositions(), retryRead);
  }

  getAccount(): Promise<BrokerAccount> {
    return this.retried('account', 'account', () => this.broker.getAccount(), retryRead);
  }

  getClock(): Promise<MarketClock> {
    return this.retried('clock', 'clock', () => this.broker.getClock(), retryRead);
  }

  /** One attempt at the cheapest read, for the circuit breaker's probe: how it went is the answer, so no retry. */
  probe(): Promise<MarketClock> {
    return this.call('probe', () => this.broker.getClock(), 'background');
  }

  /**
   * First prices of symbols. Market data is served apart from trading, with its own limits (Alpaca:
   * another host), so its reads take no trading request token and never trip the trading circuit
   * breaker: a market-data outage must not halt orders.
   */
  getSnapshots(symbols: readonly string[]): Promise<Quote[]> {
    return this.retrying('quotes', () => this.counted('quotes', () => this.options.marketData.getSnapshots(symbols)), retryRead);
  }

  /** Bars before now, for warming a strategy up; none from market data that keeps no history. */
  recentBars(request: RecentBarsRequest): Promise<readonly PriceBar[]> {
    const { marketData } = this.options;
    const read = marketData.recentBars?.bind(marketData);
    if (read === undefined) return Promise.resolve([]);
    return this.retrying('quotes', () => this.counted('quotes', () => read(request)), retryRead);
  }

  /**
   * Asked on the way to a submit, so it goes with the trades. A yes is remembered for a while: asked
   * before every order it would be half of what placing costs from Alpaca's 200 requests a minute,
   * and a symbol that stops trading meanwhile is refused by the broker itself. A no is asked again.
   */
  async isTradable(symbol: string): Promise<boolean> {
    const now = this.options.clock.now();
    const seen = this.tradableAt.get(symbol);
    if (seen !== undefined && now - seen < TRADABLE_REMEMBERED_MS) return true;
    const tradable = await this.retried(`asset ${symbol}`, 'asset', () => this.broker.isTradable(symbol), retryRead, 'trade');
    if (tradable) this.tradableAt.set(symbol, now);
    else this.tradableAt.delete(symbol);
    return tradable;
  }

  private retried<T>(
    operation: string,
    kind: string,
    fn: () => Promise<T>,
    shouldRetry: (c: ErrorClass) => boolean,
    priority: RequestPriority = 'background',
  ): Promise<T> {
    return this.retrying(operation, () => this.call(kind, fn, priority), shouldRetry);
  }

  private retrying<T>(operation: string, attempt: () => Promise<T>, shouldRetry: (c: ErrorClass) => boolean): Promise<T> {
    const { clock, retryPolicy, random, metrics, log, signal } = this.options;
    return retry(operation, attempt, {
      clock,
      policy: retryPolicy,
      random,
      signal,
      shouldRetry,
      onRetry: (info) => {
        metrics.count(METRIC.retries, info.errorClass);
        log(retryLogEntry(info, clock.now()));
      },
    });
  }

  /** One market-data attempt, counted like a broker call. */
  private async counted<T>(kind: string, fn: () => Promise<T>): Promise<T> {
    const { metrics } = this.options;
    metrics.count(METRIC.apiCalls, kind);
    try {
      return await fn();
    } catch (error) {
      metrics.count(METRIC.apiErrors, classifyError(error));
      throw error;
    }
  }

  /** One attempt: waits for a rate-limit token, then records how the broker answered. */
  private async call<T>(kind: string, fn: () => Promise<T>, priority: RequestPriority, token?: RequestToken): Promise<T> {
    const { limiter, breaker, metrics } = this.options;
    if (token === undefined || token.spent) await limiter.acquire(priority);
    if (token !== undefined) token.spent = true;
    metrics.count(METRIC.apiCalls, kind);
    try {
      const result = await fn();
      breaker.recordSuccess();
      return result;
    } catch (error) {
      const errorClass = classifyError(error);
      metrics.count(METRIC.apiErrors, errorClass);
      if (errorClass === 'rate_limited') limiter.penalize(retryAfterMs(error) ?? 1000);
      if (errorClass !== 'permanent') breaker.recordFailure(errorClass, errorLabel(error));
      throw error;
    }
  }
}
