import type { Decimal } from './decimal.js';
import type { OrderClass, OrderSpec } from './order-types.js';

/** The take-profit and stop-loss prices an entry asks for. */
export interface ProtectionPrices {
  readonly takeProfit?: Decimal;
  readonly stopLoss?: Decimal;
}

/**
 * How an entry's protection reaches the broker, so that its shares are held once and never by two
 * independent sells. `with_entry`: sent with the entry as one bracket (both prices) or oto (one),
 * the legs waiting at the exchange until it fills. `after_fill`: the entry goes simple and, once
 * shares have filled, the core sends one exit for them, an oco when both prices are given, else a
 * plain limit (take profit) or stop (stop loss).
 */
export type ProtectionPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'with_entry'; readonly entryClass: 'bracket' | 'oto' }
  | { readonly kind: 'after_fill'; readonly exitClass: 'oco' | 'simple' };

export function protectionPlan(spec: Pick<OrderSpec, 'type' | 'timeInForce' | 'qty' | 'notional'>, prices: ProtectionPrices): ProtectionPlan {
  const both = prices.takeProfit !== undefined && prices.stopLoss !== undefined;
  if (prices.takeProfit === undefined && prices.stopLoss === undefined) return { kind: 'none' };
  if (takesLegs(spec)) return { kind: 'with_entry', entryClass: both ? 'bracket' : 'oto' };
  return { kind: 'after_fill', exitClass: both ? 'oco' : 'simple' };
}

/** The class the entry itself is sent as. */
export function entryOrderClass(spec: Pick<OrderSpec, 'type' | 'timeInForce' | 'qty' | 'notional'>, prices: ProtectionPrices): OrderClass {
  const plan = protectionPlan(spec, prices);
  return plan.kind === 'with_entry' ? plan.entryClass : 'simple';
}

/**
 * Alpaca takes a bracket or oto only for an entry at market or with a limit, day or gtc, for whole
 * shares: fractional shares and dollar amounts must be simple orders.
 */
function takesLegs(spec: Pick<OrderSpec, 'type' | 'timeInForce' | 'qty' | 'notional'>): boolean {
  const wholeShares = spec.notional === undefined && spec.qty !== undefined && spec.qty.isInteger();
  return wholeShares && (spec.type === 'market' || spec.type === 'limit') && (spec.timeInForce === 'day' || spec.timeInForce === 'gtc');
}
