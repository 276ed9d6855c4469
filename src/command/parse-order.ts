import type { Decimal } from '../domain/decimal.js';
import { fractionalBreach, MIN_NOTIONAL } from '../domain/fractional.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec, OrderType, Side, TimeInForce } from '../domain/order-types.js';
import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';
import {
  NOTIONAL,
  PRICE,
  QUANTITY,
  STOP_PRICE,
  TRAIL_PERCENT,
  TRAIL_PRICE,
  looksNumeric,
  parsePositive,
} from './amounts.js';
import { echo } from './clip.js';
import type { ParseResult } from './intent.js';
import {
  checkProtection,
  protectionExample,
  readPartial,
  readProtection,
  readTtl,
  type OptionsDraft,
  type OrderContext,
} from './parse-options.js';
import { fail, ok, type Failure, type Parsed } from './result.js';
import { TIME_IN_FORCE_LIST, timeInForceOf } from './tokens.js';

type Size = { readonly qty: Decimal } | { readonly notional: Decimal };

/** What the words after the symbol say: the order's own terms, and how the core should look after it. */
interface Modifiers {
  readonly terms: {
    limitPrice?: Decimal;
    stopPrice?: Decimal;
    trailPercent?: Decimal;
    trailPrice?: Decimal;
    timeInForce?: TimeInForce;
  };
  readonly options: OptionsDraft;
}

/** Reads the word after a modifier (undefined at the end of the line) into `found`. */
type Reader = (value: string | undefined, found: Modifiers, context: OrderContext) => Failure | undefined;

// Every modifier that takes a value. A Map, not an object literal, so words like `constructor` find nothing.
const READERS: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  ['@', (value, found, { order }) => readEntryPrice('@', value, found, order)],
  ['stop', (value, found, { order }) => readEntryPrice('stop', value, found, order)],
  ['trail', (value, found, { order }) => readTrail(value, found, order)],
  ['ttl', (value, found, context) => readTtl(value, found.options, context)],
  ['tp', (value, found, context) => readProtection('tp', value, found.options, context)],
  ['sl', (value, found, context) => readProtection('sl', value, found.options, context)],
  ['partial', (value, found, context) => readPartial(value, found.options, context)],
]);

/**
 * `buy|sell QTY|$AMOUNT SYMBOL [@ PRICE] [stop PRICE] [trail N|N%] [TIF] [ttl 30s] [tp PRICE] [sl PRICE]
 * [partial keep|cancel]`, modifiers in any order, each at most once.
 */
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
  if (symbolWord === undefined) return fail(`missing symbol after ${echo(sizeWord)}, e.g. ${side} ${sizeText} AAPL`);
  const symbol = normalizeSymbol(symbolWord);
  if (!isValidSymbol(symbol)) {
    return fail(`'${echo(symbolWord)}' is not a symbol; use 1–5 letters with an optional class like BRK.B, e.g. ${side} ${sizeText} AAPL`);
  }
  const shares = 'qty' in size.value ? sizeText : '10';
  const context: OrderContext = { side, order: `${side} ${shares} ${symbol}` };
  const modifiers = parseModifiers(rest, context);
  if (!modifiers.ok) return modifiers;
  const { terms, options } = modifiers.value;
  const type = orderTypeOf(terms, context.order);
  if (!type.ok) return type;
  if ('notional' in size.value && type.value !== 'market') {
    return fail(`a dollar-amount order is a market order; drop the price or give shares, e.g. ${side} 10 ${symbol} @ 187`);
  }
  const wrongSide = checkProtection(options, terms.limitPrice ?? terms.stopPrice, context);
  if (wrongSide !== undefined) return wrongSide;
  const { timeInForce = 'day', ...prices } = terms;
  const unfractionable = fractionalProblem(size.value, type.value, timeInForce, options, side, symbol);
  if (unfractionable !== undefined) return unfractionable;
  const spec: OrderSpec = { symbol, side, type: type.value, timeInForce, ...size.value, ...prices };
  return { ok: true, intent: { kind: 'place', spec, options } };
}

/**
 * The broker trades fractional shares and dollar amounts only as simple day orders: shares at
 * market or a limit, dollars at market (checked before), no protective legs (those are GTC), and a
 * dollar amount of at least $1.
 */
