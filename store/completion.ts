import { COMMANDS } from '../src/command/commands.js';
import type { ConsoleState } from './console-store.js';

export interface Completion {
  /** The line with the word completed as far as the candidates agree (unchanged when they don't). */
  readonly text: string;
  /** Every word the partial one could become. */
  readonly candidates: readonly string[];
}

const VERBS: readonly string[] = [...new Set(COMMANDS.flatMap((c) => [c.verb, ...c.aliases]))].filter((w) => /^[a-z]+$/.test(w));

/** Every symbol the console knows of: watched, quoted, held or ordered. */
export function knownSymbols(state: Pick<ConsoleState, 'watchlist' | 'quotes' | 'portfolio' | 'orders'>): string[] {
  const symbols = new Set<string>(state.watchlist);
  for (const symbol of Object.keys(state.quotes)) symbols.add(symbol);
  for (const symbol of Object.keys(state.portfolio.positions)) symbols.add(symbol);
  for (const order of Object.values(state.orders)) symbols.add(order.symbol);
  return [...symbols].sort();
}

function commonPrefix(words: readonly string[]): string {
  const [first = '', ...rest] = words;
  let length = first.length;
  for (const word of rest) {
    while (length > 0 && word.slice(0, length) !== first.slice(0, length)) length--;
  }
  return first.slice(0, length);
}

/**
 * Tab on the command line: completes the word being typed, a verb when it is the first word and a
 * symbol after that. Undefined when no word is being typed (an empty line, or one ending in a
 * space): Tab then moves focus instead. A single candidate is completed with a space after it.
 */
export function completeWord(text: string, state: Pick<ConsoleState, 'watchlist' | 'quotes' | 'portfolio' | 'orders'>): Completion | undefined {
  const match = /(\S+)$/.exec(text);
  if (match === null) return undefined;
  const partial = match[1] ?? '';
  const head = text.slice(0, text.length - partial.length);
  const first = head.trim() === '';
  const words = first ? VERBS : knownSymbols(state);
  const wanted = first ? partial.toLowerCase() : partial.toUpperCase();
  const candidates = words.filter((word) => word.startsWith(wanted));
  if (candidates.length === 1) return { text: `${head}${candidates[0]} `, candidates };
  const prefix = commonPrefix(candidates);
  // Also when only the case changes: `aa` becomes `AA` as the symbols are written.
  return { text: prefix.length >= partial.length && prefix !== partial ? `${head}${prefix}` : text, candidates };
}
