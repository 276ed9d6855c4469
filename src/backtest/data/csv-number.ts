/**
 * A decimal number read straight from the characters of a CSV field. Up to 15 digits and 22 after
 * the point, the digits make an exact integer and the power of ten is exact, so one division
 * rounds once, to the same double Number() gives; anything else (an exponent, spaces, more digits)
 * takes the slow way through Number(), after a check that it is a plain decimal.
 */

/** 10^0 … 10^22: every one exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_DIGITS = 15;
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number in text[start, end), or NaN when it is not a plain decimal (no hex, no Infinity, not empty). */
export function parsePlainNumber(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const sign = text.charCodeAt(i);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) decimals++;
    } else if (c === 46 && !point) {
      point = true;
    } else {
      return slowNumber(text, start, end);
    }
  }
  if (digits === 0) return Number.NaN;
  if (digits > MAX_EXACT_DIGITS || decimals >= POWERS_OF_TEN.length) return slowNumber(text, start, end);
  const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
  return negative ? -value : value;
}

function slowNumber(text: string, start: number, end: number): number {
  const field = text.slice(start, end).trim();
  return PLAIN_DECIMAL.test(field) ? Number(field) : Number.NaN;
}
