import { Decimal } from '../domain/decimal.js';

/**
 * Exact money in plain numbers: a whole count of units of 10^-8, the fast ledger of a backtest
 * without costs. Whole numbers up to 2^53 − 1 add, subtract and multiply exactly in a Number, and a
 * result past that is detected (a rounded result is never below the true one in size), so every
 * amount here is either exact or refused with NaN, and the run then keeps its money in decimals.
 * A decimal.js operation costs more than a whole bar of the loop; this is what lets a run
 * of a million bars book tens of thousands of fills and still go at millions of bars a second.
 */
export const UNIT_DECIMALS = 8;
const UNITS_PER_ONE = 10 ** UNIT_DECIMALS;

/** `value` when it is a whole number of units an operation on it keeps exact; NaN otherwise. */
export function exact(value: number): number {
  return value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER ? value : Number.NaN;
}

/** Below this size a float's neighbours are closer than a unit, which makes its units unique (unitsOfFloat). */
const UNIQUE_BELOW = 2 ** 25;

/**
 * The units of a price float read as its shortest decimal (what `new Decimal(price)` reads): NaN
 * when that has more than 8 decimals or too many digits. Below 2^25 the reals that round to a
 * float span less than a unit, so at most one whole number of units rounds to it, and the
 * shortest decimal, having no more digits than that one, is it: a quotient that gives the float
 * back settles it without text. Other floats are read from their text, so no rounding decides.
 */
export function unitsOfFloat(price: number): number {
  const units = Math.round(price * UNITS_PER_ONE);
  if (units / UNITS_PER_ONE === price && Math.abs(price) < UNIQUE_BELOW) return units;
  const text = String(price);
  const dot = text.indexOf('.');
  if (dot === -1) return text.includes('e') ? Number.NaN : exact(Number(text) * UNITS_PER_ONE);
  const decimals = text.length - dot - 1;
  if (decimals > UNIT_DECIMALS || text.includes('e')) return Number.NaN;
  const digits = Number(text.slice(0, dot) + text.slice(dot + 1));
  if (!(Math.abs(digits) <= Number.MAX_SAFE_INTEGER)) return Number.NaN;
  return exact(digits * 10 ** (UNIT_DECIMALS - decimals));
}

/** The units of a decimal amount; NaN when it has more than 8 decimals or too many digits. */
export function unitsOfDecimal(amount: Decimal): number {
  if (amount.decimalPlaces() > UNIT_DECIMALS) return Number.NaN;
  const units = amount.times(UNITS_PER_ONE);
  return units.abs().lte(Number.MAX_SAFE_INTEGER) ? units.toNumber() : Number.NaN;
}

export function decimalOfUnits(units: number): Decimal {
  return new Decimal(`${units}e-${UNIT_DECIMALS}`);
}

/** The float nearest an amount of units: one correctly rounded division, as Decimal#toNumber gives it. */
export function valueOfUnits(units: number): number {
  return units / UNITS_PER_ONE;
}

/** ⌊amount / price⌋ for units, both exact, price above 0: the float quotient corrected by exact products. */
export function wholeTimes(amount: number, price: number): number {
  if (amount <= 0) return 0;
  let times = Math.floor(amount / price);
  while (times > 0 && times * price > amount) times -= 1;
  while ((times + 1) * price <= amount) times += 1;
  return times;
}
