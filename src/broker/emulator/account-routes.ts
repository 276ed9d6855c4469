import { fromBrokerAccount, fromBrokerPosition, type AlpacaAccountIdentityJson } from '../alpaca/wire-account.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

/** Positions and the account, as Alpaca's v2 REST serves them (the clock is in calendar-routes). */
export const ACCOUNT_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/v2\/positions$/, handle: positions },
  { method: 'GET', path: /^\/v2\/account$/, handle: account },
];

/** The money from the sim; who the account is from the sim's id, so a key keeps its account number across restarts. */
async function account({ exchange }: RouteRequest): Promise<Answer> {
  const tag = exchange.id.replace(/^sim-/, '').toUpperCase();
  const identity: AlpacaAccountIdentityJson = {
    id: `00000000-0000-4000-8000-${tag.padStart(12, '0').slice(-12).toLowerCase()}`,
    account_number: `PA${tag.padStart(10, '0').slice(-10)}`,
    status: 'ACTIVE',
    trading_blocked: false,
    account_blocked: false,
  };
  return ok({ ...identity, ...fromBrokerAccount(await exchange.getAccount()) });
}

/** With `positionLag`, a fill shows in the positions only that long after it (alpaca-behaviours.md §1.6 item 9). */
async function positions({ exchange, faults }: RouteRequest): Promise<Answer> {
  const current = await exchange.getPositions();
  return ok((faults.laggedPositions() ?? current).map(fromBrokerPosition));
}
