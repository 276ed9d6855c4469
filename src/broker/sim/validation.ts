import type { Decimal } from '../../domain/decimal.js';
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE, type OrderSpec, type OrderType } from '../../domain/order-types.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import { BrokerError } from '../errors.js';
import type { SubmitOrderRequest } from '../port.js';
import { planOrder, type OrderPlan } from './order-classes.js';
import { checkPrice, invalid } from './refusal.js';

const CLIENT_ORDER_ID_MAX = 128;
const QTY_PLACES = 9;
const NOTIONAL_PLACES = 2;

export interface SubmitContext {
  isKnownSymbol(symbol: string): boolean;
  isClientOrderIdTaken(clientOrderId: string): boolean;
}

/**
 * Checks a new order the way Alpaca's POST /v2/orders does: anything wrong with the request itself
 * is a synchronous 422 with a reason the trader can act on. Returns what to make, the symbol
 * normalized.
 */
export function validateSubmit(request: SubmitOrderRequest, context: SubmitContext): OrderPlan {
  checkClientOrderId(request.clientOrderId, context);
  const symbol = normalizeSymbol(String(request.symbol));
  if (!context.isKnownSymbol(symbol)) {
    throw new BrokerError('rejected', `unknown symbol ${symbol}`, { status: 422, reason: 'unknown_symbol' });
  }
  const plan = planOrder({ ...request, symbol });
  validateSpec(plan.parent);
  return plan;
}

export function checkClientOrderId(clientOrderId: string, context: SubmitContext): void {
  if (typeof clientOrderId !== 'string' || clientOrderId.length === 0) throw invalid('client_order_id is required');
  if (clientOrderId.length > CLIENT_ORDER_ID_MAX) {
    throw invalid(`client_order_id must be at most ${CLIENT_ORDER_ID_MAX} characters`);
  }
  if (context.isClientOrderIdTaken(clientOrderId)) {
    throw new BrokerError('rejected', 'client_order_id must be unique', { status: 422, reason: 'duplicate_client_order_id' });
  }
}

/** The rules on type, time in force, quantity and prices; shared by submit and replace. */
export function validateSpec(spec: OrderSpec): void {
  if (!SIDES.includes(spec.side)) throw invalid(`invalid side: ${String(spec.side)}`);
  if (!ORDER_TYPES.includes(spec.type)) throw invalid(`invalid order type: ${String(spec.type)}`);
  if (!TIMES_IN_FORCE.includes(spec.timeInForce)) throw invalid(`invalid time_in_force: ${String(spec.timeInForce)}`);
  if (spec.timeInForce === 'opg' || spec.timeInForce === 'cls') {
    throw invalid(`${spec.timeInForce} orders are not supported by the simulator`);
  }
  if ((spec.timeInForce === 'ioc' || spec.timeInForce === 'fok') && spec.type !== 'market' && spec.type !== 'limit') {
    throw invalid(`${spec.timeInForce} orders must be market or limit orders`);
  }
  checkSize(spec);
  checkPrices(spec);
}

/**
 * Alpaca's rules for shares and dollars: a fractional quantity only in a market or limit day order,
 * a notional only in a market day order and worth at least $1 (its 403 "cost basis must be >= 1").
 * That they be simple orders is the order classes' rule (planOrder), checked first.
 */
function checkSize(spec: OrderSpec): void {
  if (spec.qty !== undefined && spec.notional !== undefined) throw invalid('qty and notional cannot both be set');
  if (spec.qty === undefined && spec.notional === undefined) throw invalid('qty or notional is required');
  if (spec.qty !== undefined) {
    if (spec.qty.lte(0)) throw invalid('qty must be > 0');
    if (spec.qty.decimalPlaces() > QTY_PLACES) throw invalid(`qty must have at most ${QTY_PLACES} decimal places`);
    if (!spec.qty.isInteger()) checkFractional(spec, ['market', 'limit']);
  }
  if (spec.notional !== undefined) {
    if (spec.notional.lte(0)) throw invalid('notional must be > 0');
    if (spec.notional.decimalPlaces() > NOTIONAL_PLACES) {
      throw invalid(`notional must have at most ${NOTIONAL_PLACES} decimal places`);
    }
    checkFractional(spec, ['market']);
    if (spec.notional.lt(1)) throw new BrokerError('rejected', 'cost basis must be >= 1', { status: 403 });
  }
}

function checkFractional(spec: OrderSpec, types: readonly OrderType[]): void {
  if (!types.includes(spec.type)) throw invalid(`fractional orders must be ${types.join(' or ')} orders`);
  if (spec.timeInForce !== 'day') throw invalid('fractional orders must be DAY orders');
}

function checkPrices(spec: OrderSpec): void {
  const needsLimit = spec.type === 'limit' || spec.type === 'stop_limit';
  const needsStop = spec.type === 'stop' || spec.type === 'stop_limit';
  const trailing = spec.type === 'trailing_stop';
  requirePresence(spec.limitPrice, needsLimit, 'limit_price', spec.type);
  requirePresence(spec.stopPrice, needsStop, 'stop_price', spec.type);
  if (!trailing && (spec.trailPercent !== undefined || spec.trailPrice !== undefined)) {
    throw invalid(`trail_percent and trail_price are not allowed for ${spec.type} orders`);
  }
  if (trailing) {
    if (spec.trailPercent === undefined && spec.trailPrice === undefined) {
      throw invalid('trail_percent or trail_price is required for trailing_stop orders');
    }
    if (spec.trailPercent !== undefined && spec.trailPrice !== undefined) {
      throw invalid('only one of trail_percent and trail_price may be set');
    }
    if (spec.trailPercent !== undefined && (spec.trailPercent.lte(0) || spec.trailPercent.gte(100))) {
      throw invalid('trail_percent must be between 0 and 100');
    }
  }
  checkPrice(spec.limitPrice, 'limit_price');
  checkPrice(spec.stopPrice, 'stop_price');
  checkPrice(spec.trailPrice, 'trail_price');
}

function requirePresence(value: Decimal | undefined, needed: boolean, name: string, type: string): void {
  if (needed && value === undefined) throw invalid(`${name} is required for ${type} orders`);
  if (!needed && value !== undefined) throw invalid(`${name} is not allowed for ${type} orders`);
}
