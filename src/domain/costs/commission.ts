import { Decimal, ZERO, dec, maxDec } from '../decimal.js';
import type { Side } from '../order-types.js';

export interface CommissionContext {
  readonly side: Side;
  /** This execution. */
  readonly qty: Decimal;
  readonly price: Decimal;
  /** What earlier executions of the same order filled and were charged. */
  readonly priorQty: Decimal;
  readonly priorCommission: Decimal;
}

/**
 * The charge for one execution, in dollars and cents. Order-level rules (a minimum, a flat fee) are
 * met across the order's executions: the model charges the order's total so far minus what it
 * already charged, so partial fills are not billed a minimum each.
 */
export interface CommissionModel {
  readonly name: string;
  commission(context: CommissionContext): Decimal;
}

export function zeroCommission(): CommissionModel {
  return { name: 'zero', commission: () => ZERO };
}

export interface PerShareOptions {
  readonly perShare: Decimal | string;
  /** Least charged for an order that fills at all. */
  readonly minimum?: Decimal | string;
}

export function perShareCommission(options: PerShareOptions): CommissionModel {
  const perShare = nonNegative(dec(options.perShare), 'perShare');
  const minimum = nonNegative(dec(options.minimum ?? 0), 'minimum');
  return {
    name: `per share ${perShare.toString()} min ${minimum.toString()}`,
    commission(context) {
      const total = maxDec(minimum, cents(perShare.times(context.priorQty.plus(context.qty))));
      return maxDec(ZERO, total.minus(context.priorCommission));
    },
  };
}

/** A percentage of each execution's notional (`0.1` is 0.1 %). */
export function percentCommission(percent: Decimal | string): CommissionModel {
  const rate = nonNegative(dec(percent), 'percent').div(100);
  return {
    name: `${rate.times(100).toString()} % of notional`,
    commission: ({ qty, price }) => cents(qty.times(price).times(rate)),
  };
}

/** A flat fee per order, charged on its first execution. */
export function fixedCommission(amount: Decimal | string): CommissionModel {
  const fee = cents(nonNegative(dec(amount), 'amount'));
  return {
    name: `fixed ${fee.toFixed(2)} per order`,
    commission: ({ priorQty }) => (priorQty.isZero() ? fee : ZERO),
  };
}

function cents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

function nonNegative(value: Decimal, name: string): Decimal {
  if (value.lt(ZERO)) throw new RangeError(`commission ${name} must not be negative`);
  return value;
}
