import type { Clock } from '../kernel/clock.js';
import { TaskSet } from '../core/task-set.js';

/**
 * A strategy's background promises, each named, so a stop can wait for them within a bound and say
 * which did not end. Built on the core's TaskSet, which owns them and reports their failures.
 */
export class TrackedWork {
  private readonly tasks: TaskSet;
  private readonly pending = new Map<number, string>();
  private next = 1;

  constructor(onError: (error: unknown) => void) {
    this.tasks = new TaskSet(onError);
  }

  track(label: string, work: Promise<unknown>): void {
    const key = this.next++;
    this.pending.set(key, label);
    this.tasks.track(work.finally(() => this.pending.delete(key)));
  }

  /** What is still running, by name. */
  running(): string[] {
    return [...this.pending.values()];
  }

  /** True once every tracked promise has settled, false if `withinMs` passed first. */
  idleWithin(withinMs: number, clock: Clock): Promise<boolean> {
    return settlesWithin(this.tasks.idle(), withinMs, clock);
  }
}

/** True when `work` settles (either way) within `withinMs` of the clock, false when the time ran out first. */
export function settlesWithin(work: Promise<unknown>, withinMs: number, clock: Clock): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = clock.setTimer(() => resolve(false), Math.max(0, withinMs));
    const settled = (): void => {
      cancel();
      resolve(true);
    };
    work.then(settled, settled);
  });
}
