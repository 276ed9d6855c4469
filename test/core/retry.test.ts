import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../src/broker/errors.js';
import { ManualClock, flushMicrotasks } from '../../src/kernel/clock.js';
import {
  DEFAULT_RETRY_POLICY,
  RetriesExhaustedError,
  backoffDelay,
  retry,
  retryLogEntry,
  retryLogText,
  retryPolicy,
  type RetryInfo,
  type RetryPolicy,
} from '../../src/core/retry.js';
import { ValidationError } from '../../src/domain/errors.js';

const half = (): number => 0.5;

function unavailable(): BrokerError {
  return new BrokerError('transient', 'service unavailable', { status: 503 });
}

/** An operation that fails with `errors` in turn, then returns 'ok'; it records when each attempt ran. */
function script(clock: ManualClock, errors: readonly unknown[]) {
  const times: number[] = [];
  const attempt = (n: number): Promise<string> => {
    times.push(clock.now());
    const error = errors[n - 1];
    return error === undefined ? Promise.resolve('ok') : Promise.reject(error);
  };
  return { times, attempt };
}

/** Lets the retry loop run, then advances fake time one ms at a time so every timer fires on its exact tick. */
async function settle<T>(clock: ManualClock, promise: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  const outcome = Promise.allSettled([promise]);
  await flushMicrotasks();
  await clock.advanceAsync(ms, 1);
  const [result] = await outcome;
  if (result === undefined) throw new Error('no outcome');
  return result;
}

describe('backoffDelay', () => {
  const noJitterFloor: RetryPolicy = { ...DEFAULT_RETRY_POLICY, jitter: 'full' };

  it('doubles the ceiling each retry and caps it at maxDelayMs', () => {
    const top = (): number => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(noJitterFloor, n, top))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });

  it('equal jitter spans the upper half of the ceiling', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(400);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, half)).toBe(600);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0.999_999)).toBe(800);
  });

  it('full jitter can go down to zero', () => {
    expect(backoffDelay(noJitterFloor, 3, () => 0)).toBe(0);
  });

  it('stays a number when the growth overflows', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 5000, half)).toBe(3750);
    expect(backoffDelay({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 0 }, 5000, half)).toBe(0);
  });

  const policies = fc.record({
    maxAttempts: fc.constant(5),
    baseDelayMs: fc.integer({ min: 0, max: 10_000 }),
    extraMs: fc.integer({ min: 0, max: 100_000 }),
    multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
    jitter: fc.constantFrom('full' as const, 'equal' as const),
    maxRetryAfterMs: fc.constant(60_000),
  });
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('always lies within [0, maxDelayMs], whole ms, and equal jitter never below half the ceiling', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 2000 }), unit, ({ extraMs, ...rest }, n, r) => {
        const policy: RetryPolicy = { ...rest, maxDelayMs: rest.baseDelayMs + extraMs };
        const delay = backoffDelay(policy, n, () => r);
        const ceiling =
          policy.baseDelayMs === 0 ? 0 : Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.multiplier ** (n - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(delay).toBeLessThanOrEqual(ceiling);
        if (policy.jitter === 'equal') expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      }),
    );
  });

  it('never shrinks from one retry to the next for the same jitter draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), unit, (n, r) => {
        expect(backoffDelay(DEFAULT_RETRY_POLICY, n + 1, () => r)).toBeGreaterThanOrEqual(
          backoffDelay(DEFAULT_RETRY_POLICY, n, () => r),
        );
      }),
    );
  });
});

