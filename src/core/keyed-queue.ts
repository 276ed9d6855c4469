import { BlotterError } from '../domain/errors.js';

export class LaneFullError extends BlotterError {}

export interface KeyedQueueOptions {
  /** Tasks one key may have queued or running; past that run() refuses. */
  readonly maxDepth?: number;
  readonly now?: () => number;
  /** Told when a task starts: how long it waited and how deep the lane was when it joined. */
  readonly onStart?: (key: string, waitedMs: number, depth: number) => void;
}

/**
 * Runs tasks one at a time per key, in arrival order; tasks for different keys run concurrently.
 * All order work and every broker event for one symbol goes through the symbol's lane, so a fill
 * can never interleave with a submit or cancel of the same symbol. Lanes are bounded: a symbol
 * whose lane is full refuses new work with a clear error rather than queueing without end.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly depths = new Map<string, number>();
  /** Lanes running a task synchronously right now (see runNowIfIdle). */
  private readonly runningNow = new Set<string>();
  /** Opens when the synchronous task of a lane ends, for work that joined while it ran. */
  private readonly gates = new Map<string, () => void>();
  private readonly maxDepth: number;

  constructor(private readonly options: KeyedQueueOptions = {}) {
    this.maxDepth = options.maxDepth ?? 10_000;
  }

  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    const depth = this.depth(key);
    if (depth >= this.maxDepth) {
      return Promise.reject(new LaneFullError(`${key}: ${depth} operations already waiting; try again when they have gone through`));
    }
    const previous = this.tails.get(key) ?? (this.runningNow.has(key) ? this.gate(key) : Promise.resolve());
    this.depths.set(key, (this.depths.get(key) ?? 0) + 1);
    const joined = this.options.now?.();
    const start = (): Promise<T> | T => {
      if (joined !== undefined) this.options.onStart?.(key, (this.options.now?.() ?? joined) - joined, depth + 1);
      return task();
    };
    const result = previous.then(start, start);
    const tail: Promise<void> = result.then(
      () => this.settle(key, tail),
      () => this.settle(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  /**
   * Like run(), but when the key's lane is idle the task runs at once, synchronously, instead of a
   * few promise hops later: a stream of fills for idle symbols is applied as it arrives, with no
   * allocation per hop. Returns undefined when the task ran here; the queued run() otherwise. Work
   * that joins the lane while the task runs waits for it, as with run().
   */
  runNowIfIdle(key: string, task: () => void): Promise<void> | undefined {
    if (this.tails.has(key) || this.runningNow.has(key)) return this.run(key, task);
    // Counted in depth() through runningNow: no map write per fill.
    this.runningNow.add(key);
    if (this.options.now !== undefined) this.options.onStart?.(key, 0, 1);
    try {
      task();
      return undefined;
    } catch (error) {
      return Promise.reject(error);
    } finally {
      this.runningNow.delete(key);
      const open = this.gates.get(key);
      this.gates.delete(key);
      open?.();
    }
  }

  /** Tasks queued or running for `key`. */
  depth(key: string): number {
    return (this.depths.get(key) ?? 0) + (this.runningNow.has(key) ? 1 : 0);
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

  private gate(key: string): Promise<void> {
    return new Promise((open) => this.gates.set(key, open));
  }
}
