import { describe, expect, it } from 'vitest';
import { BrokerError, REJECT_REASONS } from '../../src/broker/errors.js';
import { classifyError, errorLabel, retryAfterMs, type ErrorClass } from '../../src/core/error-class.js';
import { RetriesExhaustedError } from '../../src/core/retry.js';

describe('classifyError and errorLabel: the broker’s verdict, never its transport', () => {
  const table: ReadonlyArray<readonly [string, unknown, ErrorClass, string]> = [
    ['transient', new BrokerError('transient', 'service unavailable', { status: 503 }), 'transient', 'unavailable'],
    ['rate_limited', new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1000 }), 'rate_limited', 'rate limited'],
    ['ambiguous', new BrokerError('ambiguous', 'request timed out'), 'ambiguous', 'no answer'],
    ['rejected', new BrokerError('rejected', 'insufficient buying power', { reason: 'insufficient_buying_power', status: 403 }), 'permanent', 'insufficient buying power'],
    ['rejected, no reason given', new BrokerError('rejected', 'qty must be > 0', { status: 422 }), 'permanent', 'invalid order'],
    ['not_found', new BrokerError('not_found', 'order not found', { status: 404 }), 'permanent', 'not found'],
    ['not_cancelable', new BrokerError('not_cancelable', 'already filled', { status: 422 }), 'permanent', 'not cancelable'],
  ];

  it.each(table)('%s → %s', (_name, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it.each(table)('%s is labelled %s', (_name, error, _class, label) => {
    expect(errorLabel(error)).toBe(label);
  });

  it('labels every refusal by its reason, in words', () => {
    for (const reason of REJECT_REASONS) {
      expect(errorLabel(new BrokerError('rejected', 'no', { reason }))).toBe(reason.replaceAll('_', ' '));
    }
  });

  it('takes anything an adapter let escape unmapped as ambiguous, and says so', () => {
    // A status or a socket code on a raw error means nothing here: mapping them is the adapter's job.
    const raw: ReadonlyArray<readonly [unknown, string]> = [
      [{ status: 422, message: 'order is not cancelable' }, 'unmapped'],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unmapped Error'],
      [new TypeError('x is not a function'), 'unmapped TypeError'],
      [new Error('wrapped', { cause: new BrokerError('transient', 'down') }), 'unmapped Error'],
      ['boom', 'unmapped'],
      [undefined, 'unmapped'],
    ];
    for (const [error, label] of raw) {
      expect(classifyError(error)).toBe('ambiguous');
      expect(errorLabel(error)).toBe(label);
    }
  });

  it('reads the broker’s verdict under a retry that ran out', () => {
    const gaveUp = new RetriesExhaustedError('cancel #7', 5, 'transient', new BrokerError('transient', 'service unavailable'));
    expect(classifyError(gaveUp)).toBe('transient');
    expect(errorLabel(gaveUp)).toBe('unavailable');
  });
});

describe('retryAfterMs', () => {
  it('is the wait the broker asked for, in whole ms', () => {
    expect(retryAfterMs(new BrokerError('rate_limited', 'slow down', { retryAfterMs: 2500 }))).toBe(2500);
    expect(retryAfterMs(new BrokerError('rate_limited', 'slow down', { retryAfterMs: 0.2 }))).toBe(1);
  });

  it('is undefined when the broker said nothing, or the error is not the broker’s', () => {
    expect(retryAfterMs(new BrokerError('rate_limited', 'slow down'))).toBeUndefined();
    expect(retryAfterMs(new BrokerError('rate_limited', 'slow down', { retryAfterMs: Number.NaN }))).toBeUndefined();
    expect(retryAfterMs({ status: 429, headers: { 'retry-after': '3' } })).toBeUndefined();
    expect(retryAfterMs(new Error('boom'))).toBeUndefined();
  });
});
