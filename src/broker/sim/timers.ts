import type { Clock } from '../../kernel/clock.js';

/** Every timer the exchange starts, so close() can stop them all and none outlives it. */
export class SimTimers {
  private readonly live = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  after(ms: number, fn: () => void): () => void {
    let clear: () => void = () => undefined;
    const cancel = (): void => {
      this.live.delete(cancel);
      clear();
    };
    clear = this.clock.setTimer(() => {
      this.live.delete(cancel);
      fn();
    }, ms);
    this.live.add(cancel);
    return cancel;
  }

  every(ms: number, fn: () => void): () => void {
    const clear = this.clock.setRepeating(fn, ms);
    const cancel = (): void => {
      this.live.delete(cancel);
      clear();
    };
    this.live.add(cancel);
    return cancel;
  }

  cancelAll(): void {
    for (const cancel of [...this.live]) cancel();
  }

  get size(): number {
    return this.live.size;
  }
}
