import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';
import { echo } from './clip.js';
import type { ParseResult } from './intent.js';
import { fail } from './result.js';

/** `watch SYMBOL...` / `unwatch SYMBOL...`; repeats collapse, first mention keeps its place. */
export function parseWatch(kind: 'watch' | 'unwatch', args: readonly string[]): ParseResult {
  const example = `e.g. ${kind} NVDA TSLA`;
  if (args.length === 0) return fail(`${kind} which symbols? ${example}`);
  const symbols: string[] = [];
  for (const word of args) {
    const symbol = normalizeSymbol(word);
    if (!isValidSymbol(symbol)) {
      return fail(`'${echo(word)}' is not a symbol; use 1–5 letters like NVDA or BRK.B, ${example}`);
    }
    if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  return { ok: true, intent: { kind, symbols } };
}