function fractionalProblem(size: Size, type: OrderType, timeInForce: TimeInForce, options: PlaceOptions, side: Side, symbol: string): Failure | undefined {
  const dollars = 'notional' in size;
  if (dollars && size.notional.lt(MIN_NOTIONAL)) return fail(`a dollar amount must be at least $1.00, e.g. ${side} $500 ${symbol}`);
  const breach = fractionalBreach({ ...size, type, timeInForce }, options.takeProfit !== undefined || options.stopLoss !== undefined);
  if (breach === undefined) return undefined;
  const subject = dollars ? 'a dollar amount trades' : `fractional shares (${size.qty.toString()}) trade`;
  const example = dollars ? `${side} $500 ${symbol}` : `${side} ${size.qty.toString()} ${symbol} @ 187`;
  switch (breach) {
    case 'type':
      return fail(`${subject} only at market or with a limit (@); use whole shares for a ${type.replace('_', ' ')}, e.g. ${example}`);
    case 'time_in_force':
      return fail(`${subject} only as a day order; drop ${timeInForce}, e.g. ${example}`);
    case 'protection':
      return fail(`${subject} only without tp or sl, which are GTC orders; use whole shares for those, e.g. ${protectionExample({ side, order: `${side} 10 ${symbol}` })}`);
  }
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

function parseModifiers(words: readonly string[], context: OrderContext): Parsed<Modifiers> {
  const found: Modifiers = { terms: {}, options: {} };
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const reader = READERS.get(word.toLowerCase());
    if (reader !== undefined) {
      const failure = reader(words[i + 1], found, context);
      if (failure !== undefined) return failure;
      i += 1;
      continue;
    }
    const tif = timeInForceOf(word);
    if (tif === undefined) return fail(unknownWordMessage(word, context.order));
    if (found.terms.timeInForce !== undefined) {
      return fail(`time in force given twice (${found.terms.timeInForce} and ${tif}); keep one, e.g. ${context.order} ${tif}`);
    }
    found.terms.timeInForce = tif;
  }
  return ok(found);
}

/** `@ PRICE` (limit) or `stop PRICE`. */
function readEntryPrice(word: '@' | 'stop', value: string | undefined, found: Modifiers, order: string): Failure | undefined {
  const key = word === '@' ? 'limitPrice' : 'stopPrice';
  const example = word === '@' ? `${order} @ 187.50` : `${order} stop 190`;
  if (value === undefined) return fail(`missing price after ${word}, e.g. ${example}`);
  if (found.terms[key] !== undefined) return fail(`${word} price given twice; keep one, e.g. ${example}`);
  const price = parsePositive(value, word === '@' ? PRICE : STOP_PRICE, example);
  if (!price.ok) return price;
  found.terms[key] = price.value;
  return undefined;
}

/** `trail N%` (percent of the price) or `trail N` (a price offset). */
function readTrail(value: string | undefined, found: Modifiers, order: string): Failure | undefined {
  const example = `${order} trail 1.5%`;
  if (value === undefined) return fail(`missing trail amount, a percent or a price offset, e.g. ${example}`);
  if (found.terms.trailPercent !== undefined || found.terms.trailPrice !== undefined) {
    return fail(`trail given twice; keep one, e.g. ${example}`);
  }
  const percent = value.endsWith('%');
  const amount = parsePositive(percent ? value.slice(0, -1) : value, percent ? TRAIL_PERCENT : TRAIL_PRICE, example, value);
  if (!amount.ok) return amount;
  if (percent && amount.value.gte(100)) return fail(`trail percent must be below 100%, e.g. ${example}`);
  if (percent) found.terms.trailPercent = amount.value;
  else found.terms.trailPrice = amount.value;
  return undefined;
}

function unknownWordMessage(word: string, order: string): string {
  const lower = word.toLowerCase();
  const shown = echo(word);
  if (looksNumeric(word)) {
    return `'${shown}' needs a word before it: @ ${shown} for a limit or stop ${shown} for a stop, e.g. ${order} @ 187`;
  }
  if (lower === 'limit' || lower === 'lmt') return `write a limit price with @, e.g. ${order} @ 187`;
  return `unknown word '${shown}'; after the symbol come @ PRICE, stop PRICE, trail N|N%, a time in force (${TIME_IN_FORCE_LIST}), ttl 30s, tp PRICE, sl PRICE or partial keep|cancel, e.g. ${order} @ 187 gtc`;
}

function orderTypeOf(found: Modifiers['terms'], order: string): Parsed<OrderType> {
  const trailing = found.trailPercent !== undefined || found.trailPrice !== undefined;
  if (trailing && (found.limitPrice !== undefined || found.stopPrice !== undefined)) {
    return fail(`a trailing stop takes no @ or stop price; use trail alone, e.g. ${order} trail 1.5%`);
  }
  if (trailing) return ok('trailing_stop');
  if (found.stopPrice !== undefined) return ok(found.limitPrice !== undefined ? 'stop_limit' : 'stop');
  return ok(found.limitPrice !== undefined ? 'limit' : 'market');
}
