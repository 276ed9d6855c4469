import { BlotterError, ValidationError } from '../domain/errors.js';
import type { Clock } from '../kernel/clock.js';

/**
 * Who is asking, most urgent first. `trade`: submits, cancels and replaces, served before anything
 * else waiting. `poll`: the reads that find fills the stream missed, ahead of the rest of the
 * `background` (account refreshes, reconciliation). Polls and background share a smaller budget of
 * their own, so they can never use up the tokens a trade needs.
 */
export type RequestPriority = 'trade' | 'poll' | 'background';

const PRIORITIES: readonly RequestPriority[] = ['trade', 'poll', 'background'];

export interface RateLimiterOptions {
  readonly clock: Clock;
  /** Requests per interval, and the burst allowed after a quiet spell (Alpaca: 200 a minute per key). */
  readonly limit?: number;
  readonly intervalMs?: number;
  /**
   * Of those, what polls and background requests may use: `limit` per interval with a burst of
   * `burst` (by default ¾ of the limit and a burst of 15 % of it, so in any interval they take at
   * most 90 % of the limit, and the rest is always there for trades).
   */
  readonly background?: { readonly limit: number; readonly burst: number };
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
 * Tokens that refill continuously, in units of 1/intervalMs of a token: a token costs intervalMs
 * units and every ms adds `rate`, so refill on a millisecond clock is exact integer arithmetic.
 */
class Bucket {
  private units: number;
  private refilledAt: number;

  constructor(
    private readonly rate: number,
    private readonly capacityTokens: number,
    private readonly intervalMs: number,
    now: number,
  ) {
    this.units = this.capacity();
    this.refilledAt = now;
  }

  tokens(now: number): number {
    this.refill(now);
    return Math.floor(this.units / this.intervalMs);
  }

  take(): void {
    this.units -= this.intervalMs;
  }

  empty(now: number): void {
    this.refill(now);
    this.units = 0;
  }

  /** Ms until a whole token is in the bucket (0 when one is). */
  msUntilToken(now: number): number {
    this.refill(now);
    return Math.max(0, Math.ceil((this.intervalMs - this.units) / this.rate));
  }

  private capacity(): number {
    return this.capacityTokens * this.intervalMs;
  }

  private refill(now: number): void {
    this.units = Math.min(this.capacity(), this.units + Math.max(0, now - this.refilledAt) * this.rate);
    this.refilledAt = now;
  }
}

/** How long a poll may wait behind trades before it is served first, once. */
const POLL_STARVED_MS = 5_000;

/**
 * A token bucket that keeps the client under the broker's request limit instead of finding it by
 * 429s. It holds `limit` tokens and refills continuously at limit per intervalMs. Waiters are served
 * by priority, each priority in arrival order; anything but a trade also needs a token of the
 * background budget. One clock timer at a time, armed only while someone waits.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly maxWaiting: number;
  private readonly main: Bucket;
  private readonly background: Bucket;
  private blockedUntil = Number.NEGATIVE_INFINITY;
  private readonly waiters: Record<RequestPriority, Waiter[]> = { trade: [], poll: [], background: [] };
  private cancelTimer: (() => void) | undefined;
  private closed = false;
  private waits = 0;
  private totalWaitMs = 0;
  private refused = 0;

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock;
    const limit = options.limit ?? 200;
    const intervalMs = options.intervalMs ?? 60_000;
    this.maxWaiting = options.maxWaiting ?? 1000;
    if (!(Number.isInteger(limit) && limit >= 1)) throw new ValidationError('rate limit must be a whole number ≥ 1');
    if (!(Number.isInteger(intervalMs) && intervalMs >= 1)) throw new ValidationError('rate limit interval must be a whole number of ms ≥ 1');
    if (!(Number.isInteger(this.maxWaiting) && this.maxWaiting >= 0)) throw new ValidationError('rate limiter queue size must be a whole number ≥ 0');
    const background = options.background ?? { limit: Math.max(1, Math.floor((limit * 3) / 4)), burst: Math.max(1, Math.floor((limit * 3) / 20)) };
    if (!(Number.isInteger(background.limit) && background.limit >= 1 && background.limit <= limit)) {
      throw new ValidationError(`background rate limit must be a whole number from 1 to the rate limit (${limit}), not ${background.limit}`);
    }
    if (!(Number.isInteger(background.burst) && background.burst >= 1 && background.burst <= limit)) {
      throw new ValidationError(`background burst must be a whole number from 1 to the rate limit (${limit}), not ${background.burst}`);
    }
    const now = this.clock.now();
    this.main = new Bucket(limit, limit, intervalMs, now);
    this.background = new Bucket(background.limit, background.burst, intervalMs, now);
  }

  /** Resolves when the caller may send one request; waits behind earlier callers of its priority and any trade. */
  acquire(priority: RequestPriority = 'trade'): Promise<void> {
    if (this.closed) return Promise.reject(new RateLimiterClosedError('rate limiter is closed'));
    if (this.tryAcquire(priority)) return Promise.resolve();
    if (this.waiting() >= this.maxWaiting) {
      this.refused++;
      return Promise.reject(new RateLimitQueueFullError(`rate limiter queue is full: ${this.waiting()} requests already waiting`));
    }
    return new Promise((resolve, reject) => {
      this.waiters[priority].push({ since: this.clock.now(), resolve, reject });
      this.arm();
    });
  }

