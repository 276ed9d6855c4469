import type { Side } from '../domain/order-types.js';

/** What a bar does to a priced order: fills it at a price, triggers a stop-limit's stop only, or leaves it working. */
export type Touch = { readonly kind: 'fill'; readonly price: number } | { readonly kind: 'triggered' } | { readonly kind: 'wait' };

const WAIT: Touch = { kind: 'wait' };
const TRIGGERED: Touch = { kind: 'triggered' };

/**
 * Where a limit, stop or stop-limit order fills within one bar, from its open, high and low alone
 * (backtesting.py's rule): at the open when the bar gaps through the price, else at the price when
 * the bar's range reaches it. A buy limit fills at or below its limit, a buy stop at or above its
 * stop, sells mirrored. A stop-limit's stop triggers first; the limit then fills at the trigger when
 * the limit allows it, else at the limit if the range reaches it; triggered and not filled, it works
 * on as a plain limit.
 */
export function touch(side: Side, limit: number | undefined, stop: number | undefined, open: number, high: number, low: number): Touch {
  const buy = side === 'buy';
  let from = open;
  if (stop !== undefined) {
    if (buy ? open >= stop : open <= stop) from = open;
    else if (buy ? high >= stop : low <= stop) from = stop;
    else return WAIT;
    if (limit === undefined) return { kind: 'fill', price: from };
  }
  if (limit === undefined) return WAIT;
  if (buy ? from <= limit : from >= limit) return { kind: 'fill', price: from };
  // A stop-limit whose stop triggered inside the bar, beyond its limit: reaching the limit as well
  // would have come before the stop, which is not known to have triggered it yet (backtesting.py).
  if (stop !== undefined && from === stop) return TRIGGERED;
  if (buy ? low <= limit : high >= limit) return { kind: 'fill', price: limit };
  return stop === undefined ? WAIT : TRIGGERED;
}
