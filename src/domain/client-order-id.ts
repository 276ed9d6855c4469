import { monotonicFactory, type PRNG } from 'ulid';

export const CLIENT_ORDER_ID_PREFIX = 'blt-';
export const CLIENT_ORDER_ID_MAX_LENGTH = 48;

/**
 * Client order ids are `blt-` + a ULID: 30 characters, inside the 48 Alpaca's older docs allow.
 * The ULID starts with the millisecond time and is monotonic within a process, so an id is never
 * reused, not even after a restart (brokers refuse a reused id forever). Time and randomness are
 * injected so the domain stays free of I/O.
 */
export function createClientOrderIdFactory(now: () => number, random?: PRNG): () => string {
  const next = monotonicFactory(random);
  return () => `${CLIENT_ORDER_ID_PREFIX}${next(now())}`;
}

export function isClientOrderId(text: string): boolean {
  return text.length <= CLIENT_ORDER_ID_MAX_LENGTH && /^[A-Za-z0-9_.:-]+$/.test(text);
}
