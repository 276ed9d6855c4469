import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { SignalSlots, type SlotLease, type SlotRun, type SlotTake } from '../../src/strategy/signal-slots.js';

const CAPACITY = 3;
const STRATEGIES = 10;
const SYMBOLS = ['AAPL', 'MSFT', 'TSLA'] as const;

/** How a signal's slot comes free: by hand, with its order's end (filled or failed), or by a throw. */
type End = 'release' | 'order-filled' | 'order-failed' | 'throws' | 'scoped';

interface Step {
  readonly symbol: string;
  readonly wait: number;
  readonly hold: number;
  readonly end: End;
}

interface Plan {
  /** Two workers per strategy, so one strategy races itself for a symbol as well as the others. */
  readonly workers: readonly (readonly Step[])[];
  readonly stops: readonly { readonly strategy: number; readonly at: number }[];
}

/** What the race needs of a slot keeper, so a broken one can run the same race. */
interface Slots {
  take(strategyId: string, symbol: string): SlotTake | Promise<SlotTake>;
  withSlot<T>(strategyId: string, symbol: string, work: (lease: SlotLease) => Promise<T>): Promise<SlotRun<T>>;
  releaseAll(strategyId: string): unknown;
}

interface Outcome {
  readonly violations: string[];
  readonly attempts: number;
  readonly stillHeld: number;
}

const stepArb = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  wait: fc.nat({ max: 4 }),
  hold: fc.nat({ max: 6 }),
  end: fc.constantFrom<End>('release', 'order-filled', 'order-failed', 'throws', 'scoped'),
});

const planArb: fc.Arbitrary<Plan> = fc.record({
  workers: fc.array(fc.array(stepArb, { minLength: 1, maxLength: 6 }), { minLength: STRATEGIES * 2, maxLength: STRATEGIES * 2 }),
  stops: fc.array(fc.record({ strategy: fc.nat({ max: STRATEGIES - 1 }), at: fc.nat({ max: 30 }) }), { maxLength: 3 }),
});

/**
 * Runs every worker at once on fake time and watches, independently of the keeper's own books,
 * which signals believe they hold a slot: a grant that would make more than CAPACITY, or a second
 * one for a strategy and symbol, is a violation.
 */
async function race(slots: Slots, plan: Plan, clock: ManualClock): Promise<Outcome> {
  const violations: string[] = [];
  const inFlight = new Map<string, object>();
  const stopped = new Set<string>();
  let attempts = 0;
  const sleep = (ms: number): Promise<void> => new Promise((wake) => clock.setTimer(wake, ms));

  const granted = (strategyId: string, key: string): object => {
    const token = {};
    // A stop frees its strategy's slots; a grant it overtook (still a promise hop from here) is gone.
    if (stopped.has(strategyId)) return token;
    if (inFlight.has(key)) violations.push(`two signals in flight for ${key}`);
    if (inFlight.size >= CAPACITY) violations.push(`${inFlight.size + 1} signals in flight for ${CAPACITY} slots`);
    inFlight.set(key, token);
    return token;
  };
  const done = (key: string, token: object): void => {
    if (inFlight.get(key) === token) inFlight.delete(key);
  };

  const signal = async (strategyId: string, step: Step): Promise<void> => {
    const key = `${strategyId} ${step.symbol}`;
    attempts++;
    if (step.end === 'throws' || step.end === 'scoped') {
      const run = slots.withSlot(strategyId, step.symbol, async () => {
        const token = granted(strategyId, key);
        await sleep(step.hold);
        done(key, token);
        if (step.end === 'throws') throw new Error('strategy failed mid-signal');
      });
      await run.catch(() => undefined);
      return;
    }
    const taken = await slots.take(strategyId, step.symbol);
    if (!taken.ok) return;
    const token = granted(strategyId, key);
    // Once its strategy is stopped, a signal's own release never comes (its order's end is no
    // longer listened for): only the stop can free its slot.
    if (step.end === 'release') {
      await sleep(step.hold);
      done(key, token);
      if (!stopped.has(strategyId)) taken.lease.release();
      return;
    }
    let settle = (): void => undefined;
    const orderEnd = new Promise<void>((filled, failed) => {
      settle = step.end === 'order-filled' ? filled : () => failed(new Error('rejected'));
    });
    taken.lease.holdUntil(orderEnd);
    await sleep(step.hold);
    done(key, token);
    if (!stopped.has(strategyId)) settle();
  };

  const worker = async (index: number, steps: readonly Step[]): Promise<void> => {
    const strategyId = `s${index % STRATEGIES}`;
    for (const step of steps) {
      await sleep(step.wait);
      if (stopped.has(strategyId)) return;
      await signal(strategyId, step);
    }
  };

  for (const stop of plan.stops) {
    clock.setTimer(() => {
      const strategyId = `s${stop.strategy}`;
      stopped.add(strategyId);
      for (const symbol of SYMBOLS) inFlight.delete(`${strategyId} ${symbol}`);
      slots.releaseAll(strategyId);
    }, stop.at);
  }

  let finished = false;
  const all = Promise.all(plan.workers.map((steps, index) => worker(index, steps))).finally(() => {
    finished = true;
  });
  while (!finished || clock.pendingTimers() > 0) await clock.advanceAsync(1, 1);
  await all;
  return { violations, attempts, stillHeld: inFlight.size };
}

