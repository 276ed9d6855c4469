import type { Decimal } from '../../domain/decimal.js';
import { BlotterError } from '../../domain/errors.js';
import { MAX_ORDERS_PAGE, type ListOrdersQuery, type ReplaceOrderRequest, type SubmitOrderRequest } from '../port.js';

/** The bodies and query strings Blotter sends to Alpaca's order endpoints, decimals as strings. */

/** POST /v2/orders, as the SDK's builders write it (see alpaca.md §1.4 for a verified bracket body). */
export interface AlpacaSubmitBody {
  symbol: string;
  side: string;
  type: string;
  time_in_force: string;
  client_order_id: string;
  order_class: string;
  qty?: string;
  notional?: string;
  limit_price?: string;
  stop_price?: string;
  trail_price?: string;
  trail_percent?: string;
  take_profit?: { limit_price: string };
  stop_loss?: { stop_price: string; limit_price?: string };
}

/** PATCH /v2/orders/{id}. Alpaca names the new trail amount `trail`, not `trail_price`. */
export interface AlpacaReplaceBody {
  client_order_id: string;
  qty?: string;
  limit_price?: string;
  stop_price?: string;
  trail?: string;
  time_in_force?: string;
}

export function toSubmitBody(request: SubmitOrderRequest): AlpacaSubmitBody {
  const { takeProfit, stopLoss } = request;
  return {
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    time_in_force: request.timeInForce,
    client_order_id: request.clientOrderId,
    order_class: request.orderClass ?? 'simple',
    ...decimals({
      qty: request.qty,
      notional: request.notional,
      limit_price: request.limitPrice,
      stop_price: request.stopPrice,
      trail_price: request.trailPrice,
      trail_percent: request.trailPercent,
    }),
    ...(takeProfit !== undefined && { take_profit: { limit_price: takeProfit.limitPrice.toString() } }),
    ...(stopLoss !== undefined && {
      stop_loss: {
        stop_price: stopLoss.stopPrice.toString(),
        ...(stopLoss.limitPrice !== undefined && { limit_price: stopLoss.limitPrice.toString() }),
      },
    }),
  };
}

export function toReplaceBody(request: ReplaceOrderRequest): AlpacaReplaceBody {
  return {
    client_order_id: request.clientOrderId,
    ...decimals({ qty: request.qty, limit_price: request.limitPrice, stop_price: request.stopPrice, trail: request.trailPrice }),
    ...(request.timeInForce !== undefined && { time_in_force: request.timeInForce }),
  };
}

/**
 * GET /v2/orders query: newest first and legs nested in their parent, which is what the port's
 * paging assumes. `before_order_id` is the cursor the SDK's getAllOrders sends as `beforeOrderId`.
 */
export function toListParams(query: ListOrdersQuery): Record<string, string> {
  const { limit } = query;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_ORDERS_PAGE)) {
    throw new BlotterError(`order list limit ${limit} is out of range: Alpaca takes a whole number from 1 to ${MAX_ORDERS_PAGE}`);
  }
  return {
    status: query.status,
    direction: 'desc',
    nested: 'true',
    ...(limit !== undefined && { limit: String(limit) }),
    ...(query.after !== undefined && { after: query.after }),
    ...(query.symbols !== undefined && query.symbols.length > 0 && { symbols: query.symbols.join(',') }),
    ...(query.beforeOrderId !== undefined && { before_order_id: query.beforeOrderId }),
  };
}

function decimals<K extends string>(fields: Record<K, Decimal | undefined>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of Object.keys(fields) as K[]) {
    const value = fields[key];
    if (value !== undefined) out[key] = value.toString();
  }
  return out;
}
