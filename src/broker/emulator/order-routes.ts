import { ZERO, maxDec } from '../../domain/decimal.js';
import { isRejection, type BrokerError } from '../errors.js';
import { fromBrokerOrder } from '../alpaca/wire-order.js';
import { AlpacaWireError } from '../alpaca/wire-fields.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import type { BrokerOrder, SubmitOrderRequest } from '../port.js';
import { errorAnswer } from './envelope.js';
import { parseListQuery, parseReplaceBody, parseSubmitBody } from './parse-requests.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

const ORDER_ID = '([^/:]+)';

/** The trading endpoints for orders, as Alpaca's v2 REST serves them. */
export const ORDER_ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/v2\/orders$/, handle: submit },
  { method: 'GET', path: /^\/v2\/orders$/, handle: async ({ exchange, query }) => ok((await exchange.listOrders(parseListQuery(query))).map(fromBrokerOrder)) },
  { method: 'GET', path: /^\/v2\/orders:by_client_order_id$/, handle: byClientOrderId },
  { method: 'GET', path: new RegExp(`^/v2/orders/${ORDER_ID}$`), handle: async ({ exchange, params }) => ok(fromBrokerOrder(await exchange.getOrder(params[0] as string))) },
  { method: 'PATCH', path: new RegExp(`^/v2/orders/${ORDER_ID}$`), handle: replace },
  { method: 'DELETE', path: new RegExp(`^/v2/orders/${ORDER_ID}$`), handle: cancel },
];

/**
 * With `fillBeforeAck` the answer waits for the order's execution (or end) to go out on the
 * stream first, as Alpaca's paper answers sometimes do: clients must match such an early update
 * by client order id (alpaca-behaviours.md §2.1).
 */
async function submit({ exchange, faults, body }: RouteRequest): Promise<Answer> {
  const request = parseSubmitBody(await body());
  const hold = faults.roll('fillBeforeAck') ? faults.holdAnswer(request.clientOrderId) : undefined;
  let order: BrokerOrder;
  try {
    order = await exchange.submitOrder(request);
  } catch (error) {
    hold?.cancel();
    if (!isRejection(error, 'insufficient_qty')) throw error;
    return heldQtyAnswer(error, exchange, request);
  }
  await hold?.released;
  return ok(fromBrokerOrder(order));
}

async function byClientOrderId({ exchange, query }: RouteRequest): Promise<Answer> {
  const clientOrderId = query.get('client_order_id');
  if (clientOrderId === null || clientOrderId === '') throw new AlpacaWireError('order lookup: missing "client_order_id" query parameter');
  return ok(fromBrokerOrder(await exchange.getOrderByClientId(clientOrderId)));
}

async function replace({ exchange, params, body }: RouteRequest): Promise<Answer> {
  const request = parseReplaceBody(await body());
  return ok(fromBrokerOrder(await exchange.replaceOrder(params[0] as string, request)));
}

async function cancel({ exchange, params }: RouteRequest): Promise<Answer> {
  await exchange.cancelOrder(params[0] as string);
  return { status: 204 };
}

/**
 * Alpaca's held-quantity refusal names the symbol, the shares owned and those open orders hold
 * beside `available`; the sim's error knows only what was free, so the rest is read off the position.
 */
async function heldQtyAnswer(error: BrokerError, exchange: SimExchange, request: SubmitOrderRequest): Promise<Answer> {
  const answer = errorAnswer(error);
  const symbol = request.symbol.toUpperCase();
  const position = (await exchange.getPositions()).find((p) => p.symbol === symbol);
  const existing = position === undefined ? ZERO : position.qty.abs();
  const available = error.quantity?.available;
  const held = available === undefined ? undefined : maxDec(ZERO, existing.minus(available));
  return {
    status: answer.status,
    body: {
      ...answer.body,
      symbol,
      existing_qty: existing.toString(),
      ...(held !== undefined && { held_for_orders: held.toString() }),
    },
  };
}
