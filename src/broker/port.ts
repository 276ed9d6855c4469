import type { Bar } from '../domain/bar.js';
import type { Decimal } from '../domain/decimal.js';
import type { OrderClass, OrderSpec, Side, TimeInForce } from '../domain/order-types.js';

/**
 * The Broker port: everything the core needs from an exchange or brokerage. Shapes follow Alpaca's
 * Trading API v2 (the first real broker) with camelCase names and exact decimals, so the Alpaca
 * adapter is a translation and the sim speaks the same language.
 */

/** Alpaca's order statuses; adapters pass unknown ones through as strings. */
export type BrokerOrderStatus =
  | 'accepted'
  | 'pending_new'
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'done_for_day'
  | 'pending_cancel'
  | 'pending_replace'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'rejected'
  | 'stopped'
  | 'suspended'
  | 'calculated'
  | 'held';

/**
 * Alpaca's order classes. `bracket`: an entry with a take-profit and a stop-loss leg, held until the
 * entry fills, one cancelling the other. `oco`: a take-profit limit (the parent) and a stop-loss leg
 * for shares already held, one cancelling the other. `oto`: an entry with one leg, held until it fills.
 */
export type { OrderClass } from '../domain/order-types.js';

export const ORDER_CLASSES: readonly OrderClass[] = ['simple', 'bracket', 'oco', 'oto'];

/** An order as the broker reports it: what was asked for, plus the broker's id, status and fills. */
export interface BrokerOrder extends OrderSpec {
  readonly id: string;
  readonly clientOrderId: string;
  readonly orderClass: OrderClass;
  /**
   * The legs of a bracket, oco or oto parent, as Alpaca nests them (`nested=true`): each its own
   * order with its own id, client order id and status. Absent on simple orders and on the legs.
   */
  readonly legs?: readonly BrokerOrder[];
  /** High-water mark of a trailing stop. */
  readonly hwm?: Decimal;
  readonly status: BrokerOrderStatus;
  readonly filledQty: Decimal;
  readonly filledAvgPrice?: Decimal;
  /**
   * Commission charged on the order so far, over all its executions, where the broker reports one
   * (Alpaca's stock orders carry none: no commission).
   */
  readonly commission?: Decimal;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt: string;
  readonly filledAt?: string;
  readonly canceledAt?: string;
  readonly expiredAt?: string;
  readonly failedAt?: string;
  readonly replacedAt?: string;
  readonly replacedBy?: string;
  readonly replaces?: string;
  /** Why the broker rejected, canceled or expired it, when it says. */
  readonly reason?: string;
}

export interface SubmitOrderRequest extends OrderSpec {
  readonly clientOrderId: string;
  /** `simple` when absent. */
  readonly orderClass?: OrderClass;
  /** The take-profit leg of a bracket, oco or oto: a limit order on the far side. */
  readonly takeProfit?: { readonly limitPrice: Decimal };
  /** The stop-loss leg of a bracket, oco or oto: a stop (or stop-limit) on the near side. */
  readonly stopLoss?: { readonly stopPrice: Decimal; readonly limitPrice?: Decimal };
}

export interface ReplaceOrderRequest {
  readonly qty?: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
  readonly trailPrice?: Decimal;
  readonly timeInForce?: TimeInForce;
  readonly clientOrderId: string;
}

/**
 * One page of GET /v2/orders (nested): newest first, at most `limit` (default 50, at most
 * MAX_ORDERS_PAGE) top-level orders, legs nested in their parent. `beforeOrderId` continues after
 * the last order of the previous page; `listEveryOrder` walks every page.
 */
export interface ListOrdersQuery {
  readonly status: 'open' | 'closed' | 'all';
  /** Only orders submitted after this ISO time. */
  readonly after?: string;
  readonly limit?: number;
  readonly symbols?: readonly string[];
  /** Only orders older than this one (the cursor of the next page). */
  readonly beforeOrderId?: string;
}

/** Alpaca's largest page of orders. */
export const MAX_ORDERS_PAGE = 500;

/**
 * One execution as the account's activities report it (Alpaca's FILL activity). Ids sort in time
 * order (`20261201143000123::<uuid>`), so the last one read is where the next read begins.
 */
export interface FillActivity {
  readonly id: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  /** This execution's quantity and price. */
  readonly qty: Decimal;
  readonly price: Decimal;
  /** The order's filled quantity after this execution, and what was then left of it. */
  readonly cumQty: Decimal;
  readonly leavesQty: Decimal;
  /** The order's status right after this execution: `partially_filled` or `filled`. */
  readonly orderStatus: BrokerOrderStatus;
  readonly transactionTime: string;
  /** This execution's commission, where the broker reports one (Alpaca's activities carry none). */
  readonly commission?: Decimal;
}

/**
 * One page of fill activities. Oldest first, only those after `afterId`; `newestFirst` turns the
 * page around (newest first, only those before `afterId`), which is how the latest id is read.
 */
export interface FillActivityQuery {
  readonly afterId?: string;
  /** At most MAX_ACTIVITIES_PAGE (Alpaca's largest page); 100 when absent. */
  readonly pageSize?: number;
  readonly newestFirst?: boolean;
}

/** Alpaca's largest page of account activities. */
export const MAX_ACTIVITIES_PAGE = 100;

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly qty: Decimal;
  readonly avgEntryPrice: Decimal;
  readonly currentPrice?: Decimal;
  readonly marketValue?: Decimal;
  readonly unrealizedPl?: Decimal;
}

export interface BrokerAccount {
  readonly cash: Decimal;
  readonly equity: Decimal;
  readonly buyingPower: Decimal;
  /** Equity at the previous close: day P&L is equity − lastEquity. */
  readonly lastEquity: Decimal;
  readonly currency: string;
}