describe('retryPolicy', () => {
  it('fills in the defaults', () => {
    expect(retryPolicy({ maxAttempts: 3 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
  });

  it.each([
    [{ maxAttempts: 0 }, /maxAttempts/],
    [{ maxAttempts: 2.5 }, /maxAttempts/],
    [{ baseDelayMs: -1 }, /baseDelayMs/],
    [{ baseDelayMs: 6000 }, /maxDelayMs/],
    [{ multiplier: 0.5 }, /multiplier/],
    [{ maxRetryAfterMs: Number.NaN }, /maxRetryAfterMs/],
  ])('refuses %o', (overrides, message) => {
    expect(() => retryPolicy(overrides)).toThrow(ValidationError);
    expect(() => retryPolicy(overrides)).toThrow(message);
  });
});

describe('retry', () => {
  it('runs the backoff schedule on fake time, to the millisecond, and returns the eventual result', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const { times, attempt } = script(clock, [unavailable(), unavailable(), unavailable(), unavailable()]);
    const result = retry('poll #1', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half });
    await flushMicrotasks();
    expect(times).toEqual([start]);
    // Equal jitter at r=0.5 waits 3/4 of each ceiling: 150, 300, 600, 1200 ms.
    await clock.advanceAsync(149, 1);
    expect(times).toHaveLength(1);
    await clock.advanceAsync(1, 1);
    expect(times).toHaveLength(2);
    const outcome = await settle(clock, result, 2100);
    expect(outcome).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(times.map((t) => t - start)).toEqual([0, 150, 450, 1050, 2250]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives up after maxAttempts with the attempt count, the class and the last error', async () => {
    const clock = new ManualClock();
    const errors = [unavailable(), unavailable(), unavailable(), unavailable()];
    const { times, attempt } = script(clock, errors);
    const policy = retryPolicy({ maxAttempts: 3 });
    const outcome = await settle(clock, retry('cancel #7', attempt, { clock, policy, random: half }), 10_000);
    expect(times).toHaveLength(3);
    expect(outcome.status).toBe('rejected');
    const error = (outcome as PromiseRejectedResult).reason as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.attempts).toBe(3);
    expect(error.errorClass).toBe('transient');
    expect(error.cause).toBe(errors[2]);
    expect(error.message).toBe('cancel #7 failed after 3 attempts: unavailable (service unavailable)');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('never retries a permanent failure, and rethrows it unwrapped', async () => {
    const clock = new ManualClock();
    const rejection = new BrokerError('rejected', 'insufficient buying power', { status: 403 });
    const { times, attempt } = script(clock, [rejection]);
    const outcome = await settle(clock, retry('submit #2', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 60_000);
    expect(outcome).toEqual({ status: 'rejected', reason: rejection });
    expect(times).toHaveLength(1);
  });

  it('does not retry an ambiguous failure by default: the caller verifies', async () => {
    const clock = new ManualClock();
    const reset = new BrokerError('ambiguous', 'socket hang up');
    const { times, attempt } = script(clock, [reset]);
    const outcome = await settle(clock, retry('submit #3', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 60_000);
    expect(outcome).toEqual({ status: 'rejected', reason: reset });
    expect(times).toHaveLength(1);
  });

  it('retries an ambiguous failure when the caller says it is safe', async () => {
    const clock = new ManualClock();
    const { times, attempt } = script(clock, [new BrokerError('ambiguous', 'timed out')]);
    const shouldRetry = (cls: string): boolean => cls !== 'permanent';
    const outcome = await settle(clock, retry('poll #4', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half, shouldRetry }), 1000);
    expect(outcome).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(times).toHaveLength(2);
  });

  it('waits exactly as long as a 429 says, instead of the backoff', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const limited = new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 3000 });
    const { times, attempt } = script(clock, [limited, new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1234 })]);
    const outcome = await settle(clock, retry('poll #5', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 5000);
    expect(outcome.status).toBe('fulfilled');
    expect(times.map((t) => t - start)).toEqual([0, 3000, 4234]);
  });

  it('caps a 429 wait at maxRetryAfterMs, and backs off when the 429 gives no time', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const errors = [new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 600_000 }), new BrokerError('rate_limited', 'slow down')];
    const { times, attempt } = script(clock, errors);
    const outcome = await settle(clock, retry('poll #6', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 61_000);
    expect(outcome.status).toBe('fulfilled');
    expect(times.map((t) => t - start)).toEqual([0, 60_000, 60_300]);
  });

  it('reports each retry with the attempt about to be made, the delay, the class and the label', async () => {
    const clock = new ManualClock();
    const infos: RetryInfo[] = [];
    const errors = [unavailable(), new BrokerError('ambiguous', 'gateway timeout'), new BrokerError('rate_limited', 'slow', { status: 429, retryAfterMs: 40 })];
    const { attempt } = script(clock, errors);
    const policy = retryPolicy({ maxAttempts: 5 });
    const shouldRetry = (cls: string): boolean => cls !== 'permanent';
    const options = { clock, policy, random: half, shouldRetry, onRetry: (info: RetryInfo) => infos.push(info) };
    await settle(clock, retry('submit #13', attempt, options), 1000);
    expect(infos).toEqual([
      { operation: 'submit #13', attempt: 2, maxAttempts: 5, delayMs: 150, errorClass: 'transient', label: 'unavailable' },
      { operation: 'submit #13', attempt: 3, maxAttempts: 5, delayMs: 300, errorClass: 'ambiguous', label: 'no answer' },
      { operation: 'submit #13', attempt: 4, maxAttempts: 5, delayMs: 40, errorClass: 'rate_limited', label: 'rate limited' },
    ]);
    expect(infos.map(retryLogText)).toEqual([
      'submit #13 unavailable — retry 2/5 in 0.2s',
      'submit #13 no answer — retry 3/5 in 0.3s',
      'submit #13 rate limited — retry 4/5 in 40ms',
    ]);
  });

  it('passes the attempt number to the operation', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const attempt = (n: number): Promise<number> => {
      seen.push(n);
      return n < 3 ? Promise.reject(unavailable()) : Promise.resolve(n);
    };
    const outcome = await settle(clock, retry('poll', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 1000);
    expect(outcome).toEqual({ status: 'fulfilled', value: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const attempt = (): Promise<string> => {
      calls++;
      if (calls === 1) throw unavailable();
      return Promise.resolve('ok');
    };
    const outcome = await settle(clock, retry('poll', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half }), 1000);
    expect(outcome).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(calls).toBe(2);
  });

  it('stops waiting when the signal aborts, rejecting with its reason and leaving no timer', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { times, attempt } = script(clock, [unavailable(), unavailable()]);
    const result = retry('poll #8', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half, signal: controller.signal });
    const outcome = Promise.allSettled([result]);
    await flushMicrotasks();
    expect(clock.pendingTimers()).toBe(1);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await outcome).toEqual([{ status: 'rejected', reason }]);
    expect(clock.pendingTimers()).toBe(0);
    await clock.advanceAsync(10_000, 100);
    expect(times).toHaveLength(1);
  });

  it('does not wait at all once the signal has aborted', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    controller.abort(new Error('closed'));
    const { times, attempt } = script(clock, [unavailable()]);
    const result = retry('poll #9', attempt, { clock, policy: DEFAULT_RETRY_POLICY, random: half, signal: controller.signal });
    await expect(result).rejects.toThrow('closed');
    expect(times).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('retryLogText', () => {
  const info: RetryInfo = { operation: 'submit #13', attempt: 2, maxAttempts: 5, delayMs: 400, errorClass: 'transient', label: 'unavailable' };

  it.each([
    [400, 'submit #13 unavailable — retry 2/5 in 0.4s'],
    [40, 'submit #13 unavailable — retry 2/5 in 40ms'],
    [99, 'submit #13 unavailable — retry 2/5 in 99ms'],
    [100, 'submit #13 unavailable — retry 2/5 in 0.1s'],
    [1250, 'submit #13 unavailable — retry 2/5 in 1.3s'],
    [60_000, 'submit #13 unavailable — retry 2/5 in 60.0s'],
  ])('%d ms → %s', (delayMs, text) => {
    expect(retryLogText({ ...info, delayMs })).toBe(text);
  });

  it('makes a warning log entry', () => {
    expect(retryLogEntry(info, 123)).toEqual({ at: 123, level: 'warn', text: 'submit #13 unavailable — retry 2/5 in 0.4s' });
  });
});
