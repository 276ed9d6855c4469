import type { Decimal } from './decimal.js';

/** What to do with the rest of an order once part of it has filled. */
export type PartialFillPolicy = 'keep' | 'cancel';

export const PARTIAL_FILL_POLICIES: readonly PartialFillPolicy[] = ['keep', 'cancel'];

/**
 * How the core looks after an order beyond what the broker is told: how long it may work, what
 * protects the position it opens, and what happens after a partial fill.
 */
export interface PlaceOptions {
  /** Cancel the order (after a final check) if it is still working this long after it was sent. */
  readonly ttlMs?: number;
  /** Take-profit limit price for the position this entry opens. */
  readonly takeProfit?: Decimal;
  /** Stop-loss stop price for the position this entry opens. */
  readonly stopLoss?: Decimal;
  readonly onPartial?: PartialFillPolicy;
}
