import { commandsStartingWith } from './commands.js';
import { parse } from './parse.js';
import { formatPreview, type QuoteLookup } from './preview.js';
import { tokenize } from './tokens.js';

/**
 * What the line under the command prompt shows while the trader types. `hint` (the usage of the
 * commands the first word could become) replaces the error while only a verb has been typed, so
 * the line doesn't turn red on the first keystroke.
 */
export type InputDescription =
  | { readonly kind: 'empty' }
  | { readonly kind: 'hint'; readonly text: string }
  | { readonly kind: 'preview'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/** Runs on every keystroke, so it only reads the line (no lookups but the quote) and never throws. */
export function describeInput(text: string, quotes?: QuoteLookup): InputDescription {
  const words = tokenize(text);
  const [first] = words;
  if (first === undefined) return { kind: 'empty' };
  const result = parse(text);
  if (result.ok) return { kind: 'preview', text: formatPreview(result.intent, quotes) };
  const candidates = words.length === 1 ? commandsStartingWith(first) : [];
  if (candidates.length > 0) return { kind: 'hint', text: candidates.map((c) => c.usage).join('   ') };
  return { kind: 'error', text: result.error };
}
