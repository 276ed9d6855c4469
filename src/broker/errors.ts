import { BlotterError } from '../domain/errors.js';

/**
 * How a broker call failed. The core decides what to do from the kind alone:
 * - rejected: the broker refused the request for a reason it states (permanent);
 * - not_found: no such order;
 * - not_cancelable: the order is already done (filled, canceled, …), so a cancel cannot apply;
 * - rate_limited: too many requests; retry after `retryAfterMs`;
 * - transient: the request did not get through (network, 5xx before processing); safe to retry;
 * - ambiguous: the request may have been processed but no answer came back (timeout, reset, 5xx).
 */
export type BrokerErrorKind = 'rejected' | 'not_found' | 'not_cancelable' | 'rate_limited' | 'transient' | 'ambiguous';

export class BrokerError extends BlotterError {
  constructor(
    readonly kind: BrokerErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function isBrokerError(error: unknown, kind?: BrokerErrorKind): error is BrokerError {
  return error instanceof BrokerError && (kind === undefined || error.kind === kind);
}
