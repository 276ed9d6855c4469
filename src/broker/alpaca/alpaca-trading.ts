import { trading } from '@alpacahq/alpaca-trade-api';
import type { Clock } from '../../kernel/clock.js';
import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  FillActivity,
  FillActivityQuery,
  ListOrdersQuery,
  MarketClock,
  ReplaceOrderRequest,
  SubmitOrderRequest,
} from '../port.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { brokerErrorFromSdk } from './sdk-errors.js';
import { toAccountIdentity, toBrokerAccount, toBrokerPosition, toMarketClock, type AlpacaAccountIdentity } from './wire-account.js';
import { toFillActivity } from './wire-activity.js';
import { toAsset } from './wire-asset.js';
import { AlpacaWireError } from './wire-fields.js';
import { toBrokerOrder } from './wire-order.js';
import { toListParams, toReplaceBody, toSubmitBody } from './wire-requests.js';

/** The Broker port's trading REST calls; the stream and connection state are not here. */
export type AlpacaTradingRest = Pick<
  Broker,
  | 'mode'
  | 'submitOrder'
  | 'cancelOrder'
  | 'replaceOrder'
  | 'getOrder'
  | 'getOrderByClientId'
  | 'listOrders'
  | 'listFillActivities'
  | 'getPositions'
  | 'getAccount'
  | 'getClock'
  | 'isTradable'
>;

export interface AlpacaTradingOptions {
  /** The trading host, e.g. `https://paper-api.alpaca.markets` or an emulator's `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly keyId: string;
  readonly secret: string;
  readonly mode: 'paper' | 'live';
  /** Reads the time a rate-limit reset is measured from. */
  readonly clock: Clock;
  /** Per-request deadline; the SDK's default (30 s) when absent. */
  readonly timeoutMs?: number;
}

interface RawAnswer {
  readonly raw: Response;
}

/**
 * Alpaca's trading REST through the official SDK's generated `...Raw` calls, whose untouched JSON
 * the wire functions read: the SDK's own models turn times into Dates and copy legs into
 * camelCase, which would lose the exact strings the port keeps. The SDK's retries and rate limiter
 * stay off (a bare Configuration has neither), because the core's gateway owns both and a second
 * layer would multiply its waits and hide 429s from it.
 */
export class AlpacaTrading implements AlpacaTradingRest {
  readonly mode: 'paper' | 'live';
  // Private fields, so the SDK configuration holding the keys never reaches a log or an inspect.
  readonly #orders: trading.OrdersApi;
  readonly #positions: trading.PositionsApi;
  readonly #account: trading.AccountsApi;
  readonly #marketClock: trading.ClockApi;
  readonly #assets: trading.AssetsApi;
  readonly #activities: trading.AccountActivitiesApi;
  readonly #clock: Clock;

