import { describe, expect, it } from 'vitest';
import { alpacaError } from '../../../src/broker/alpaca/alpaca-errors.js';
import type { BrokerErrorKind, RejectReason } from '../../../src/broker/errors.js';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);

/** Status, body and what it must become; bodies from alpaca.md §2.6 and alpaca-behaviours.md §2.6. */
const TABLE: ReadonlyArray<readonly [number, unknown, BrokerErrorKind, RejectReason | undefined]> = [
  [403, { buying_power: '176531.28', code: 40310000, cost_basis: '48640000', message: 'insufficient buying power' }, 'rejected', 'insufficient_buying_power'],
  [403, { code: 40310000, message: 'insufficient qty available for order (requested: 5264, available: 0)', available: '0', existing_qty: '5264', held_for_orders: '5264', symbol: 'AAPL' }, 'rejected', 'insufficient_qty'],
  [403, { code: 40310000, message: 'potential wash trade detected. use complex orders', existing_order_id: 'o-1' }, 'rejected', 'wash_trade'],
  [403, { code: 40310000, message: 'opposite side limit order exists. use complex orders' }, 'rejected', 'wash_trade'],
  [422, { code: 42210000, message: 'potential wash trade detected. use complex orders' }, 'rejected', 'wash_trade'],
  [422, { code: 40010001, message: 'client_order_id must be unique' }, 'rejected', 'duplicate_client_order_id'],
  [422, { code: 42210000, message: 'asset "ZZZZ" not found' }, 'rejected', 'unknown_symbol'],
  [422, { code: 42210000, message: 'could not find asset "ZZZZ"' }, 'rejected', 'unknown_symbol'],
  [403, { code: 40310000, message: 'asset GME is not tradable' }, 'rejected', 'not_tradable'],
  [403, { code: 40310000, message: 'market is closed' }, 'rejected', 'market_closed'],
  [422, { code: 42210000, message: 'order is already in "filled" state' }, 'not_cancelable', undefined],
  [422, { code: 42210000, message: 'order is not cancelable' }, 'not_cancelable', undefined],
  [404, { code: 40410000, message: 'order not found' }, 'not_found', undefined],
  [403, { code: 40310000, message: 'order parameters are not changed' }, 'rejected', 'invalid_order'],
  [422, { code: 42210000, message: 'fractional orders must be DAY orders' }, 'rejected', 'invalid_order'],
  [422, { code: 40010000, message: 'request body format is invalid' }, 'rejected', 'invalid_order'],
  [401, { message: 'unauthorized' }, 'rejected', 'invalid_order'],
  [500, { code: 50010000, message: 'internal server error occurred' }, 'ambiguous', undefined],
  [503, 'upstream connect error', 'ambiguous', undefined],
  [429, { message: 'rate limit exceeded' }, 'rate_limited', undefined],
];

describe('alpacaError', () => {
  it.each(TABLE)('%i %j → %s %s', (status, body, kind, reason) => {
    const error = alpacaError(status, body, {}, NOW);
    expect([error.kind, error.reason, error.status]).toEqual([kind, reason, status]);
  });

  it('keeps the broker’s words after the status', () => {
    expect(alpacaError(422, { code: 42210000, message: 'fractional orders must be DAY orders' }, {}, NOW).message).toBe('422: fractional orders must be DAY orders');
  });

  it('takes held figures from the body, else from the message', () => {
    const message = 'insufficient qty available for order (requested: 10, available: 4)';
    const fromBody = alpacaError(403, { code: 40310000, message, available: '3.5' }, {}, NOW).quantity;
    expect([fromBody?.requested.toString(), fromBody?.available.toString()]).toEqual(['10', '3.5']);
    const fromText = alpacaError(403, { code: 40310000, message }, {}, NOW).quantity;
    expect([fromText?.requested.toString(), fromText?.available.toString()]).toEqual(['10', '4']);
  });

  it('reads the wait from Retry-After, else X-RateLimit-Reset', () => {
    expect(alpacaError(429, { message: 'rate limit exceeded' }, { 'Retry-After': '3' }, NOW).retryAfterMs).toBe(3000);
    const headers = new Headers({ 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW / 1000 + 12) });
    expect(alpacaError(429, { message: 'rate limit exceeded' }, headers, NOW).retryAfterMs).toBe(12_000);
  });
});
