import { BlotterError, ValidationError } from '../domain/errors.js';
import type { Clock } from '../kernel/clock.js';

export interface RateLimiterOptions {
  readonly clock: Clock;
  /** Requests per interval, and the burst allowed after a quiet spell (Alpaca: 200 a minute per key). */
  readonly limit?: number;
  readonly intervalMs?: number;
  /** Callers allowed to wait at once; past that acquire() refuses rather than queue without bound. */
  readonly maxWaiting?: number;
}

export interface RateLimiterStats {
  /** Acquisitions that had to wait for a token. */
  readonly waits: number;
  readonly totalWaitMs: number;
  /** Callers waiting now. */
  readonly waiting: number;
  /** Acquisitions refused because the queue was full. */
  readonly refused: number;
}

export class RateLimitQueueFullError extends BlotterError {}
export class RateLimiterClosedError extends BlotterError {}

interface Waiter {
  readonly since: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * A token bucket that keeps the client under the broker's request limit instead of finding it by
 * 429s. It holds `limit` tokens and refills continuously at limit per intervalMs. Waiters are served
 * in arrival order by one clock timer at a time, armed only while someone waits.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly limit: number;
  private readonly intervalMs: number;
  private readonly maxWaiting: number;
  /**
   * Tokens in units of 1/intervalMs: a token costs intervalMs units and every ms adds `limit`, so
   * continuous refill on a millisecond clock is exact integer arithmetic, with no drift.
   */
  private units: number;
  private refilledAt: number;
  private blockedUntil = Number.NEGATIVE_INFINITY;
  private readonly waiters: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;
  private closed = false;
  private waits = 0;
  private totalWaitMs = 0;
  private refused = 0;

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock;
    this.limit = options.limit ?? 200;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.maxWaiting = options.maxWaiting ?? 1000;
    if (!(Number.isInteger(this.limit) && this.limit >= 1)) throw new ValidationError('rate limit must be a whole number ≥ 1');
    if (!(Number.isInteger(this.intervalMs) && this.intervalMs >= 1)) throw new ValidationError('rate limit interval must be a whole number of ms ≥ 1');
    if (!(Number.isInteger(this.maxWaiting) && this.maxWaiting >= 0)) throw new ValidationError('rate limiter queue size must be a whole number ≥ 0');
    this.units = this.capacity();
    this.refilledAt = this.clock.now();
  }

  /** Resolves when the caller may send one request; waits behind earlier callers. */
  acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new RateLimiterClosedError('rate limiter is closed'));
    if (this.waiters.length === 0 && this.take()) return Promise.resolve();
    if (this.waiters.length >= this.maxWaiting) {
      this.refused++;
      return Promise.reject(
        new RateLimitQueueFullError(`rate limiter queue is full: ${this.waiters.length} requests already waiting`),
      );
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ since: this.clock.now(), resolve, reject });
      this.arm();
    });
  }

  /** Takes a token if one is free now; never jumps ahead of waiting callers. */
  tryAcquire(): boolean {
    return !this.closed && this.waiters.length === 0 && this.take();
  }

  /** Whole tokens free now (0 while a penalty runs). */
  available(): number {
    this.refill();
    return this.clock.now() < this.blockedUntil ? 0 : Math.floor(this.units / this.intervalMs);
  }

  /**
   * The broker answered 429 and asked for `retryAfterMs` of quiet: the bucket empties and no token is
   * given before then. It keeps refilling meanwhile, as the broker's own window does. A timer already
   * armed for waiters finds no token when it fires and re-arms for the penalty's end.
   */
  penalize(retryAfterMs: number): void {
    this.refill();
    this.units = 0;
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + Math.max(0, retryAfterMs));
  }

  /** Refuses every waiting and later caller, and drops the timer (shutdown). */
  close(): void {
    this.closed = true;
    this.disarm();
    for (const waiter of this.waiters.splice(0)) waiter.reject(new RateLimiterClosedError('rate limiter is closed'));
  }

  stats(): RateLimiterStats {
    return { waits: this.waits, totalWaitMs: this.totalWaitMs, waiting: this.waiters.length, refused: this.refused };
  }

  private capacity(): number {
    return this.limit * this.intervalMs;
  }

  private refill(): void {
    const now = this.clock.now();
    this.units = Math.min(this.capacity(), this.units + Math.max(0, now - this.refilledAt) * this.limit);
    this.refilledAt = now;
  }

  private take(): boolean {
    this.refill();
    if (this.clock.now() < this.blockedUntil || this.units < this.intervalMs) return false;
    this.units -= this.intervalMs;
    return true;
  }

  /** Sets one timer for when the head waiter can be served: the penalty's end or the next token, whichever is later. */
  private arm(): void {
    if (this.cancelTimer !== undefined || this.waiters.length === 0) return;
    this.refill();
    const now = this.clock.now();
    const untilToken = Math.ceil((this.intervalMs - this.units) / this.limit);
    const delay = Math.max(1, this.blockedUntil - now, untilToken);
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.serve();
    }, delay);
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private serve(): void {
    const now = this.clock.now();
    while (this.waiters.length > 0 && this.take()) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) break;
      this.waits++;
      this.totalWaitMs += now - waiter.since;
      waiter.resolve();
    }
    this.arm();
  }
}
