/**
 * Runs tasks one at a time per key, in arrival order; tasks for different keys run concurrently.
 * All order work and every broker event for one symbol goes through the symbol's lane, so a fill
 * can never interleave with a submit or cancel of the same symbol.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly depths = new Map<string, number>();

  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.depths.set(key, (this.depths.get(key) ?? 0) + 1);
    const result = previous.then(task, task);
    const tail: Promise<void> = result.then(
      () => this.settle(key, tail),
      () => this.settle(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  /** Tasks queued or running for `key`. */
  depth(key: string): number {
    return this.depths.get(key) ?? 0;
  }

  /** Resolves when every lane is idle. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private settle(key: string, tail: Promise<unknown>): void {
    const left = (this.depths.get(key) ?? 1) - 1;
    if (left === 0) this.depths.delete(key);
    else this.depths.set(key, left);
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}
