import { parseDecimal } from '../../domain/decimal.js';
import { BrokerError, type BrokerErrorKind, type HeldQuantity, type RejectReason } from '../errors.js';
import { brokerErrorFromHttp } from '../http-errors.js';

/**
 * An Alpaca error answer as a BrokerError. The status decides the transport-level kinds (429, 5xx,
 * 404, via http-errors); a refusal's reason is read from the message, because Alpaca reuses codes
 * (40310000 covers buying power, held quantity and wash trades; 42210000 wash trades and
 * not-cancelable) and has moved some messages between 403 and 422 over the years.
 */

/** A fetch Headers or a plain record, as http-errors reads them. */
export type AlpacaHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

interface Refusal {
  readonly pattern: RegExp;
  readonly kind: 'rejected' | 'not_cancelable';
  readonly reason?: RejectReason;
}

/** First match wins; each pattern is a message from alpaca-behaviours.md §2.6 or alpaca.md §2.6. */
const REFUSALS: readonly Refusal[] = [
  { pattern: /insufficient qty available/i, kind: 'rejected', reason: 'insufficient_qty' },
  { pattern: /buying power/i, kind: 'rejected', reason: 'insufficient_buying_power' },
  { pattern: /wash trade|opposite side .*order exists/i, kind: 'rejected', reason: 'wash_trade' },
  { pattern: /client_order_id must be unique/i, kind: 'rejected', reason: 'duplicate_client_order_id' },
  { pattern: /not cancelable|already in "?\w+"? state/i, kind: 'not_cancelable' },
  { pattern: /not tradable|not tradeable|is not active/i, kind: 'rejected', reason: 'not_tradable' },
  { pattern: /could not find asset|asset .*not found|unknown symbol|invalid symbol/i, kind: 'rejected', reason: 'unknown_symbol' },
  { pattern: /market (is )?closed|outside (of )?(regular )?market hours/i, kind: 'rejected', reason: 'market_closed' },
];

/** `now` (epoch ms) turns an `X-RateLimit-Reset` moment into a wait. */
export function alpacaError(status: number, body: unknown, headers: AlpacaHeaders, now: number): BrokerError {
  const said = brokerMessage(body);
  const base = brokerErrorFromHttp({ status, headers, ...(said !== undefined && { message: said }), body }, now);
  if (base.kind !== 'rejected' || said === undefined) return base;
  const refusal = REFUSALS.find(({ pattern }) => pattern.test(said));
  if (refusal === undefined) return base;
  const quantity = refusal.reason === 'insufficient_qty' ? heldQuantity(said, body) : undefined;
  // A refusal for a known reason is the trader's to read, in the broker's own words, without the status.
  return rebuild(base, said, refusal.kind, {
    ...(refusal.reason !== undefined && { reason: refusal.reason }),
    ...(quantity !== undefined && { quantity }),
  });
}

function rebuild(base: BrokerError, message: string, kind: BrokerErrorKind, details: { reason?: RejectReason; quantity?: HeldQuantity }): BrokerError {
  return new BrokerError(kind, message, {
    ...details,
    ...(base.status !== undefined && { status: base.status }),
    cause: base.cause,
  });
}

/** Alpaca's envelope is `{code, message}`; a proxy or a 5xx may answer with plain text instead. */
function brokerMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim();
  if (typeof body === 'object' && body !== null) {
    const message = (body as Record<string, unknown>).message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
  }
  return undefined;
}

/**
 * `insufficient qty available for order (requested: 10, available: 4)`: the body's `available`
 * field when present (it is exact), else the figure in the message.
 */
function heldQuantity(message: string, body: unknown): HeldQuantity | undefined {
  const requested = figure(message, 'requested');
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).available : undefined;
  const available = typeof fromBody === 'string' ? parseDecimal(fromBody) : figure(message, 'available');
  return requested === undefined || available === undefined ? undefined : { requested, available };
}

function figure(message: string, label: string) {
  const match = new RegExp(`${label}:\\s*(-?[\\d.]+)`, 'i').exec(message);
  return match?.[1] === undefined ? undefined : parseDecimal(match[1]);
}
