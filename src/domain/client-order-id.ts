import { monotonicFactory, type PRNG } from 'ulid';
import { ValidationError } from './errors.js';
import { MANUAL_SOURCE } from './order.js';

export const CLIENT_ORDER_ID_PREFIX = 'blt-';
export const CLIENT_ORDER_ID_MAX_LENGTH = 48;

/** Who placed an order Blotter did not place (on the broker's website, another program). */
export const EXTERNAL_SOURCE = 'external';

/** A strategy's id as a client order id carries it: short, and plain enough for any broker. */
const SOURCE = '[a-z0-9]{1,12}';
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const VALID_SOURCE = new RegExp(`^${SOURCE}$`);
const OURS = new RegExp(`^${CLIENT_ORDER_ID_PREFIX}(?:(${SOURCE})-)?${ULID}$`);

/**
 * Client order ids are `blt-` + a ULID for the trader's own orders (30 characters) and
 * `blt-<source>-` + a ULID for a strategy's (at most 43), inside the 48 Alpaca's older docs allow.
 * The source rides in the id so that who placed an order survives a restart and can be read back
 * from the broker alone. The ULID starts with the millisecond time and is monotonic within a
 * process, so an id is never reused, not even after a restart (brokers refuse a reused id forever).
 * Time and randomness are injected so the domain stays free of I/O.
 */
export function createClientOrderIdFactory(now: () => number, random?: PRNG): (source?: string) => string {
  const next = monotonicFactory(random);
  return (source = MANUAL_SOURCE) => {
    checkOrderSource(source);
    const tag = source === MANUAL_SOURCE ? '' : `${source}-`;
    return `${CLIENT_ORDER_ID_PREFIX}${tag}${next(now())}`;
  };
}

/** Whether a client order id can carry this source: `manual`, `external` and strategy ids alike. */
export function isOrderSource(source: string): boolean {
  return VALID_SOURCE.test(source);
}

/** Refuses a source a client order id cannot carry, saying what would do. */
export function checkOrderSource(source: string): void {
  if (!isOrderSource(source)) {
    throw new ValidationError(`strategy id "${source}" can't be carried in a client order id: use 1 to 12 lowercase letters and digits`);
  }
}

/** Who placed the order with this id: `manual`, a strategy's id, or `external` for an id Blotter did not make. */
export function sourceOfClientOrderId(clientOrderId: string): string {
  const match = OURS.exec(clientOrderId);
  if (match === null) return EXTERNAL_SOURCE;
  return match[1] ?? MANUAL_SOURCE;
}

export function isClientOrderId(text: string): boolean {
  return text.length <= CLIENT_ORDER_ID_MAX_LENGTH && /^[A-Za-z0-9_.:-]+$/.test(text);
}
