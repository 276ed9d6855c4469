import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one numeric type for prices, quantities and money. A private clone of decimal.js so no other
 * code can change its precision or rounding, with exponent notation pushed out of reach so that
 * `toString()` is always plain digits (what the store and the broker expect).
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  // decimal.js's own limits (±9e15): any exponent a Decimal can hold still prints as plain digits.
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = InstanceType<typeof Decimal>;

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Digits grouped in threes by commas (`1,000`, `12,345.5`): the only commas parseDecimal accepts. */
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Builds a Decimal from a decimal string, a bigint or a safe integer; fractional floats are refused. */
export function dec(value: string | bigint | number | Decimal): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`refusing float ${value}: pass a decimal string`);
    return new Decimal(value);
  }
  if (typeof value === 'bigint') return new Decimal(value.toString());
  const text = value.trim();
  if (!PLAIN_NUMBER.test(text)) throw new TypeError(`not a decimal number: "${value}"`);
  return new Decimal(text);
}

/**
 * Parses user or wire text; returns undefined instead of throwing. Accepts `1,000.50`; a comma is
 * only taken as a thousands separator, so `1,5` (a decimal comma) is refused rather than read as 15.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const trimmed = text.trim();
  if (PLAIN_NUMBER.test(trimmed)) return new Decimal(trimmed);
  return GROUPED_NUMBER.test(trimmed) ? new Decimal(trimmed.replace(/,/g, '')) : undefined;
}

export function decOrUndefined(value: string | null | undefined): Decimal | undefined {
  return value === null || value === undefined || value === '' ? undefined : dec(value);
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function sumDec(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Rounds to a price tick: two decimals at or above $1, four below (US equity convention). */
export function roundPrice(price: Decimal): Decimal {
  return price.toDecimalPlaces(price.abs().gte(1) ? 2 : 4, Decimal.ROUND_HALF_EVEN);
}

/** `1234.5` → `1,234.50`; grouping and fixed places, for display only. */
export function formatAmount(value: Decimal, places = 2): string {
  const fixed = value.toFixed(places, Decimal.ROUND_HALF_EVEN);
  const negative = fixed.startsWith('-');
  const digits = negative ? fixed.slice(1) : fixed;
  const dot = digits.indexOf('.');
  const whole = dot === -1 ? digits : digits.slice(0, dot);
  // Written out rather than a look-ahead regex: every fill's log line formats amounts.
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let at = grouped.length; at < whole.length; at += 3) grouped += `,${whole.slice(at, at + 3)}`;
  const body = dot === -1 ? grouped : grouped + digits.slice(dot);
  // A negative that rounds to zero prints without its sign.
  return negative && /[1-9]/.test(digits) ? `-${body}` : body;
}

/** Like formatAmount but always signed: `+412.50`, `-3.10`, `0.00`. */
export function formatSigned(value: Decimal, places = 2): string {
  const body = formatAmount(value, places);
  return value.gt(0) && !/^[0.,]+$/.test(body) ? `+${body}` : body;
}

/** Quantities print with as many decimals as they carry: `10`, `0.5`, `1.25`. */
export function formatQty(value: Decimal): string {
  return value.toString();
}
