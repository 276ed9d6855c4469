import type { ParseResult } from './intent.js';
import { fail } from './result.js';

/** Longest halt reason, in characters: it goes into the status bar and the log pane. */
export const MAX_HALT_REASON = 200;

// Control characters would reach the terminal as escape sequences when the reason is shown.
const CONTROL = /\p{Cc}/u;

/**
 * `halt [REASON]`: everything after the verb is the reason, as typed but with runs of spaces made
 * one (the tokenizer's doing, so `@` comes back spaced: `halt fed@2pm` → `fed @ 2pm`).
 */
export function parseHalt(args: readonly string[]): ParseResult {
  if (args.length === 0) return { ok: true, intent: { kind: 'halt' } };
  const reason = args.join(' ');
  const length = [...reason].length;
  if (length > MAX_HALT_REASON) {
    return fail(`halt reason is ${length} characters; keep it to ${MAX_HALT_REASON}, e.g. halt news pending`);
  }
  if (CONTROL.test(reason)) return fail('halt reason has a control character; write plain text, e.g. halt news pending');
  return { ok: true, intent: { kind: 'halt', reason } };
}
