import { BlotterError } from '../domain/errors.js';
import { BrokerError, type BrokerErrorKind, type RejectReason } from '../broker/errors.js';

/**
 * What a failed broker call means for the caller:
 * - transient: the request never reached the broker, so trying again is safe;
 * - rate_limited: the broker refused because of load; wait as told, then try again;
 * - permanent: the broker said no for a reason a retry will not change;
 * - ambiguous: the request may have been processed; verify before acting on it.
 *
 * Decided from the BrokerError's kind alone: statuses, headers and wording are the adapter's to map.
 */
export type ErrorClass = 'transient' | 'rate_limited' | 'permanent' | 'ambiguous';

const KIND_CLASS: Record<BrokerErrorKind, ErrorClass> = {
  transient: 'transient',
  rate_limited: 'rate_limited',
  ambiguous: 'ambiguous',
  rejected: 'permanent',
  not_found: 'permanent',
  not_cancelable: 'permanent',
};

const KIND_LABEL: Record<Exclude<BrokerErrorKind, 'rejected'>, string> = {
  transient: 'unavailable',
  rate_limited: 'rate limited',
  ambiguous: 'no answer',
  not_found: 'not found',
  not_cancelable: 'not cancelable',
};

const REASON_LABEL: Record<RejectReason, string> = {
  insufficient_buying_power: 'insufficient buying power',
  insufficient_qty: 'insufficient qty',
  wash_trade: 'wash trade',
  not_cancelable: 'not cancelable',
  duplicate_client_order_id: 'duplicate client order id',
  unknown_symbol: 'unknown symbol',
  not_tradable: 'not tradable',
  market_closed: 'market closed',
  invalid_order: 'invalid order',
};

export function classifyError(error: unknown): ErrorClass {
  const broker = brokerErrorIn(error);
  // Anything else escaped an adapter unmapped and may have happened after the broker acted:
  // assuming "it failed" is how orders get sent twice.
  return broker === undefined ? 'ambiguous' : KIND_CLASS[broker.kind];
}

/** How long the broker asked us to wait, in ms, when it said. */
export function retryAfterMs(error: unknown): number | undefined {
  const told = brokerErrorIn(error)?.retryAfterMs;
  return told === undefined || !Number.isFinite(told) ? undefined : Math.max(0, Math.ceil(told));
}

/**
 * A few words naming the failure for a log line: `unavailable`, `no answer`, `rate limited`, or a
 * refusal's reason. An error no adapter mapped says so (`unmapped TypeError`): that is the adapter's bug.
 */
export function errorLabel(error: unknown): string {
  const broker = brokerErrorIn(error);
  if (broker === undefined) return error instanceof Error ? `unmapped ${error.name}` : 'unmapped';
  return broker.kind === 'rejected' ? REASON_LABEL[broker.reason ?? 'invalid_order'] : KIND_LABEL[broker.kind];
}

/** The broker's verdict, also when the core's own wrapper (a retry that ran out) carries it as its cause. */
function brokerErrorIn(error: unknown): BrokerError | undefined {
  if (error instanceof BrokerError) return error;
  return error instanceof BlotterError && error.cause instanceof BrokerError ? error.cause : undefined;
}
