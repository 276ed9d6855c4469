import { oppositeSide, specOf, type OrderClass, type OrderSpec, type Side } from '../../domain/order-types.js';
import { ORDER_CLASSES, type SubmitOrderRequest } from '../port.js';
import { checkPrice, invalid } from './refusal.js';

/** What a submit makes: the order it names (an entry, or an oco's take-profit) and the legs that come with it. */
export interface OrderPlan {
  readonly orderClass: OrderClass;
  readonly parent: OrderSpec;
  readonly legs: readonly OrderSpec[];
}

type TakeProfit = SubmitOrderRequest['takeProfit'];
type StopLoss = SubmitOrderRequest['stopLoss'];

/**
 * Alpaca's rules for order classes. A bracket is a market or limit entry with a take-profit limit
 * and a stop-loss stop (or stop-limit) on the other side; an oto has one of the two; an oco is an
 * exit already: a take-profit limit (the order itself) and a stop-loss leg on the same side. All
 * are day or gtc, in whole shares; legs trade the entry's quantity with its time in force.
 */
export function planOrder(request: SubmitOrderRequest): OrderPlan {
  const orderClass = request.orderClass ?? 'simple';
  if (!ORDER_CLASSES.includes(orderClass)) {
    throw invalid(`invalid order_class: ${String(orderClass)} (expected ${ORDER_CLASSES.join(', ')})`);
  }
  const spec = specOf(request);
  const { takeProfit, stopLoss } = request;
  if (orderClass === 'simple') {
    if (takeProfit !== undefined || stopLoss !== undefined) throw invalid('take_profit and stop_loss are only for bracket, oco and oto orders');
    return { orderClass, parent: spec, legs: [] };
  }
  if (spec.notional !== undefined || (spec.qty !== undefined && !spec.qty.isInteger())) throw invalid('fractional orders must be simple orders');
  if (spec.timeInForce !== 'day' && spec.timeInForce !== 'gtc') throw invalid(`${orderClass} orders must be day or gtc orders`);
  checkLegPrices(takeProfit, stopLoss);
  if (orderClass === 'oco') return planOco(spec, takeProfit, stopLoss);
  if (spec.type !== 'market' && spec.type !== 'limit') throw invalid(`${orderClass} orders must be market or limit orders`);
  if (orderClass === 'bracket' && (takeProfit === undefined || stopLoss === undefined)) {
    throw invalid('bracket orders need take_profit.limit_price and stop_loss.stop_price');
  }
  if (orderClass === 'oto' && (takeProfit === undefined) === (stopLoss === undefined)) {
    throw invalid('oto orders need exactly one of take_profit and stop_loss');
  }
  checkOrdering(spec.side, orderClass, takeProfit, stopLoss);
  return { orderClass, parent: spec, legs: legSpecs(spec, oppositeSide(spec.side), takeProfit, stopLoss) };
}

function planOco(spec: OrderSpec, takeProfit: TakeProfit, stopLoss: StopLoss): OrderPlan {
  if (spec.type !== 'limit') throw invalid('oco orders must be limit orders');
  if (takeProfit === undefined || stopLoss === undefined) throw invalid('oco orders need take_profit.limit_price and stop_loss.stop_price');
  if (spec.limitPrice !== undefined && !spec.limitPrice.eq(takeProfit.limitPrice)) {
    throw invalid(`limit_price ${spec.limitPrice.toString()} must equal take_profit.limit_price ${takeProfit.limitPrice.toString()} in an oco order`);
  }
  checkOrdering(oppositeSide(spec.side), 'oco', takeProfit, stopLoss);
  return { orderClass: 'oco', parent: { ...spec, limitPrice: takeProfit.limitPrice }, legs: legSpecs(spec, spec.side, undefined, stopLoss) };
}

function checkLegPrices(takeProfit: TakeProfit, stopLoss: StopLoss): void {
  if (takeProfit !== undefined && takeProfit.limitPrice === undefined) throw invalid('take_profit.limit_price is required');
  if (stopLoss !== undefined && stopLoss.stopPrice === undefined) throw invalid('stop_loss.stop_price is required');
  checkPrice(takeProfit?.limitPrice, 'take_profit.limit_price');
  checkPrice(stopLoss?.stopPrice, 'stop_loss.stop_price');
  checkPrice(stopLoss?.limitPrice, 'stop_loss.limit_price');
}

/** `entrySide`: the side the position is opened on; the exits take profit beyond the stop on that side. */
function checkOrdering(entrySide: Side, orderClass: OrderClass, takeProfit: TakeProfit, stopLoss: StopLoss): void {
  if (takeProfit === undefined || stopLoss === undefined) return;
  const { limitPrice } = takeProfit;
  const { stopPrice } = stopLoss;
  const ordered = entrySide === 'buy' ? limitPrice.gt(stopPrice) : limitPrice.lt(stopPrice);
  if (ordered) return;
  const side = orderClass === 'oco' ? oppositeSide(entrySide) : entrySide;
  throw invalid(
    `take_profit.limit_price ${limitPrice.toString()} must be ${entrySide === 'buy' ? 'above' : 'below'} stop_loss.stop_price ${stopPrice.toString()} for a ${side} ${orderClass}`,
  );
}

function legSpecs(parent: OrderSpec, side: Side, takeProfit: TakeProfit, stopLoss: StopLoss): OrderSpec[] {
  const common = { symbol: parent.symbol, side, timeInForce: parent.timeInForce, ...(parent.qty !== undefined && { qty: parent.qty }) };
  const legs: OrderSpec[] = [];
  if (takeProfit !== undefined) legs.push({ ...common, type: 'limit', limitPrice: takeProfit.limitPrice });
  if (stopLoss !== undefined) {
    legs.push(
      stopLoss.limitPrice === undefined
        ? { ...common, type: 'stop', stopPrice: stopLoss.stopPrice }
        : { ...common, type: 'stop_limit', stopPrice: stopLoss.stopPrice, limitPrice: stopLoss.limitPrice },
    );
  }
  return legs;
}