describe('signal slots under racing strategies', () => {
  it('10 strategies on 3 slots never hold more than 3 or two per strategy and symbol, and end with every slot free', async () => {
    let refusedInFlight = 0;
    let refusedAllInUse = 0;
    let peak = 0;
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const clock = new ManualClock();
        const slots = new SignalSlots(CAPACITY, clock);
        const outcome = await race(slots, plan, clock);
        const figures = slots.figures();
        expect(outcome.violations).toEqual([]);
        expect(outcome.stillHeld).toBe(0);
        expect(slots.holdings()).toEqual([]);
        expect(figures.inUse).toBe(0);
        expect(figures.peak).toBeLessThanOrEqual(CAPACITY);
        expect(figures.released).toBe(figures.taken);
        expect(figures.taken + figures.refused.all_in_use + figures.refused.in_flight).toBe(outcome.attempts);
        refusedInFlight += figures.refused.in_flight;
        refusedAllInUse += figures.refused.all_in_use;
        peak = Math.max(peak, figures.peak);
      }),
      { numRuns: 200 },
    );
    // The race was a real one: every slot got taken and both refusals happened.
    expect(peak).toBe(CAPACITY);
    expect(refusedInFlight).toBeGreaterThan(0);
    expect(refusedAllInUse).toBeGreaterThan(0);
  });

  it('fails for a keeper that checks, awaits, then takes', async () => {
    const property = fc.asyncProperty(planArb, async (plan) => {
      const outcome = await race(new CheckThenAwaitThenTake(), plan, new ManualClock());
      if (outcome.violations.length > 0) throw new Error(outcome.violations.join('; '));
    });
    const result = await fc.check(property, { numRuns: 60 });
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/signals in flight/);
  });

  it('names both ways a check-then-await-then-take keeper breaks', async () => {
    const everyoneAtOnce: Plan = {
      workers: Array.from({ length: STRATEGIES * 2 }, (_, index) => [{ symbol: SYMBOLS[(index % STRATEGIES) % SYMBOLS.length] ?? 'AAPL', wait: 0, hold: 3, end: 'release' as const }]),
      stops: [],
    };
    const outcome = await race(new CheckThenAwaitThenTake(), everyoneAtOnce, new ManualClock());
    expect(outcome.violations).toContain(`${CAPACITY + 1} signals in flight for ${CAPACITY} slots`);
    expect(outcome.violations).toContain('two signals in flight for s0 AAPL');
  });
});

/** The seeds' bug in TypeScript: the check and the take are split by an await (a log write, say). */
class CheckThenAwaitThenTake implements Slots {
  private readonly held = new Set<string>();

  async take(strategyId: string, symbol: string): Promise<SlotTake> {
    const key = `${strategyId} ${symbol}`;
    if (this.held.has(key) || this.held.size >= CAPACITY) return { ok: false, reason: 'all_in_use', message: 'no slot' };
    await Promise.resolve();
    this.held.add(key);
    let released = false;
    const release = (): boolean => {
      if (released) return false;
      released = true;
      return this.held.delete(key);
    };
    const lease: SlotLease = {
      signal: 0,
      strategyId,
      symbol,
      since: 0,
      get released() {
        return released;
      },
      release,
      holdUntil: (done) => void done.then(release, release),
    };
    return { ok: true, lease };
  }

  async withSlot<T>(strategyId: string, symbol: string, work: (lease: SlotLease) => Promise<T>): Promise<SlotRun<T>> {
    const taken = await this.take(strategyId, symbol);
    if (!taken.ok) return taken;
    try {
      return { ok: true, value: await work(taken.lease) };
    } finally {
      taken.lease.release();
    }
  }

  releaseAll(): void {
    this.held.clear();
  }
}
