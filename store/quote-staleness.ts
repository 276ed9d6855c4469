import type { Quote } from '../src/broker/port.js';
import type { ConsoleState } from './console-store.js';
import { quoteTime } from './history.js';

/**
 * A quote older than this no longer passes for live. Measured on the quote's own market time, so a
 * snapshot from the last session (fetched a moment ago, hours old) is stale from the start; an IEX
 * symbol quiet for this long outside its hours is too.
 */
export const QUOTE_STALE_AFTER_MS = 15_000;

/** How often quotes are judged again as time passes: coarse, and a change of state only, so waiting draws nothing. */
export const STALENESS_CHECK_MS = 1_000;

function isStale(quote: Quote, now: number, staleAfterMs: number): boolean {
  // A time that cannot be read cannot vouch for the price either.
  return !(now - quoteTime(quote) <= staleAfterMs);
}

/**
 * The state with `staleQuotes` naming exactly the symbols whose quote is older than `staleAfterMs` at
 * `now`; the state itself when that is already so, so nothing re-renders.
 */
export function markStaleQuotes(state: ConsoleState, now: number, staleAfterMs = QUOTE_STALE_AFTER_MS): ConsoleState {
  const { quotes, staleQuotes } = state;
  let changed = false;
  for (const symbol in quotes) {
    const quote = quotes[symbol];
    if (quote !== undefined && isStale(quote, now, staleAfterMs) !== (staleQuotes[symbol] === true)) {
      changed = true;
      break;
    }
  }
  if (!changed) return state;
  const stale: Record<string, true> = {};
  for (const symbol in quotes) {
    const quote = quotes[symbol];
    if (quote !== undefined && isStale(quote, now, staleAfterMs)) stale[symbol] = true;
  }
  return { ...state, staleQuotes: stale };
}
