import { parseDecimal, type Decimal } from '../domain/decimal.js';
import { isOnTick, tickRule, tickSize, ticksAround } from '../domain/tick.js';
import { echo } from './clip.js';
import { fail, ok, type Parsed } from './result.js';

/**
 * What a number in a command stands for, and how finely it may be given: to so many decimals, or,
 * for a price, on the exchange's tick (the rule the exchange refuses an order by).
 */
export type AmountRule =
  | { readonly noun: string; readonly maxDecimals: number }
  | { readonly noun: string; readonly onTick: true };

// Brokers accept fractional shares to 9 places and money in cents; a trail amount may be a percent.
export const QUANTITY: AmountRule = { noun: 'quantity', maxDecimals: 9 };
export const PRICE: AmountRule = { noun: 'price', onTick: true };
export const STOP_PRICE: AmountRule = { noun: 'stop price', onTick: true };
export const TRAIL_PERCENT: AmountRule = { noun: 'trail percent', maxDecimals: 4 };
/** A trailing stop's price offset: the exchange refuses one off the tick, as it does a price. */
export const TRAIL_PRICE: AmountRule = { noun: 'trail amount', onTick: true };
export const NOTIONAL: AmountRule = { noun: 'dollar amount', maxDecimals: 2 };
export const TAKE_PROFIT: AmountRule = { noun: 'take-profit price', onTick: true };
export const STOP_LOSS: AmountRule = { noun: 'stop-loss price', onTick: true };

/** Reads a positive decimal; `shown` is how the word appears in the message when it isn't `text`. */
export function parsePositive(text: string, rule: AmountRule, example: string, shown = text): Parsed<Decimal> {
  const value = parseDecimal(text);
  if (value === undefined) return fail(`'${echo(shown)}' is not a ${rule.noun}; write a number, e.g. ${example}`);
  if (!value.gt(0)) return fail(`${rule.noun} must be a positive number, e.g. ${example}`);
  if ('onTick' in rule) {
    if (!isOnTick(value)) return fail(`${rule.noun} ${echo(shown)} is off the tick: prices go in ${tickRule(value)}, e.g. ${nearestTicks(value)}`);
  } else if (value.decimalPlaces() > rule.maxDecimals) {
    return fail(`${rule.noun} ${echo(shown)} has more than ${rule.maxDecimals} decimals, e.g. ${example}`);
  }
  return ok(value);
}

export function looksNumeric(word: string): boolean {
  return parseDecimal(word) !== undefined;
}

/** `187.12 or 187.13`: the positive prices on the tick either side, each written to its tick. */
function nearestTicks(price: Decimal): string {
  const shown = ticksAround(price)
    .filter((tick) => tick.gt(0))
    .map((tick) => echo(tick.toFixed(tickSize(tick).decimalPlaces())));
  return shown.join(' or ');
}