export interface MarketClock {
  readonly timestamp: string;
  readonly isOpen: boolean;
  readonly nextOpen?: string;
  readonly nextClose?: string;
}

export type TradeUpdateEvent =
  | 'new'
  | 'held'
  | 'pending_new'
  | 'partial_fill'
  | 'fill'
  | 'canceled'
  | 'expired'
  | 'done_for_day'
  | 'replaced'
  | 'rejected'
  | 'pending_cancel'
  | 'pending_replace'
  | 'order_cancel_rejected'
  | 'order_replace_rejected'
  | 'stopped'
  | 'suspended'
  | 'calculated';

/** One message of the trade-updates stream, as Alpaca's `trade_updates`. */
export interface TradeUpdate {
  readonly event: TradeUpdateEvent;
  readonly order: BrokerOrder;
  readonly timestamp: string;
  readonly executionId?: string;
  /** Price of this execution (fills only). */
  readonly price?: Decimal;
  /** Quantity of this execution (fills only). */
  readonly qty?: Decimal;
  /** The account's position in the symbol after this event (fills only), signed. */
  readonly positionQty?: Decimal;
  /** Commission charged for this execution, where the broker reports one. */
  readonly commission?: Decimal;
}

/**
 * What the market shows for a symbol. Alpaca's quote stream carries bid and ask only: `last` comes
 * from trades and `prevClose` from a snapshot, so either may be unknown.
 */
export interface Quote {
  readonly symbol: string;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly bidSize: Decimal;
  readonly askSize: Decimal;
  readonly last?: Decimal;
  /** Previous session close, for the day's change. */
  readonly prevClose?: Decimal;
  /** When the quote was made, by the market's clock. */
  readonly timestamp: string;
}

/** One trade printed on the market. */
export interface MarketTrade {
  readonly symbol: string;
  readonly price: Decimal;
  readonly size: Decimal;
  readonly timestamp: string;
}

export interface MarketDataHandlers {
  readonly quote?: (quote: Quote) => void;
  readonly trade?: (trade: MarketTrade) => void;
}

export type ConnectionHealth = 'connecting' | 'ok' | 'degraded' | 'down';

export interface ConnectionState {
  readonly rest: ConnectionHealth;
  readonly stream: ConnectionHealth;
}

export type Unsubscribe = () => void;

/** One bar of history, in the shape every bar has. */
export type PriceBar = Bar;

export interface RecentBarsRequest {
  readonly symbol: string;
  readonly timeframeMs: number;
  /** Epoch ms: only bars that ended at or before it. */
  readonly before: number;
  readonly count: number;
}

/**
 * Prices, apart from trading: Alpaca serves them from another host, with other limits (one stream
 * per account, 30 symbols on the free plan), and a backtest reads them from files.
 */
export interface MarketData {
  /**
   * How many symbols one subscription may stream (Alpaca's free plan: 30); unlimited when absent.
   * Past it subscribeMarketData throws, so a client picks which symbols stream.
   */
  readonly maxStreamedSymbols?: number;
  /** First prices: the latest quote, the last trade and the previous close of each known symbol. */
  getSnapshots(symbols: readonly string[]): Promise<Quote[]>;
  /** The latest quote of each symbol the market knows; unknown symbols are left out. */
  getLatestQuotes(symbols: readonly string[]): Promise<Quote[]>;
  getLatestTrades(symbols: readonly string[]): Promise<MarketTrade[]>;
  /** Quotes and trades for these symbols as they happen; nothing is sent for the current ones on subscribing. */
  subscribeMarketData(symbols: readonly string[], handlers: MarketDataHandlers): Unsubscribe;
  /**
   * History for warming a strategy up: up to `count` whole bars of `timeframeMs` that ended at or
   * before `before`, oldest first, the bar still forming at `before` left out. Fewer when the
   * source has fewer (a quiet symbol, a market that was closed); [] when it has none at that
   * timeframe or does not know the symbol. Absent when the source keeps no history.
   */
  recentBars?(request: RecentBarsRequest): Promise<readonly PriceBar[]>;
}

/** Trading: orders, positions, the account, and the trade-updates stream. */
export interface Broker {
  /** `sim`, `paper` or `live`: what the status bar badge says. */
  readonly mode: 'sim' | 'paper' | 'live';

  submitOrder(request: SubmitOrderRequest): Promise<BrokerOrder>;
  /** Asks for a cancel. Success means the request was accepted, not that the order is canceled. */
  cancelOrder(orderId: string): Promise<void>;
  replaceOrder(orderId: string, request: ReplaceOrderRequest): Promise<BrokerOrder>;
  getOrder(orderId: string): Promise<BrokerOrder>;
  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder>;
  /** One page, as ListOrdersQuery says; `listEveryOrder` reads them all. */
  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]>;
  /** One page of the account's fill activities, as FillActivityQuery says. */
  listFillActivities(query: FillActivityQuery): Promise<FillActivity[]>;
  getPositions(): Promise<BrokerPosition[]>;
  getAccount(): Promise<BrokerAccount>;
  getClock(): Promise<MarketClock>;
  /** Whether the broker knows the symbol and it can be traded. */
  isTradable(symbol: string): Promise<boolean>;

  subscribeTradeUpdates(handler: (update: TradeUpdate) => void): Unsubscribe;
  connection(): ConnectionState;
  onConnectionChange(handler: (state: ConnectionState) => void): Unsubscribe;

  /** Stops every timer, socket and task the adapter owns. */
  close(): Promise<void>;
}
