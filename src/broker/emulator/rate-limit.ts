import type { Clock } from '../../kernel/clock.js';
import type { Answer } from './route.js';

/** Alpaca's trading API allows each API key this many requests a minute. */
export const ALPACA_REQUESTS_PER_MINUTE = 200;

const WINDOW_MS = 60_000;

const RATE_LIMITED: Answer = { status: 429, body: { code: 42910000, message: 'rate limit exceeded' } };

/** What the limit says of one request: the headers its answer carries, and the 429 when it is over budget. */
export interface RateDecision {
  readonly headers: Readonly<Record<string, string>>;
  readonly refusal?: Answer;
}

/**
 * Alpaca's per-key request budget: a window of a minute from a key's first request in it, whose
 * whole budget comes back when it ends (`X-RateLimit-Reset`, in unix seconds). A refused request
 * is not counted.
 */
export class RateLimits {
  private readonly windows = new Map<string, { readonly start: number; used: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new Error(`rateLimitPerMinute is ${perMinute}: it must be a whole number of requests from 1 up, e.g. ${ALPACA_REQUESTS_PER_MINUTE}`);
    }
  }

  /** Counts a request made with `keyId`; a request without a key id is neither counted nor told of the limit. */
  admit(keyId: string | undefined): RateDecision | undefined {
    if (keyId === undefined || keyId === '') return undefined;
    const now = this.clock.now();
    let window = this.windows.get(keyId);
    if (window === undefined || now >= window.start + WINDOW_MS) {
      window = { start: now, used: 0 };
      this.windows.set(keyId, window);
    }
    const resetAt = window.start + WINDOW_MS;
    const allowed = window.used < this.perMinute;
    if (allowed) window.used += 1;
    const headers = {
      'X-RateLimit-Limit': String(this.perMinute),
      'X-RateLimit-Remaining': String(this.perMinute - window.used),
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
    };
    if (allowed) return { headers };
    return { headers: { ...headers, 'Retry-After': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) }, refusal: RATE_LIMITED };
  }

  /** Gives a key (or every key) its whole budget back. */
  forget(keyId?: string): void {
    if (keyId === undefined) this.windows.clear();
    else this.windows.delete(keyId);
  }
}
