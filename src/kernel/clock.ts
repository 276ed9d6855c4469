/**
 * Time as the core sees it. Everything that waits (latency models, market ticks, batching, later
 * timeouts and backoff) goes through a Clock, so tests run on a ManualClock and never sleep.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
  /** Runs `fn` every `ms`; the returned function stops it. */
  setRepeating(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
  setRepeating(fn, ms) {
    const handle = setInterval(fn, ms);
    handle.unref?.();
    return () => clearInterval(handle);
  },
};

interface Scheduled {
  readonly id: number;
  at: number;
  readonly fn: () => void;
  readonly every?: number;
}

/** A clock that only moves when told to. Timers due at the same instant run in the order set. */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private scheduled: Scheduled[] = [];

  constructor(start = Date.UTC(2026, 0, 5, 15, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    return this.schedule({ id: this.nextId++, at: this.time + Math.max(0, ms), fn });
  }

  setRepeating(fn: () => void, ms: number): () => void {
    const every = Math.max(1, ms);
    return this.schedule({ id: this.nextId++, at: this.time + every, fn, every });
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.scheduled
        .filter((s) => s.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.time = due.at;
      if (due.every === undefined) this.scheduled = this.scheduled.filter((s) => s !== due);
      else due.at += due.every;
      due.fn();
    }
    this.time = target;
  }

  /** Advances in steps, letting promise callbacks run between them (for async code under test). */
  async advanceAsync(ms: number, step = 10): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      this.advance(Math.min(step, ms - done));
      await flushMicrotasks();
    }
  }

  pendingTimers(): number {
    return this.scheduled.length;
  }

  private schedule(entry: Scheduled): () => void {
    this.scheduled.push(entry);
    return () => {
      this.scheduled = this.scheduled.filter((s) => s !== entry);
    };
  }
}

/** Lets every already-queued promise continuation run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
