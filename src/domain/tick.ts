import { Decimal, ONE, dec } from './decimal.js';

const CENT = dec('0.01');
const HUNDREDTH_CENT = dec('0.0001');

/**
 * The US equity minimum price increment (SEC Rule 612), the one rule for what a price may be: a
 * cent at or above $1, a hundredth of a cent below. The exchange refuses an order off it and the
 * command line refuses the same price before it is sent.
 */
export function tickSize(price: Decimal): Decimal {
  return price.abs().gte(ONE) ? CENT : HUNDREDTH_CENT;
}

export function isOnTick(price: Decimal): boolean {
  return price.mod(tickSize(price)).isZero();
}

export function roundToTick(price: Decimal): Decimal {
  return price.toNearest(tickSize(price), Decimal.ROUND_HALF_EVEN);
}

/** The rule as it applies to `price`, for a refusal: `steps of 0.01 at or above $1`. */
export function tickRule(price: Decimal): string {
  return price.abs().gte(ONE) ? `steps of ${CENT.toString()} at or above $1` : `steps of ${HUNDREDTH_CENT.toString()} below $1`;
}

/** The prices on the tick either side of `price`, lower first. */
export function ticksAround(price: Decimal): readonly [Decimal, Decimal] {
  const tick = tickSize(price);
  return [price.toNearest(tick, Decimal.ROUND_FLOOR), price.toNearest(tick, Decimal.ROUND_CEIL)];
}
