import { ONE, type Decimal } from './decimal.js';
import type { OrderSpec, OrderType } from './order-types.js';

/** The smallest dollar amount an order may be for (Alpaca: "cost basis must be >= 1"). */
export const MIN_NOTIONAL: Decimal = ONE;

/** Which rule for fractional shares and dollar amounts an order breaks. */
export type FractionalBreach = 'type' | 'time_in_force' | 'protection';

/**
 * The broker trades fractional shares and dollar amounts only as simple day orders: shares at
 * market or with a limit, dollars at market, and without take-profit or stop-loss orders (those are
 * GTC). Whole shares are never held to these rules.
 */
export function fractionalBreach(spec: Pick<OrderSpec, 'qty' | 'notional' | 'type' | 'timeInForce'>, hasProtection: boolean): FractionalBreach | undefined {
  const dollars = spec.notional !== undefined;
  if (!dollars && (spec.qty === undefined || spec.qty.isInteger())) return undefined;
  if (!fractionalTypes(dollars).includes(spec.type)) return 'type';
  if (spec.timeInForce !== 'day') return 'time_in_force';
  return hasProtection ? 'protection' : undefined;
}

/** The order types a fractional quantity (or, `dollars`, a dollar amount) may have. */
export function fractionalTypes(dollars: boolean): readonly OrderType[] {
  return dollars ? ['market'] : ['market', 'limit'];
}
