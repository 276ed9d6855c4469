import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks, type Clock } from '../../src/kernel/clock.js';
import { FillDetector } from '../../src/core/fill-detector.js';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay } from '../../src/core/poll-schedule.js';

/** The schedule as the issue states it, written out rather than read from the code. */
const FIRST_MS = 500;
const MAX_MS = 2000;
const UNHEALTHY_MS = 500;
const expectedDelay = (previous: number | undefined, healthy: boolean): number =>
  !healthy ? UNHEALTHY_MS : previous === undefined ? FIRST_MS : Math.min(MAX_MS, Math.round(previous * 1.5));

describe('nextPollDelay', () => {
  it('starts at 500 ms and grows by half each time up to 2 s while the stream is healthy', () => {
    const delays: number[] = [];
    let previous: number | undefined;
    for (let i = 0; i < 7; i++) {
      previous = nextPollDelay(DEFAULT_POLL_SCHEDULE, previous, true);
      delays.push(previous);
    }
    expect(delays).toEqual([500, 750, 1125, 1688, 2000, 2000, 2000]);
  });

  it('is 500 ms whenever the stream is unhealthy, however long the order has been quiet', () => {
    for (const previous of [undefined, 500, 1125, 2000]) expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, previous, false)).toBe(500);
  });

  it('follows a configured schedule', () => {
    const schedule = { firstMs: 100, maxMs: 1000, growth: 3, unhealthyMs: 50 };
    expect(nextPollDelay(schedule, undefined, true)).toBe(100);
    expect(nextPollDelay(schedule, 100, true)).toBe(300);
    expect(nextPollDelay(schedule, 900, true)).toBe(1000);
    expect(nextPollDelay(schedule, 900, false)).toBe(50);
  });
});

/**
 * A ManualClock that also knows when its next timer is due, so a test can stop exactly at every
 * timer, let the promise callbacks it started run, and only then move on: the detector re-arms
 * after a poll's promise settles, and stepping past that instant would blur the schedule.
 */
class SteppingClock implements Clock {
  readonly manual = new ManualClock();
  private readonly due = new Set<{ readonly at: number }>();

  now(): number {
    return this.manual.now();
  }

  setTimer(fn: () => void, ms: number): () => void {
    const entry = { at: this.now() + Math.max(0, ms) };
    this.due.add(entry);
    const cancel = this.manual.setTimer(() => {
      this.due.delete(entry);
      fn();
    }, ms);
    return () => {
      this.due.delete(entry);
      cancel();
    };
  }

  setRepeating(): () => void {
    throw new Error('the fill detector does not use repeating timers');
  }

  async advance(ms: number): Promise<void> {
    const target = this.now() + ms;
    for (;;) {
      await flushMicrotasks();
      const next = Math.min(...[...this.due].map((d) => d.at));
      if (!(next <= target)) break;
      this.manual.advance(next - this.now());
    }
    this.manual.advance(target - this.now());
    await flushMicrotasks();
  }
}

type Outcome = 'working' | 'done' | 'error';
interface PollPlan {
  readonly outcome: Outcome;
  /** How long the broker takes to answer the poll. */
  readonly ms: number;
}
type Step =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'health'; readonly healthy: boolean }
  | { readonly kind: 'unwatch'; readonly order: number };

interface PollRecord {
  readonly order: string;
  readonly start: number;
  end?: number;
}

/** A detector watching `orders` orders whose polls answer as `plans` say, in turn. */
function setUp(orders: number, plans: readonly PollPlan[], healthyAtStart = true) {
  const clock = new SteppingClock();
  let healthy = healthyAtStart;
  let planIndex = 0;
  const polls: PollRecord[] = [];
  const active = new Set<string>();
  const overlaps: string[] = [];
  const errors: unknown[] = [];
  const listeners: ((record: PollRecord, phase: 'start' | 'end', outcome?: Outcome) => void)[] = [];
  const detector = new FillDetector({
    clock,
    streamHealthy: () => healthy,
    onError: (error) => errors.push(error),
    poll: (order) => {
      if (active.has(order)) overlaps.push(`${order} at ${clock.now()}`);
      active.add(order);
      const plan = plans[planIndex++ % plans.length] ?? { outcome: 'working', ms: 0 };
      const record: PollRecord = { order, start: clock.now() };
      polls.push(record);
      for (const listen of listeners) listen(record, 'start');
      const answer = (): Promise<boolean> => {
        active.delete(order);
        record.end = clock.now();
        for (const listen of listeners) listen(record, 'end', plan.outcome);
        return plan.outcome === 'error' ? Promise.reject(new Error('503')) : Promise.resolve(plan.outcome === 'working');
      };
      if (plan.ms === 0) return answer();
      return new Promise<boolean>((resolve, reject) => clock.setTimer(() => answer().then(resolve, reject), plan.ms));
    },
  });
  const ids = Array.from({ length: orders }, (_, i) => `order-${i}`);
  for (const id of ids) detector.watch(id);
  return {
    clock,
    detector,
    ids,
    polls,
    overlaps,
    errors,
    listeners,
    isHealthy: () => healthy,
    setHealthy(value: boolean) {
      if (value === healthy) return;
      healthy = value;
      detector.streamChanged();
    },
    starts: (id: string) => polls.filter((p) => p.order === id).map((p) => p.start),
  };
}

