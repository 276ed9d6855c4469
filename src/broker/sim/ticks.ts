import { Decimal, ONE, dec } from '../../domain/decimal.js';

const CENT = dec('0.01');
const HUNDREDTH_CENT = dec('0.0001');

/** US equity minimum increment: a cent at or above $1, a hundredth of a cent below. */
export function tickSize(price: Decimal): Decimal {
  return price.abs().gte(ONE) ? CENT : HUNDREDTH_CENT;
}

export function isOnTick(price: Decimal): boolean {
  return price.mod(tickSize(price)).isZero();
}

export function roundToTick(price: Decimal): Decimal {
  return price.toNearest(tickSize(price), Decimal.ROUND_HALF_EVEN);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
