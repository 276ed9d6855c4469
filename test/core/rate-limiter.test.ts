import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../src/kernel/clock.js';
import { RateLimitQueueFullError, RateLimiter, RateLimiterClosedError } from '../../src/core/rate-limiter.js';
import { ValidationError } from '../../src/domain/errors.js';

/** Tracks when a promise settles, in fake time. */
function watch(clock: ManualClock, promise: Promise<void>) {
  const state: { settledAt?: number; error?: unknown } = {};
  promise.then(
    () => {
      state.settledAt = clock.now();
    },
    (error: unknown) => {
      state.settledAt = clock.now();
      state.error = error;
    },
  );
  return state;
}

async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await flushMicrotasks();
}

describe('RateLimiter', () => {
  it('defaults to 200 requests a minute: a burst of 200, then one every 300 ms', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    for (let i = 0; i < 200; i++) expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const next = watch(clock, limiter.acquire());
    await advance(clock, 299);
    expect(next.settledAt).toBeUndefined();
    await advance(clock, 1);
    expect(next.settledAt).toBe(clock.now());
  });

  it('lets a burst up to capacity through at once, then makes the next caller wait', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 5, intervalMs: 1000 });
    const burst = Array.from({ length: 5 }, () => watch(clock, limiter.acquire()));
    const sixth = watch(clock, limiter.acquire());
    await flushMicrotasks();
    expect(burst.every((s) => s.settledAt === clock.now())).toBe(true);
    expect(sixth.settledAt).toBeUndefined();
    expect(clock.pendingTimers()).toBe(1);
    await advance(clock, 199);
    expect(sixth.settledAt).toBeUndefined();
    await advance(clock, 1);
    expect(sixth.settledAt).toBe(clock.now());
  });

  it('refills continuously at limit per interval, never beyond capacity', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 5, intervalMs: 1000 });
    for (let i = 0; i < 5; i++) limiter.tryAcquire();
    expect(limiter.available()).toBe(0);
    clock.advance(199);
    expect(limiter.available()).toBe(0);
    clock.advance(1);
    expect(limiter.available()).toBe(1);
    clock.advance(400);
    expect(limiter.available()).toBe(3);
    clock.advance(60_000);
    expect(limiter.available()).toBe(5);
  });

  it('serves a queue of waiters in arrival order, one per refill period', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const limiter = new RateLimiter({ clock, limit: 2, intervalMs: 1000 });
    limiter.tryAcquire();
    limiter.tryAcquire();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c', 'd'].map((name) =>
      limiter.acquire().then(() => {
        order.push(`${name}@${clock.now() - start}`);
      }),
    );
    for (let t = 0; t < 2000; t += 100) await advance(clock, 100);
    await Promise.all(waiters);
    expect(order).toEqual(['a@500', 'b@1000', 'c@1500', 'd@2000']);
  });

  it('does not let tryAcquire jump the queue', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 1, intervalMs: 1000 });
    limiter.tryAcquire();
    const waiting = watch(clock, limiter.acquire());
    clock.advance(999);
    expect(limiter.tryAcquire()).toBe(false);
    await advance(clock, 1);
    expect(waiting.settledAt).toBe(clock.now());
  });

  it('gives no token until a penalty ends, even with tokens in the bucket', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 5, intervalMs: 1000 });
    limiter.penalize(3000);
    expect(limiter.available()).toBe(0);
    expect(limiter.tryAcquire()).toBe(false);
    const waiting = watch(clock, limiter.acquire());
    await advance(clock, 2999);
    expect(limiter.tryAcquire()).toBe(false);
    expect(waiting.settledAt).toBeUndefined();
    await advance(clock, 1);
    expect(waiting.settledAt).toBe(clock.now());
    // The bucket refilled during the penalty, as the broker's window did.
    expect(limiter.available()).toBe(4);
  });

  it('pushes back a waiter already scheduled when a penalty arrives', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 5, intervalMs: 1000 });
    for (let i = 0; i < 5; i++) limiter.tryAcquire();
    const waiting = watch(clock, limiter.acquire());
    await advance(clock, 100);
    limiter.penalize(1000);
    await advance(clock, 999);
    expect(waiting.settledAt).toBeUndefined();
    await advance(clock, 1);
    expect(waiting.settledAt).toBe(clock.now());
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a shorter penalty never cuts a longer one short', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 5, intervalMs: 1000 });
    limiter.penalize(5000);
    limiter.penalize(1000);
    clock.advance(4999);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('refuses with a clear error when the waiting queue is full', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 1, intervalMs: 1000, maxWaiting: 2 });
    limiter.tryAcquire();
    void limiter.acquire();
    void limiter.acquire();
    await expect(limiter.acquire()).rejects.toThrow(RateLimitQueueFullError);
    await expect(limiter.acquire()).rejects.toThrow('rate limiter queue is full: 2 requests already waiting');
    expect(limiter.stats()).toMatchObject({ waiting: 2, refused: 2 });
  });

  it('counts waits and total wait time', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 2, intervalMs: 1000 });
    await limiter.acquire();
    await limiter.acquire();
    const waiters = [limiter.acquire(), limiter.acquire()];
    for (let t = 0; t < 1000; t += 100) await advance(clock, 100);
    await Promise.all(waiters);
    expect(limiter.stats()).toEqual({ waits: 2, totalWaitMs: 500 + 1000, waiting: 0, refused: 0 });
  });

  it('leaves no timer behind: none while tokens are free, none once the queue drains', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 3, intervalMs: 300 });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.pendingTimers()).toBe(0);
    const waiters = Array.from({ length: 4 }, () => limiter.acquire());
    expect(clock.pendingTimers()).toBe(1);
    for (let t = 0; t < 400; t += 10) await advance(clock, 10);
    await Promise.all(waiters);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('close() refuses the waiting and later callers and drops its timer', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 1, intervalMs: 1000 });
    limiter.tryAcquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toThrow(RateLimiterClosedError);
    await expect(limiter.acquire()).rejects.toThrow(RateLimiterClosedError);
    expect(limiter.tryAcquire()).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 1.5 }],
    [{ intervalMs: 0 }],
    [{ maxWaiting: -1 }],
  ])('refuses the configuration %o', (options) => {
    expect(() => new RateLimiter({ clock: new ManualClock(), ...options })).toThrow(ValidationError);
  });
});

