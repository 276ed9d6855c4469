import { parseDecimal, type Decimal } from '../domain/decimal.js';
import { echo } from './clip.js';
import { fail, ok, type Parsed } from './result.js';

/** What a number in a command stands for, and how finely it may be given. */
export interface AmountRule {
  readonly noun: string;
  readonly maxDecimals: number;
}

// Brokers accept fractional shares to 9 places, prices to 4 (sub-penny below $1) and money in cents.
export const QUANTITY: AmountRule = { noun: 'quantity', maxDecimals: 9 };
export const PRICE: AmountRule = { noun: 'price', maxDecimals: 4 };
export const STOP_PRICE: AmountRule = { noun: 'stop price', maxDecimals: 4 };
export const TRAIL_AMOUNT: AmountRule = { noun: 'trail amount', maxDecimals: 4 };
export const NOTIONAL: AmountRule = { noun: 'dollar amount', maxDecimals: 2 };
export const TAKE_PROFIT: AmountRule = { noun: 'take-profit price', maxDecimals: 4 };
export const STOP_LOSS: AmountRule = { noun: 'stop-loss price', maxDecimals: 4 };

/** Reads a positive decimal; `shown` is how the word appears in the message when it isn't `text`. */
export function parsePositive(text: string, rule: AmountRule, example: string, shown = text): Parsed<Decimal> {
  const value = parseDecimal(text);
  if (value === undefined) return fail(`'${echo(shown)}' is not a ${rule.noun}; write a number, e.g. ${example}`);
  if (!value.gt(0)) return fail(`${rule.noun} must be a positive number, e.g. ${example}`);
  if (value.decimalPlaces() > rule.maxDecimals) {
    return fail(`${rule.noun} ${echo(shown)} has more than ${rule.maxDecimals} decimals, e.g. ${example}`);
  }
  return ok(value);
}

export function looksNumeric(word: string): boolean {
  return parseDecimal(word) !== undefined;
}