  constructor(options: AlpacaTradingOptions) {
    const configuration = new trading.Configuration({
      basePath: options.baseUrl.replace(/\/+$/, ''),
      keyId: options.keyId,
      secret: options.secret,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    this.mode = options.mode;
    this.#orders = new trading.OrdersApi(configuration);
    this.#positions = new trading.PositionsApi(configuration);
    this.#account = new trading.AccountsApi(configuration);
    this.#marketClock = new trading.ClockApi(configuration);
    this.#assets = new trading.AssetsApi(configuration);
    this.#activities = new trading.AccountActivitiesApi(configuration);
    this.#clock = options.clock;
  }

  submitOrder(request: SubmitOrderRequest): Promise<BrokerOrder> {
    const postOrderRequest = trading.PostOrderRequestFromJSON(toSubmitBody(request));
    return this.#call(() => this.#orders.postOrderRaw({ postOrderRequest }), toBrokerOrder);
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.#call(() => this.#orders.deleteOrderByOrderIDRaw({ orderId }), () => undefined);
  }

  /**
   * Alpaca answers a replace of a finished order as it answers its cancel ("not cancelable"); for a
   * replace that is a refusal of the request, as the port has it, not a cancel that came too late.
   */
  async replaceOrder(orderId: string, request: ReplaceOrderRequest): Promise<BrokerOrder> {
    const patchOrderRequest = trading.PatchOrderRequestFromJSON(toReplaceBody(request));
    try {
      return await this.#call(() => this.#orders.patchOrderByOrderIdRaw({ orderId, patchOrderRequest }), toBrokerOrder);
    } catch (error) {
      if (!isBrokerError(error, 'not_cancelable')) throw error;
      throw new BrokerError('rejected', error.message, {
        reason: 'not_cancelable',
        ...(error.status !== undefined && { status: error.status }),
        cause: error.cause,
      });
    }
  }

  getOrder(orderId: string): Promise<BrokerOrder> {
    return this.#call(() => this.#orders.getOrderByOrderIDRaw({ orderId, nested: true }), toBrokerOrder);
  }

  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    return this.#call(() => this.#orders.getOrderByClientOrderIdRaw({ clientOrderId }), toBrokerOrder);
  }

  /** A bad limit is refused here, before any request, by toListParams. */
  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    const params = toListParams(query);
    const request: trading.GetAllOrdersRequest = {
      status: query.status,
      direction: 'desc',
      nested: true,
      ...(params.limit !== undefined && { limit: Number(params.limit) }),
      ...(params.after !== undefined && { after: params.after }),
      ...(params.symbols !== undefined && { symbols: params.symbols }),
      ...(params.before_order_id !== undefined && { beforeOrderId: params.before_order_id }),
    };
    return this.#call(() => this.#orders.getAllOrdersRaw(request), (json) => list(json, 'Alpaca order list').map(toBrokerOrder));
  }

  /** GET /v2/account/activities/FILL: Alpaca pages by activity id, `page_token` being the last id read. */
  listFillActivities(query: FillActivityQuery): Promise<FillActivity[]> {
    const request: trading.GetAccountActivitiesByActivityTypeRequest = {
      activityType: 'FILL',
      direction: query.newestFirst === true ? 'desc' : 'asc',
      ...(query.pageSize !== undefined && { pageSize: query.pageSize }),
      ...(query.afterId !== undefined && { pageToken: query.afterId }),
    };
    return this.#call(
      () => this.#activities.getAccountActivitiesByActivityTypeRaw(request),
      (json) => list(json, 'Alpaca fill activities').map(toFillActivity),
    );
  }

  getPositions(): Promise<BrokerPosition[]> {
    return this.#call(() => this.#positions.getAllOpenPositionsRaw(), (json) => list(json, 'Alpaca position list').map(toBrokerPosition));
  }

  getAccount(): Promise<BrokerAccount> {
    return this.#call(() => this.#account.getAccountRaw(), toBrokerAccount);
  }

  /** The same GET /v2/account, read for the account number and status a session is bound to. */
  getAccountIdentity(): Promise<AlpacaAccountIdentity> {
    return this.#call(() => this.#account.getAccountRaw(), toAccountIdentity);
  }

  /** GET /v2/clock: the v3 clock answers per market and in phases, which the port does not model. */
  getClock(): Promise<MarketClock> {
    return this.#call(() => this.#marketClock.legacyClockRaw(), toMarketClock);
  }

  /** Alpaca answers 404 for a symbol it has no asset for, which is an answer here, not a failure. */
  async isTradable(symbol: string): Promise<boolean> {
    try {
      const asset = await this.#call(() => this.#assets.getV2AssetsSymbolOrAssetIdRaw({ symbolOrAssetId: symbol }), toAsset);
      return asset.tradable;
    } catch (error) {
      if (isBrokerError(error, 'not_found')) return false;
      throw error;
    }
  }

  /** Reading the answer is inside the guard too: an unreadable answer is no more a raw error than a lost one. */
  async #call<T>(request: () => Promise<RawAnswer>, read: (json: unknown) => T): Promise<T> {
    try {
      const { raw } = await request();
      const text = await raw.text();
      return read(text === '' ? undefined : (JSON.parse(text) as unknown));
    } catch (error) {
      throw await brokerErrorFromSdk(error, this.#clock.now());
    }
  }
}

function list(json: unknown, what: string): unknown[] {
  if (Array.isArray(json)) return json;
  throw new AlpacaWireError(`${what}: expected a JSON array, got ${json === null ? 'null' : typeof json}`);
}
