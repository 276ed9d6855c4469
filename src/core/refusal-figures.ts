import { Decimal, formatAmount, formatSigned } from '../domain/decimal.js';

/**
 * How a refusal writes its figures: money to the cent, prices with the places they were typed with,
 * shares as given. One wording, so every check names a figure the same way.
 */

export function money(value: Decimal): string {
  return `$${formatAmount(value)}`;
}

export function cents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_DOWN);
}

/** Prices keep the places they were typed with, at least two: `187.00`, `0.1234`. */
export function price(value: Decimal): string {
  return formatAmount(value, Math.max(2, value.decimalPlaces()));
}

export function shares(value: Decimal): string {
  return formatAmount(value, value.decimalPlaces());
}

export function signedShares(value: Decimal): string {
  return formatSigned(value, value.decimalPlaces());
}

export function percent(fraction: Decimal): string {
  const value = fraction.times(100);
  return `${formatAmount(value, value.decimalPlaces())}%`;
}

/** To the price tick, toward `last`, so the range named only holds prices that pass. */
export function roundInward(value: Decimal, rounding: typeof Decimal.ROUND_UP | typeof Decimal.ROUND_DOWN): Decimal {
  return value.toDecimalPlaces(value.abs().gte(1) ? 2 : 4, rounding);
}
