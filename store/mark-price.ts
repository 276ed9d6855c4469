import type { Quote } from '../src/broker/port.js';
import type { Decimal } from '../src/domain/decimal.js';

/** A price to value a position at, and the name the screen gives it. */
export interface Mark {
  readonly name: 'last' | 'mid';
  readonly value: Decimal;
}

/**
 * The last trade, else the middle of a two-sided quote (Alpaca's quote stream carries no trades;
 * a symbol may not have traded yet). Undefined with neither: an unknown price stays unknown, never 0.
 */
export function markOf(quote: Pick<Quote, 'bid' | 'ask' | 'last'> | undefined): Mark | undefined {
  if (quote === undefined) return undefined;
  const { bid, ask, last } = quote;
  if (last?.gt(0) === true) return { name: 'last', value: last };
  return bid.gt(0) && ask.gt(0) ? { name: 'mid', value: bid.plus(ask).div(2) } : undefined;
}
