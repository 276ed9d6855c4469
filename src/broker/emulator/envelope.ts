import { isBrokerError } from '../errors.js';
import { AlpacaWireError } from '../alpaca/wire-fields.js';
import { Unauthorized } from './accounts.js';

/** An error answer: the status and Alpaca's JSON body for it, and how long to wait when it is a 429. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Alpaca's code for a parameter that failed validation (qty 0, a malformed field). */
const PARAMETER_CODE = 40010001;

/** A request the emulator could not route: Alpaca's 404 for an unknown path. */
export class NoRoute extends Error {}

/**
 * Any failure of a request as Alpaca's `{code, message}` envelope. A BrokerError carries the status
 * Alpaca would answer; its code is that status followed by 10000 (40310000, 42210000, 40410000).
 * A held-quantity refusal also carries `available`, as Alpaca's body does, and a 429 its wait as
 * `Retry-After`: without it a client falls back on `X-RateLimit-Reset`, the end of the whole minute.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof Unauthorized) return { status: 401, body: { message: 'unauthorized' } };
  if (error instanceof NoRoute) return { status: 404, body: { code: alpacaCode(404), message: error.message } };
  if (error instanceof AlpacaWireError) return { status: 422, body: { code: PARAMETER_CODE, message: error.message } };
  if (isBrokerError(error)) {
    const status = error.status ?? 500;
    const { quantity, retryAfterMs } = error;
    return {
      status,
      body: {
        code: alpacaCode(status),
        message: error.message,
        ...(quantity !== undefined && { available: quantity.available.toString() }),
      },
      ...(retryAfterMs !== undefined && { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } }),
    };
  }
  return { status: 500, body: { code: alpacaCode(500), message: error instanceof Error ? error.message : String(error) } };
}

function alpacaCode(status: number): number {
  return status * 100_000 + 10_000;
}