  /** Takes a token if one is free now; never jumps ahead of callers waiting before it. */
  tryAcquire(priority: RequestPriority = 'trade'): boolean {
    return !this.closed && this.nobodyAhead(priority) && this.take(priority);
  }

  /** Whole tokens free now for a trade (0 while a penalty runs). */
  available(): number {
    const now = this.clock.now();
    return now < this.blockedUntil ? 0 : this.main.tokens(now);
  }

  /**
   * The broker answered 429 and asked for `retryAfterMs` of quiet: the bucket empties and no token is
   * given before then. It keeps refilling meanwhile, as the broker's own window does. A timer already
   * armed for waiters finds no token when it fires and re-arms for the penalty's end.
   */
  penalize(retryAfterMs: number): void {
    const now = this.clock.now();
    this.main.empty(now);
    this.blockedUntil = Math.max(this.blockedUntil, now + Math.max(0, retryAfterMs));
  }

  /** Refuses every waiting and later caller, and drops the timer (shutdown). */
  close(): void {
    this.closed = true;
    this.disarm();
    const waiting = PRIORITIES.flatMap((priority) => this.waiters[priority].splice(0));
    for (const waiter of waiting) waiter.reject(new RateLimiterClosedError('rate limiter is closed'));
  }

  stats(): RateLimiterStats {
    return { waits: this.waits, totalWaitMs: this.totalWaitMs, waiting: this.waiting(), refused: this.refused };
  }

  private waiting(): number {
    return PRIORITIES.reduce((sum, priority) => sum + this.waiters[priority].length, 0);
  }

  /** Whether no one of this priority or a more urgent one is waiting. */
  private nobodyAhead(priority: RequestPriority): boolean {
    return PRIORITIES.slice(0, PRIORITIES.indexOf(priority) + 1).every((ahead) => this.waiters[ahead].length === 0);
  }

  /** The most urgent priority someone waits with. */
  private next(): RequestPriority | undefined {
    return PRIORITIES.find((priority) => this.waiters[priority].length > 0);
  }

  private take(priority: RequestPriority): boolean {
    const now = this.clock.now();
    if (now < this.blockedUntil || this.main.tokens(now) < 1) return false;
    if (priority !== 'trade') {
      if (this.background.tokens(now) < 1) return false;
      this.background.take();
    }
    this.main.take();
    return true;
  }

  /** Sets one timer for when the next waiter can be served: the penalty's end or its next token, whichever is later. */
  private arm(): void {
    const next = this.next();
    if (this.cancelTimer !== undefined || next === undefined) return;
    const now = this.clock.now();
    const untilToken = next === 'trade' ? this.main.msUntilToken(now) : Math.max(this.main.msUntilToken(now), this.background.msUntilToken(now));
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

  /**
   * Serves each priority in turn; a less urgent one only once every more urgent one is served, except
   * a poll kept waiting POLL_STARVED_MS: a long run of trades (cancelling hundreds of orders) must
   * not stop fills from being found while the stream is down.
   */
  private serve(): void {
    const oldestPoll = this.waiters.poll[0];
    if (oldestPoll !== undefined && this.clock.now() - oldestPoll.since >= POLL_STARVED_MS && this.take('poll')) {
      this.waiters.poll.shift();
      this.waits++;
      this.totalWaitMs += this.clock.now() - oldestPoll.since;
      oldestPoll.resolve();
    }
    for (const priority of PRIORITIES) {
      this.serveQueue(priority);
      if (this.waiters[priority].length > 0) break;
    }
    this.arm();
  }

  private serveQueue(priority: RequestPriority): void {
    const queue = this.waiters[priority];
    const now = this.clock.now();
    while (queue.length > 0 && this.take(priority)) {
      const waiter = queue.shift();
      if (waiter === undefined) break;
      this.waits++;
      this.totalWaitMs += now - waiter.since;
      waiter.resolve();
    }
  }
}
