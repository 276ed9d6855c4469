import { randomUUID } from 'node:crypto';
import type { Decimal } from '../../domain/decimal.js';
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE, type OrderClass } from '../../domain/order-types.js';
import { AlpacaWireError, decimal, oneOf, optionalDecimal, optionalText, text, wireObject, type WireObject } from '../alpaca/wire-fields.js';
import { ORDER_CLASSES, type ListOrdersQuery, type ReplaceOrderRequest, type SubmitOrderRequest } from '../port.js';

/**
 * The reverse of wire-requests.ts: what an Alpaca client sends to the order endpoints, read into the
 * port's requests. A malformed field throws AlpacaWireError naming it (answered 422).
 */

const SUBMIT = 'order request';
const REPLACE = 'replace request';
const LIST_STATUSES = ['open', 'closed', 'all'] as const;

/** POST /v2/orders. Alpaca makes up a client order id when none is sent, and so does the emulator. */
export function parseSubmitBody(json: unknown): SubmitOrderRequest {
  const body = wireObject(json, SUBMIT);
  const takeProfit = optionalObject(body, 'take_profit');
  const stopLoss = optionalObject(body, 'stop_loss');
  return {
    symbol: text(body, 'symbol', SUBMIT),
    side: oneOf(body, 'side', SIDES, SUBMIT),
    type: oneOf(body, 'type', ORDER_TYPES, SUBMIT),
    timeInForce: oneOf(body, 'time_in_force', TIMES_IN_FORCE, SUBMIT),
    clientOrderId: optionalText(body, 'client_order_id', SUBMIT) ?? randomUUID(),
    orderClass: orderClass(body),
    ...decimals(body, SUBMIT, { qty: 'qty', notional: 'notional', limitPrice: 'limit_price', stopPrice: 'stop_price', trailPrice: 'trail_price', trailPercent: 'trail_percent' }),
    ...(takeProfit !== undefined && { takeProfit: { limitPrice: decimal(numbersAsText(takeProfit, 'limit_price'), 'limit_price', `${SUBMIT} take_profit`) } }),
    ...(stopLoss !== undefined && {
      stopLoss: {
        stopPrice: decimal(numbersAsText(stopLoss, 'stop_price'), 'stop_price', `${SUBMIT} stop_loss`),
        ...decimals(stopLoss, `${SUBMIT} stop_loss`, { limitPrice: 'limit_price' }),
      },
    }),
  };
}

/** PATCH /v2/orders/{id}: the new trail amount is `trail`, and the client order id is optional. */
export function parseReplaceBody(json: unknown): ReplaceOrderRequest {
  const body = wireObject(json, REPLACE);
  const timeInForce = body.time_in_force === undefined || body.time_in_force === null ? undefined : oneOf(body, 'time_in_force', TIMES_IN_FORCE, REPLACE);
  return {
    clientOrderId: optionalText(body, 'client_order_id', REPLACE) ?? randomUUID(),
    ...decimals(body, REPLACE, { qty: 'qty', limitPrice: 'limit_price', stopPrice: 'stop_price', trailPrice: 'trail' }),
    ...(timeInForce !== undefined && { timeInForce }),
  };
}

/**
 * GET /v2/orders. The emulator answers as Blotter asks (newest first, legs nested in their parent),
 * so it refuses the orderings and flat lists it does not serve rather than answer them wrongly.
 */
export function parseListQuery(params: URLSearchParams): ListOrdersQuery {
  const what = 'order list query';
  const status = params.get('status') ?? 'open';
  if (!(LIST_STATUSES as readonly string[]).includes(status)) {
    throw new AlpacaWireError(`${what}: "status" is "${status}", expected one of ${LIST_STATUSES.join(', ')}`);
  }
  const direction = params.get('direction');
  if (direction !== null && direction !== 'desc') {
    throw new AlpacaWireError(`${what}: "direction" is "${direction}"; the emulator lists newest first only (desc)`);
  }
  const nested = params.get('nested');
  if (nested !== null && nested !== 'true') {
    throw new AlpacaWireError(`${what}: "nested" is "${nested}"; the emulator always nests legs in their parent (true)`);
  }
  for (const unsupported of ['until', 'after_order_id', 'side']) {
    if (params.has(unsupported)) throw new AlpacaWireError(`${what}: "${unsupported}" is not supported by the emulator; page with before_order_id`);
  }
  const limit = params.get('limit');
  const after = params.get('after');
  const symbols = params.get('symbols');
  const beforeOrderId = params.get('before_order_id');
  return {
    status: status as ListOrdersQuery['status'],
    ...(limit !== null && { limit: wholeNumber(limit, 'limit', what) }),
    ...(after !== null && { after }),
    ...(symbols !== null && { symbols: symbols.split(',').map((s) => s.trim()).filter((s) => s !== '') }),
    ...(beforeOrderId !== null && { beforeOrderId }),
  };
}

function orderClass(body: WireObject): OrderClass {
  return optionalText(body, 'order_class', SUBMIT) === undefined ? 'simple' : oneOf(body, 'order_class', ORDER_CLASSES, SUBMIT);
}

function optionalObject(body: WireObject, field: string): WireObject | undefined {
  const value = body[field];
  return value === undefined || value === null ? undefined : wireObject(value, `${SUBMIT} ${field}`);
}

function decimals<K extends string>(body: WireObject, what: string, fields: Record<K, string>) {
  const out: Partial<Record<K, Decimal>> = {};
  for (const key of Object.keys(fields) as K[]) {
    const value = optionalDecimal(numbersAsText(body, fields[key]), fields[key], what);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Alpaca takes a quantity or a price as a JSON number as well as a string (the SDK sends strings),
 * so a request's numbers are read as the decimal they print as. Answers always carry strings.
 */
function numbersAsText(body: WireObject, field: string): WireObject {
  const value = body[field];
  return typeof value === 'number' && Number.isFinite(value) ? { ...body, [field]: String(value) } : body;
}

function wholeNumber(text: string, field: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new AlpacaWireError(`${what}: "${field}" should be a whole number, got "${text}"`);
  return Number(text);
}
