import type { Decimal } from '../domain/decimal.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec } from '../domain/order-types.js';

/**
 * How the trader names one order: its row number (`#12`) or the start of its client order id.
 * An id prefix is always normalised to the full form (`blt-01JX4`), so resolving it is a plain
 * `clientOrderId.startsWith(prefix)`; several or no matches are the core's to report.
 */
export type OrderRef =
  | { readonly kind: 'seq'; readonly seq: number }
  | { readonly kind: 'id'; readonly prefix: string };

export type CancelTarget =
  | { readonly kind: 'order'; readonly ref: OrderRef }
  | { readonly kind: 'symbol'; readonly symbol: string }
  | { readonly kind: 'all' };

export type FlattenTarget = { readonly kind: 'symbol'; readonly symbol: string } | { readonly kind: 'all' };

/**
 * What a command line asks for, before the core has checked it against any state. A place always
 * carries its options (empty when none were typed); only the options typed are set.
 */
export type Intent =
  | { readonly kind: 'place'; readonly spec: OrderSpec; readonly options: PlaceOptions }
  | { readonly kind: 'cancel'; readonly target: CancelTarget }
  | {
      readonly kind: 'replace';
      readonly ref: OrderRef;
      readonly qty?: Decimal;
      readonly limitPrice?: Decimal;
      readonly stopPrice?: Decimal;
    }
  | { readonly kind: 'flatten'; readonly target: FlattenTarget }
  | { readonly kind: 'watch' | 'unwatch'; readonly symbols: readonly string[] }
  /** Stop new orders (cancels and position closes still go through); `reason` as typed, if any. */
  | { readonly kind: 'halt'; readonly reason?: string }
  | { readonly kind: 'resume' }
  | { readonly kind: 'metrics' }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

export type ParseResult =
  | { readonly ok: true; readonly intent: Intent }
  | { readonly ok: false; readonly error: string };
