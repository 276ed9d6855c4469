import { fromBrokerAccount, fromBrokerPosition, fromMarketClock } from '../alpaca/wire-account.js';
import { ok, type Route } from './route.js';

/** Positions, the account and the market clock, as Alpaca's v2 REST serves them. */
export const ACCOUNT_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/v2\/positions$/, handle: async ({ exchange }) => ok((await exchange.getPositions()).map(fromBrokerPosition)) },
  { method: 'GET', path: /^\/v2\/account$/, handle: async ({ exchange }) => ok(fromBrokerAccount(await exchange.getAccount())) },
  { method: 'GET', path: /^\/v2\/clock$/, handle: async ({ exchange }) => ok(fromMarketClock(await exchange.getClock())) },
];
