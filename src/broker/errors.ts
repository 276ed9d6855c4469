import type { Decimal } from '../domain/decimal.js';
import { BlotterError } from '../domain/errors.js';

/**
 * How a broker call failed. Adapters map their transport's failures (HTTP statuses, SDK fields,
 * message text) to these; the core decides what to do from the kind and reason alone:
 * - rejected: the broker refused the request for a reason it states (permanent), kind in `reason`;
 * - not_found: no such order;
 * - not_cancelable: the order is already done (filled, canceled, …), so a cancel cannot apply;
 * - rate_limited: too many requests; retry after `retryAfterMs`;
 * - transient: the request did not get through (refused connection, DNS); safe to retry;
 * - ambiguous: the request may have been processed but no answer came back (timeout, reset, 5xx).
 */
export type BrokerErrorKind = 'rejected' | 'not_found' | 'not_cancelable' | 'rate_limited' | 'transient' | 'ambiguous';

/** Why a broker refused an order request, as Alpaca's refusals sort out. */
export type RejectReason =
  | 'insufficient_buying_power'
  | 'insufficient_qty'
  | 'wash_trade'
  | 'not_cancelable'
  | 'duplicate_client_order_id'
  | 'unknown_symbol'
  | 'not_tradable'
  | 'market_closed'
  | 'invalid_order';

export const REJECT_REASONS: readonly RejectReason[] = [
  'insufficient_buying_power',
  'insufficient_qty',
  'wash_trade',
  'not_cancelable',
  'duplicate_client_order_id',
  'unknown_symbol',
  'not_tradable',
  'market_closed',
  'invalid_order',
];

export interface BrokerErrorDetails {
  /** For `rejected`: why. Defaults to `invalid_order`. */
  readonly reason?: RejectReason;
  /** For `rate_limited`: how long the broker asked to wait, in ms. */
  readonly retryAfterMs?: number;
  /**
   * The HTTP status an Alpaca-compatible server answers this failure with. Adapters and the
   * emulator use it; the core never reads it.
   */
  readonly status?: number;
  /**
   * For `insufficient_qty`: the figures the broker gave (Alpaca's body carries `available` and
   * `held_for_orders` beside its message), so the trader's line can lead with them.
   */
  readonly quantity?: HeldQuantity;
  /** What the adapter caught, kept for the log file. */
  readonly cause?: unknown;
}

export interface HeldQuantity {
  readonly requested: Decimal;
  readonly available: Decimal;
}

export class BrokerError extends BlotterError {
  readonly reason: RejectReason | undefined;
  readonly quantity: HeldQuantity | undefined;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    readonly kind: BrokerErrorKind,
    message: string,
    details: BrokerErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = kind === 'rejected' ? (details.reason ?? 'invalid_order') : undefined;
    this.quantity = details.quantity;
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
  }
}

export function isBrokerError(error: unknown, kind?: BrokerErrorKind): error is BrokerError {
  return error instanceof BrokerError && (kind === undefined || error.kind === kind);
}

/** A refusal for this reason, however the adapter phrased it. */
export function isRejection(error: unknown, reason: RejectReason): error is BrokerError {
  return error instanceof BrokerError && error.kind === 'rejected' && error.reason === reason;
}
