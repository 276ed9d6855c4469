import type { Broker, MarketData } from '../port.js';

/** The port operations that are requests to the exchange: each passes the one place faults are injected. */
export type SimOperation = Exclude<
  keyof Broker | keyof MarketData,
  'mode' | 'maxStreamedSymbols' | 'subscribeTradeUpdates' | 'subscribeMarketData' | 'connection' | 'onConnectionChange' | 'close'
>;

// A record rather than a list, so adding a request to the port fails to compile until it is named here.
const OPERATIONS: Record<SimOperation, true> = {
  submitOrder: true,
  cancelOrder: true,
  replaceOrder: true,
  getOrder: true,
  getOrderByClientId: true,
  listOrders: true,
  listFillActivities: true,
  getPositions: true,
  getAccount: true,
  getClock: true,
  getSnapshots: true,
  getLatestQuotes: true,
  getLatestTrades: true,
  recentBars: true,
  isTradable: true,
};

export const SIM_OPERATIONS = Object.keys(OPERATIONS) as readonly SimOperation[];