describe('RateLimiter priorities: trades first, then polls, then the rest of the background', () => {
  it('serves a submit waiting behind 50 queued polls first', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    while (limiter.tryAcquire('trade'));
    const served: string[] = [];
    const polls = Array.from({ length: 50 }, (_, i) => limiter.acquire('poll').then(() => served.push(`poll ${i}`)));
    await advance(clock, 100);
    const submit = limiter.acquire('trade').then(() => served.push('submit'));
    await advance(clock, 300);
    expect(served).toEqual(['submit']);
    for (let t = 0; t < 60_000; t += 300) await advance(clock, 300);
    await Promise.all([submit, ...polls]);
    expect(served.slice(0, 3)).toEqual(['submit', 'poll 0', 'poll 1']);
    expect(served).toHaveLength(51);
  });

  it('serves a poll kept waiting 5 s by a long run of trades before the next trade, so fills are still found', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    while (limiter.tryAcquire('trade'));
    const start = clock.now();
    const served: { what: string; at: number }[] = [];
    const trades = Array.from({ length: 100 }, () => limiter.acquire('trade').then(() => served.push({ what: 'trade', at: clock.now() })));
    const poll = limiter.acquire('poll').then(() => served.push({ what: 'poll', at: clock.now() }));
    for (let t = 0; t < 40_000; t += 100) await advance(clock, 100);
    await Promise.all([...trades, poll]);
    const polled = served.findIndex((s) => s.what === 'poll');
    // One token every 300 ms: about 17 trades go first, then the poll, then the other trades.
    expect(polled).toBeGreaterThan(10);
    expect(polled).toBeLessThan(25);
    expect((served[polled]?.at ?? Number.POSITIVE_INFINITY) - start).toBeLessThanOrEqual(5_300);
  });

  it('serves polls before account refreshes and reconciliation waiting with them', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limit: 4, intervalMs: 400, background: { limit: 4, burst: 1 } });
    while (limiter.tryAcquire('background'));
    const served: string[] = [];
    const waiting = [
      limiter.acquire('background').then(() => served.push('account')),
      limiter.acquire('poll').then(() => served.push('poll')),
      limiter.acquire('trade').then(() => served.push('cancel')),
    ];
    for (let t = 0; t < 400; t += 50) await advance(clock, 50);
    await Promise.all(waiting);
    expect(served).toEqual(['cancel', 'poll', 'account']);
  });

  it('lets polls and background take at most 90 % of the limit in any minute, so trades always find tokens', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const started = clock.now();
    const background: number[] = [];
    let stop = false;
    const pump = async (priority: 'poll' | 'background'): Promise<void> => {
      while (!stop) {
        await limiter.acquire(priority);
        background.push(clock.now() - started);
      }
    };
    const pumps = [pump('poll'), pump('background')];
    for (let t = 0; t < 180_000; t += 100) await advance(clock, 100);
    for (let start = 0; start <= 120_000; start += 1_000) {
      expect(background.filter((at) => at >= start && at < start + 60_000).length).toBeLessThanOrEqual(180);
    }
    expect(limiter.available()).toBeGreaterThanOrEqual(20);
    expect(limiter.tryAcquire('trade')).toBe(true);
    stop = true;
    limiter.close();
    await Promise.allSettled(pumps);
  });

  it.each([
    [{ background: { limit: 201, burst: 10 } }, /background rate limit must be a whole number from 1 to the rate limit \(200\), not 201/],
    [{ background: { limit: 150, burst: 0 } }, /background burst must be a whole number from 1 to the rate limit \(200\), not 0/],
  ])('refuses the background budget %o, saying what would be right', (options, message) => {
    expect(() => new RateLimiter({ clock: new ManualClock(), ...options })).toThrow(message);
  });
});