const planArb: fc.Arbitrary<PollPlan> = fc.record({
  outcome: fc.constantFrom<Outcome>('working', 'working', 'working', 'working', 'error', 'done'),
  ms: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 4_000 }).map((ms): Step => ({ kind: 'advance', ms })) },
  { weight: 3, arbitrary: fc.boolean().map((healthy): Step => ({ kind: 'health', healthy })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((order): Step => ({ kind: 'unwatch', order })) },
);

describe('FillDetector on a fake clock', () => {
  it('polls a quiet order at 500, 750, 1125, 1688 and then every 2000 ms while the stream is healthy', async () => {
    const t = setUp(1, [{ outcome: 'working', ms: 0 }]);
    const start = t.clock.now();
    await t.clock.advance(12_100);
    const gaps = t.starts('order-0').map((at, i, all) => at - (i === 0 ? start : (all[i - 1] ?? 0)));
    expect(gaps).toEqual([500, 750, 1125, 1688, 2000, 2000, 2000, 2000]);
  });

  it('polls every 500 ms while the stream is unhealthy', async () => {
    const t = setUp(2, [{ outcome: 'working', ms: 0 }], false);
    const start = t.clock.now();
    await t.clock.advance(3_000);
    expect(t.starts('order-0').map((at) => at - start)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(t.starts('order-1')).toEqual(t.starts('order-0'));
  });

  it('counts the wait from when the previous poll was answered, so a slow answer never overlaps the next poll', async () => {
    const t = setUp(1, [{ outcome: 'working', ms: 1_200 }]);
    const start = t.clock.now();
    await t.clock.advance(6_000);
    // 500 wait, 1200 answer, 750 wait, 1200 answer, 1125 wait, …
    expect(t.starts('order-0').map((at) => at - start)).toEqual([500, 2450, 4775]);
    expect(t.overlaps).toEqual([]);
  });

  it('a stream going unhealthy brings a long wait forward to 500 ms', async () => {
    const t = setUp(1, [{ outcome: 'working', ms: 0 }]);
    await t.clock.advance(4_100); // polls at 500, 1250, 2375, 4063; the next is due at 5751
    const wentDown = t.clock.now();
    t.setHealthy(false);
    await t.clock.advance(600);
    expect(t.starts('order-0').at(-1)).toBe(wentDown + 500);
  });

  it('a poll that fails is reported and polling goes on', async () => {
    const t = setUp(1, [{ outcome: 'error', ms: 0 }]);
    await t.clock.advance(1_300);
    expect(t.starts('order-0')).toHaveLength(2);
    expect(t.errors).toHaveLength(2);
    expect(t.detector.isWatching('order-0')).toBe(true);
  });

  it('an order whose poll says it is done is no longer polled', async () => {
    const t = setUp(1, [{ outcome: 'done', ms: 0 }]);
    await t.clock.advance(10_000);
    expect(t.starts('order-0')).toHaveLength(1);
    expect(t.detector.isWatching('order-0')).toBe(false);
    expect(t.clock.manual.pendingTimers()).toBe(0);
  });

  // Regression: health changes used to re-arm every poll 500 ms from now, so a poll due sooner was
  // pushed back, and a stream changing state more often than every 500 ms (a reconnect loop) was
  // never polled at all (fixed in cdd7988).
  it('a stream flapping faster than every 500 ms still has its working orders polled', async () => {
    const t = setUp(1, [{ outcome: 'working', ms: 0 }]);
    await t.clock.advance(400);
    const flapping = t.clock.now();
    for (let i = 0; i < 20; i++) {
      t.setHealthy(!t.isHealthy());
      await t.clock.advance(300);
    }
    const during = t.starts('order-0').filter((at) => at > flapping);
    expect(during.length, 'polls in 6 s of a flapping stream').toBeGreaterThanOrEqual(10);
  });

  it('a health change never postpones a poll that was due sooner', async () => {
    const t = setUp(1, [{ outcome: 'working', ms: 0 }]);
    const start = t.clock.now();
    await t.clock.advance(4_100); // next poll due at 5751 (healthy, 1688 after 4063)
    t.setHealthy(false); // brought forward to 4600
    await t.clock.advance(400); // now 4500: the poll is due in 100 ms
    t.setHealthy(true);
    await t.clock.advance(100);
    expect(t.starts('order-0').map((at) => at - start), 'the poll due at 4600').toContain(4_600);
  });

  // The schedule as a property. The model: after a poll is answered (or the order is first
  // watched) the next one is due expectedDelay(previous, healthy-now) later; a health change
  // brings a poll due later than 500 ms from now forward to 500 ms from now (growth starting again
  // from 500) and leaves a sooner one alone. Every poll must start exactly when the model says, and
  // none may be missed.
  it('every poll starts exactly when the adaptive schedule says, whatever the health flips and poll outcomes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(planArb, { minLength: 1, maxLength: 12 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        async (orders, plans, steps) => {
          const t = setUp(0, plans);
          const model = new Map<string, { previous: number | undefined; due: number | undefined }>();
          const wrong: string[] = [];
          t.listeners.push((record, phase, outcome) => {
            const entry = model.get(record.order);
            if (phase === 'start') {
              if (entry === undefined || entry.due !== record.start) {
                wrong.push(`${record.order} polled at ${record.start}, due ${entry?.due ?? 'never'}`);
              }
              if (entry !== undefined) entry.due = undefined;
              return;
            }
            if (entry === undefined) return;
            if (outcome === 'done') {
              model.delete(record.order);
              return;
            }
            const delay = expectedDelay(entry.previous, t.isHealthy());
            entry.previous = delay;
            entry.due = t.clock.now() + delay;
          });
          for (let i = 0; i < orders; i++) {
            const id = `order-${i}`;
            const delay = expectedDelay(undefined, t.isHealthy());
            model.set(id, { previous: delay, due: t.clock.now() + delay });
            t.detector.watch(id);
          }
          for (const step of steps) {
            if (step.kind === 'advance') await t.clock.advance(step.ms);
            else if (step.kind === 'unwatch') {
              t.detector.unwatch(`order-${step.order}`);
              model.delete(`order-${step.order}`);
            } else if (step.healthy !== t.isHealthy()) {
              t.setHealthy(step.healthy);
              const soonest = t.clock.now() + expectedDelay(undefined, step.healthy);
              for (const entry of model.values()) {
                if (entry.due !== undefined && soonest < entry.due) {
                  entry.due = soonest;
                  entry.previous = expectedDelay(undefined, step.healthy);
                }
              }
            }
            for (const [id, entry] of model) {
              if (entry.due !== undefined && entry.due <= t.clock.now()) wrong.push(`${id} missed its poll due at ${entry.due}`);
            }
          }
          expect(wrong).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never overlaps two polls of one order, stops polling an unwatched order, and leaves no timer after stop()', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(planArb, { minLength: 1, maxLength: 12 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        async (orders, plans, steps) => {
          const t = setUp(orders, plans);
          const unwatchedAt = new Map<string, number>();
          for (const step of steps) {
            if (step.kind === 'advance') await t.clock.advance(step.ms);
            else if (step.kind === 'health') t.setHealthy(step.healthy);
            else if (step.order < orders && !unwatchedAt.has(`order-${step.order}`)) {
              t.detector.unwatch(`order-${step.order}`);
              unwatchedAt.set(`order-${step.order}`, t.clock.now());
            }
          }
          expect(t.overlaps).toEqual([]);
          for (const [id, at] of unwatchedAt) expect(t.polls.filter((p) => p.order === id && p.start > at)).toEqual([]);
          // Orders still watched are still being polled: none was silently dropped.
          for (const id of t.ids) {
            if (!t.detector.isWatching(id)) continue;
            const before = t.clock.now();
            await t.clock.advance(5_000);
            // Within 5 s: an answer still on its way (≤ 3 s) plus the longest wait (2 s).
            const polledSince = t.starts(id).some((at) => at > before);
            expect(polledSince || !t.detector.isWatching(id), `${id} not polled after ${before}`).toBe(true);
          }
          const stopping = t.detector.stop();
          await t.clock.advance(3_000); // lets a poll still in flight answer
          await stopping;
          expect(t.detector.watchedCount()).toBe(0);
          expect(t.clock.manual.pendingTimers()).toBe(0);
          const polled = t.polls.length;
          await t.clock.advance(10_000);
          expect(t.polls.length).toBe(polled);
        },
      ),
      { numRuns: 150 },
    );
  });
});
