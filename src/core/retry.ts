import { BlotterError, ValidationError } from '../domain/errors.js';
import type { Clock } from '../kernel/clock.js';
import { classifyError, errorLabel, retryAfterMs, type ErrorClass } from './error-class.js';
import type { LogEntry } from '../kernel/log-entry.js';

export interface RetryPolicy {
  /** Attempts in all, the first one included: 1 never retries. */
  readonly maxAttempts: number;
  /** Ceiling of the first retry's wait; each later retry multiplies it by `multiplier`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /**
   * full: wait anywhere in [0, ceiling]; equal: in [ceiling/2, ceiling]. Equal keeps a floor so a
   * struggling broker always gets some rest, while still spreading clients that failed together.
   */
  readonly jitter: 'full' | 'equal';
  /** Longest a 429's Retry-After is obeyed; a broken header must not stall a call for hours. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  multiplier: 2,
  jitter: 'equal',
  maxRetryAfterMs: 60_000,
});

/** The default policy with `overrides` applied, checked, for policies that come from configuration. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  const checks: ReadonlyArray<readonly [boolean, string]> = [
    [Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1, 'maxAttempts must be a whole number ≥ 1'],
    [Number.isFinite(policy.baseDelayMs) && policy.baseDelayMs >= 0, 'baseDelayMs must be ≥ 0'],
    [Number.isFinite(policy.maxDelayMs) && policy.maxDelayMs >= policy.baseDelayMs, 'maxDelayMs must be ≥ baseDelayMs'],
    [Number.isFinite(policy.multiplier) && policy.multiplier >= 1, 'multiplier must be ≥ 1'],
    [policy.jitter === 'full' || policy.jitter === 'equal', 'jitter must be "full" or "equal"'],
    [Number.isFinite(policy.maxRetryAfterMs) && policy.maxRetryAfterMs >= 0, 'maxRetryAfterMs must be ≥ 0'],
  ];
  const problem = checks.find(([ok]) => !ok)?.[1];
  if (problem !== undefined) throw new ValidationError(`retry policy: ${problem}`);
  return Object.freeze(policy);
}

/**
 * The wait before retry number `retry` (1 for the first retry): a ceiling of
 * baseDelayMs × multiplier^(retry−1), capped at maxDelayMs, jittered by `random()` in [0, 1).
 * Whole milliseconds, never above the ceiling, and for equal jitter never below half of it.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const growth = policy.multiplier ** Math.max(0, retry - 1);
  // 0 × Infinity is NaN, and a large retry number overflows the growth.
  const ceiling = policy.baseDelayMs === 0 ? 0 : Math.min(policy.maxDelayMs, policy.baseDelayMs * growth);
  const spread = policy.jitter === 'full' ? random() * ceiling : ceiling / 2 + (random() * ceiling) / 2;
  return Math.min(ceiling, Math.ceil(spread));
}

export interface RetryInfo {
  readonly operation: string;
  /** The attempt about to be made: 2 for the first retry, up to maxAttempts. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly errorClass: ErrorClass;
  /** The failure in a few words (see errorLabel): `unavailable`, `no answer`, `rate limited`. */
  readonly label: string;
}

export interface RetryOptions {
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  /** Jitter source in [0, 1); injected so tests get a fixed schedule. */
  readonly random: () => number;
  /** Called before each wait; the engine turns it into the trader's log line. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Which failures are worth another attempt; see retriesByDefault. */
  readonly shouldRetry?: (errorClass: ErrorClass, error: unknown) => boolean;
  /** Aborting stops a wait at once (shutdown); the retry then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Retries only what certainly did not happen or the broker asked us to repeat. Permanent failures
 * will not change; ambiguous ones may already have taken effect, so the caller verifies instead.
 */
export function retriesByDefault(errorClass: ErrorClass): boolean {
  return errorClass === 'transient' || errorClass === 'rate_limited';
}

/** A retryable failure that kept happening until the policy's attempts ran out. */
export class RetriesExhaustedError extends BlotterError {
  constructor(
    readonly operation: string,
    readonly attempts: number,
    readonly errorClass: ErrorClass,
    override readonly cause: unknown,
  ) {
    super(`${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describe(cause)}`);
  }
}

/**
 * Runs `attempt(1)`, `attempt(2)`, … until one succeeds. A failure `shouldRetry` declines is
 * rethrown as it is, so callers still see the BrokerError; a retryable one that is still failing at
 * maxAttempts is rethrown as RetriesExhaustedError. 429s wait as the broker says (capped), other
 * retries back off with jitter; every wait is a timer on `clock`, never a real sleep.
 *
 * Only for operations that are safe to repeat: reads, cancels, and a submit the caller has verified
 * never arrived. This module cannot know which is which.
 */
export async function retry<T>(
  operation: string,
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { clock, policy, random, onRetry, signal } = options;
  const shouldRetry = options.shouldRetry ?? retriesByDefault;
  for (let n = 1; ; n++) {
    let failure: unknown;
    try {
      return await attempt(n);
    } catch (error) {
      failure = error;
    }
    const errorClass = classifyError(failure);
    if (!shouldRetry(errorClass, failure)) throw failure;
    if (n >= policy.maxAttempts) throw new RetriesExhaustedError(operation, n, errorClass, failure);
    const backoff = backoffDelay(policy, n, random);
    const delayMs =
      errorClass === 'rate_limited'
        ? Math.min(policy.maxRetryAfterMs, retryAfterMs(failure) ?? backoff)
        : backoff;
    onRetry?.({ operation, attempt: n + 1, maxAttempts: policy.maxAttempts, delayMs, errorClass, label: errorLabel(failure) });
    await wait(clock, delayMs, signal);
  }
}

/** `submit #13 unavailable — retry 2/5 in 0.4s`. */
export function retryLogText(info: RetryInfo): string {
  return `${info.operation} ${info.label} — retry ${info.attempt}/${info.maxAttempts} in ${formatDelay(info.delayMs)}`;
}

/** The retry as a line of the trader's log; a warning, since the broker is struggling. */
export function retryLogEntry(info: RetryInfo, at: number): LogEntry {
  return { at, level: 'warn', text: retryLogText(info) };
}

/**
 * Under 100 ms in ms ("40ms"), else seconds with one decimal ("0.4s"), so short waits do not read as
 * "0.0s". Rounds in whole tenths because toFixed on binary floats would turn 0.15 into "0.1".
 */
function formatDelay(ms: number): string {
  const rounded = Math.round(ms);
  return rounded < 100 ? `${rounded}ms` : `${(Math.round(rounded / 100) / 10).toFixed(1)}s`;
}

function describe(error: unknown): string {
  const label = errorLabel(error);
  const message = error instanceof Error ? error.message : '';
  return message === '' || message === label ? label : `${label} (${message})`;
}

function wait(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    // A zero wait resolves now rather than on a timer that a manual clock would only run on its next advance.
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
