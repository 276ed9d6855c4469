import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';
import { echo } from './clip.js';
import type { ParseResult } from './intent.js';
import { looksLikeOrderRef, parseOrderRef } from './order-ref.js';
import { fail } from './result.js';

// `all` always means every order or position; a ticker spelled ALL is reached through its rows.
const ALL = 'all';

/** `cancel #N|#ID|SYMBOL|all`. */
export function parseCancel(args: readonly string[]): ParseResult {
  const [word, extra] = args;
  const example = 'e.g. cancel #12, cancel AAPL or cancel all';
  if (word === undefined) return fail(`cancel what? name an order, a symbol or all, ${example}`);
  if (extra !== undefined) return fail(`cancel takes one order, symbol or all; remove '${echo(extra)}', ${example}`);
  if (word.toLowerCase() === ALL) return { ok: true, intent: { kind: 'cancel', target: { kind: 'all' } } };
  if (looksLikeOrderRef(word)) {
    const ref = parseOrderRef(word, 'cancel');
    return ref.ok ? { ok: true, intent: { kind: 'cancel', target: { kind: 'order', ref: ref.value } } } : ref;
  }
  if (/^\d+$/.test(word)) return fail(`row numbers start with #, e.g. cancel #${echo(word)}`);
  const symbol = normalizeSymbol(word);
  if (!isValidSymbol(symbol)) return fail(`'${echo(word)}' is not an order, a symbol or all, ${example}`);
  return { ok: true, intent: { kind: 'cancel', target: { kind: 'symbol', symbol } } };
}

/** `flatten SYMBOL|all`. */
export function parseFlatten(args: readonly string[]): ParseResult {
  const [word, extra] = args;
  const example = 'e.g. flatten AAPL or flatten all';
  if (word === undefined) return fail(`flatten what? name a symbol or all, ${example}`);
  if (extra !== undefined) return fail(`flatten takes one symbol or all; remove '${echo(extra)}', ${example}`);
  if (word.toLowerCase() === ALL) return { ok: true, intent: { kind: 'flatten', target: { kind: 'all' } } };
  if (looksLikeOrderRef(word)) return fail(`flatten closes positions, not orders; name a symbol, ${example}`);
  const symbol = normalizeSymbol(word);
  if (!isValidSymbol(symbol)) return fail(`'${echo(word)}' is not a symbol, ${example}`);
  return { ok: true, intent: { kind: 'flatten', target: { kind: 'symbol', symbol } } };
}
