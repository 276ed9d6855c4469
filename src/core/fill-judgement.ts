import type { Decimal } from '../domain/decimal.js';
import type { BrokerOrder } from '../broker/port.js';

/** Which part of a polled order showed that it had (partly or wholly) filled. */
export type FillSignal = 'status' | 'filled_qty' | 'avg_price' | 'filled_at';

export interface FillJudgement {
  /** True when the order is done filling; false for a partial fill. */
  readonly complete: boolean;
  /** The first signal, in the order they are checked, that showed a fill. */
  readonly signal: FillSignal;
  /** The cumulative quantity to book. */
  readonly cumulativeQty: Decimal;
}

/**
 * Reads a polled order snapshot for evidence of fills. A broker can report a fill in any one of
 * several fields before the others catch up (the seed system missed fills by trusting status
 * alone), so any of status, filled quantity ≥ quantity, an average fill price or a filled-at time
 * counts. Nothing is booked without a quantity: a snapshot that says "filled" with no filled
 * quantity is booked as the whole order only when the order is sized in shares.
 */
export function judgeFill(order: BrokerOrder): FillJudgement | undefined {
  const statusSaysFilled = order.status === 'filled';
  const qtyComplete = order.qty !== undefined && order.filledQty.gte(order.qty) && order.filledQty.gt(0);
  const hasAvgPrice = order.filledAvgPrice !== undefined && order.filledAvgPrice.gt(0);
  const hasFilledAt = order.filledAt !== undefined && order.filledAt !== '';
  const signal: FillSignal | undefined = statusSaysFilled
    ? 'status'
    : qtyComplete
      ? 'filled_qty'
      : hasAvgPrice && order.filledQty.gt(0)
        ? 'avg_price'
        : hasFilledAt
          ? 'filled_at'
          : undefined;
  if (signal === undefined) return undefined;
  const complete = statusSaysFilled || qtyComplete || (hasFilledAt && order.filledQty.isZero());
  const cumulativeQty = order.filledQty.gt(0) ? order.filledQty : order.qty;
  if (cumulativeQty === undefined || cumulativeQty.isZero()) return undefined;
  return { complete, signal, cumulativeQty };
}
