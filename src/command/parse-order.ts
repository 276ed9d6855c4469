import type { Decimal } from '../domain/decimal.js';
import type { OrderSpec, OrderType, Side, TimeInForce } from '../domain/order-types.js';
import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';
import {
  NOTIONAL,
  PRICE,
  QUANTITY,
  STOP_PRICE,
  TRAIL_AMOUNT,
  looksNumeric,
  parsePositive,
} from './amounts.js';
import type { ParseResult } from './intent.js';
import { fail, ok, type Parsed } from './result.js';
import { TIME_IN_FORCE_LIST, timeInForceOf } from './tokens.js';

type Size = { readonly qty: Decimal } | { readonly notional: Decimal };

interface Modifiers {
  limitPrice?: Decimal;
  stopPrice?: Decimal;
  trailPercent?: Decimal;
  trailPrice?: Decimal;
  timeInForce?: TimeInForce;
}

// Modifiers a later build adds; named so the trader learns they exist rather than mistyped them.
// A Map, not an object literal, so words like `constructor` find nothing.
const NOT_YET: ReadonlyMap<string, string> = new Map([
  ['tp', 'tp (take-profit)'],
  ['sl', 'sl (stop-loss)'],
  ['ttl', 'ttl (order timeout)'],
]);

/** `buy|sell QTY|$AMOUNT SYMBOL [@ PRICE] [stop PRICE] [trail N|N%] [TIF]`, modifiers in any order. */
export function parseOrder(side: Side, args: readonly string[]): ParseResult {
  const [sizeWord, symbolWord, ...rest] = args;
  if (sizeWord === undefined) return fail(`missing quantity and symbol, e.g. ${side} 10 AAPL`);
  if (symbolWord !== undefined && isSymbolWord(sizeWord) && looksNumeric(symbolWord)) {
    return fail(`the quantity comes before the symbol, e.g. ${side} 10 ${normalizeSymbol(sizeWord)}`);
  }
  const typedSymbol = normalizeSymbol(symbolWord ?? '');
  const size = parseSize(sizeWord, side, isValidSymbol(typedSymbol) ? typedSymbol : 'AAPL');
  if (!size.ok) return size;
  const sizeText = 'qty' in size.value ? size.value.qty.toString() : `$${size.value.notional.toString()}`;
  if (symbolWord === undefined) return fail(`missing symbol after ${sizeWord}, e.g. ${side} ${sizeText} AAPL`);
  const symbol = normalizeSymbol(symbolWord);
  if (!isValidSymbol(symbol)) {
    return fail(`'${symbolWord}' is not a symbol; use 1–5 letters with an optional class like BRK.B, e.g. ${side} ${sizeText} AAPL`);
  }
  const shares = 'qty' in size.value ? sizeText : '10';
  const modifiers = parseModifiers(rest, `${side} ${shares} ${symbol}`);
  if (!modifiers.ok) return modifiers;
  const type = orderTypeOf(modifiers.value, `${side} ${shares} ${symbol}`);
  if (!type.ok) return type;
  if ('notional' in size.value && type.value !== 'market') {
    return fail(`a dollar-amount order is a market order; drop the price or give shares, e.g. ${side} 10 ${symbol} @ 187`);
  }
  const { timeInForce = 'day', ...prices } = modifiers.value;
  const spec: OrderSpec = { symbol, side, type: type.value, timeInForce, ...size.value, ...prices };
  return { ok: true, intent: { kind: 'place', spec } };
}

function isSymbolWord(word: string): boolean {
  return !looksNumeric(word) && isValidSymbol(normalizeSymbol(word));
}

/** `symbol` only shapes the examples in the messages. */
function parseSize(word: string, side: Side, symbol: string): Parsed<Size> {
  if (!word.startsWith('$')) {
    const qty = parsePositive(word, QUANTITY, `${side} 10 ${symbol}`);
    return qty.ok ? ok({ qty: qty.value }) : qty;
  }
  const amount = word.slice(1);
  const dollars = `${side} $500 ${symbol}`;
  if (amount === '') return fail(`missing amount after $, e.g. ${dollars}`);
  const notional = parsePositive(amount, NOTIONAL, dollars, word);
  return notional.ok ? ok({ notional: notional.value }) : notional;
}

function parseModifiers(words: readonly string[], order: string): Parsed<Modifiers> {
  const found: Modifiers = {};
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const lower = word.toLowerCase();
    const value = words[i + 1];
    const tif = timeInForceOf(word);
    if (lower === '@' || lower === 'stop') {
      const key = lower === '@' ? 'limitPrice' : 'stopPrice';
      const example = lower === '@' ? `${order} @ 187.50` : `${order} stop 190`;
      if (value === undefined) return fail(`missing price after ${lower}, e.g. ${example}`);
      if (found[key] !== undefined) return fail(`${lower} price given twice; keep one, e.g. ${example}`);
      const price = parsePositive(value, lower === '@' ? PRICE : STOP_PRICE, example);
      if (!price.ok) return price;
      found[key] = price.value;
      i += 1;
    } else if (lower === 'trail') {
      const example = `${order} trail 1.5%`;
      if (value === undefined) return fail(`missing trail amount, a percent or a price offset, e.g. ${example}`);
      if (found.trailPercent !== undefined || found.trailPrice !== undefined) {
        return fail(`trail given twice; keep one, e.g. ${example}`);
      }
      const percent = value.endsWith('%');
      const amount = parsePositive(percent ? value.slice(0, -1) : value, TRAIL_AMOUNT, example, value);
      if (!amount.ok) return amount;
      if (percent && amount.value.gte(100)) return fail(`trail percent must be below 100%, e.g. ${example}`);
      if (percent) found.trailPercent = amount.value;
      else found.trailPrice = amount.value;
      i += 1;
    } else if (tif !== undefined) {
      if (found.timeInForce !== undefined) {
        return fail(`time in force given twice (${found.timeInForce} and ${tif}); keep one, e.g. ${order} ${tif}`);
      }
      found.timeInForce = tif;
    } else {
      return fail(unknownWordMessage(word, order));
    }
  }
  return ok(found);
}

function unknownWordMessage(word: string, order: string): string {
  const lower = word.toLowerCase();
  const later = NOT_YET.get(lower);
  if (later !== undefined) {
    return `${later} is not available yet in this build; place the order alone, e.g. ${order} @ 187`;
  }
  if (looksNumeric(word)) {
    return `'${word}' needs a word before it: @ ${word} for a limit or stop ${word} for a stop, e.g. ${order} @ 187`;
  }
  if (lower === 'limit' || lower === 'lmt') return `write a limit price with @, e.g. ${order} @ 187`;
  return `unknown word '${word}'; after the symbol come @ PRICE, stop PRICE, trail N|N% or a time in force (${TIME_IN_FORCE_LIST}), e.g. ${order} @ 187 gtc`;
}

function orderTypeOf(found: Modifiers, order: string): Parsed<OrderType> {
  const trailing = found.trailPercent !== undefined || found.trailPrice !== undefined;
  if (trailing && (found.limitPrice !== undefined || found.stopPrice !== undefined)) {
    return fail(`a trailing stop takes no @ or stop price; use trail alone, e.g. ${order} trail 1.5%`);
  }
  if (trailing) return ok('trailing_stop');
  if (found.stopPrice !== undefined) return ok(found.limitPrice !== undefined ? 'stop_limit' : 'stop');
  return ok(found.limitPrice !== undefined ? 'limit' : 'market');
}
