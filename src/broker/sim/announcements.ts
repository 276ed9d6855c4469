import type { TradeUpdate } from '../port.js';
import type { SimTimers } from './timers.js';

/** The exchange's side of a commit: what is unwritten, and writing it. */
export interface PendingChanges {
  readonly dirty: boolean;
  /**
   * Writes everything changed so far (`whole`: as a full snapshot); on failure the changes stay
   * pending and it rejects.
   */
  commit(whole: boolean): Promise<void>;
  /** A commit failed; it is retried after a pause, and nothing is announced meanwhile. */
  failed(error: unknown): void;
}

/** Pauses between retries of a failed commit: a full disk is not hammered, and it is tried again soon. */
const RETRY_MS = [100, 250, 500, 1_000, 2_000, 5_000] as const;

/**
 * The exchange's rule that it never forgets what it said: a trade update, or the answer to a
 * request, goes out only once the state it reports is durable. Changes are written in groups, one
 * write at a time, each carrying everything changed since the last; updates leave in the order they
 * were made. Without durability (an in-memory exchange) everything goes out at once, as before.
 */
export class Announcements {
  private waiting: TradeUpdate[] = [];
  private waiters: (() => void)[] = [];
  private running: Promise<void> | undefined;
  /**
   * Whether the loop will look at the queues again. Cleared by the loop itself at the moment it
   * decides to stop, not when its promise settles a few microtasks later: work that arrives in
   * between (a waiter it has just resolved asking again) must start a new loop, not wait on one that
   * has already finished.
   */
  private active = false;
  private again = false;
  private failures = 0;
  private stopRetry: (() => void) | undefined;
  private wholeWanted = false;

  constructor(
    private readonly changes: PendingChanges | undefined,
    private readonly timers: SimTimers,
    private readonly deliver: (update: TradeUpdate) => void,
  ) {}

  announce(update: TradeUpdate): void {
    if (this.changes === undefined) {
      this.deliver(update);
      return;
    }
    this.waiting.push(update);
    this.kick();
  }

  /** Resolves once everything changed so far is durable and every update made so far has gone out. */
  settled(): Promise<void> {
    if (this.changes === undefined) return Promise.resolve();
    if (!this.changes.dirty && !this.active && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.kick();
    });
  }

  /** Resolves once the whole state has been written as a snapshot (now or by a write already due). */
  checkpoint(): Promise<void> {
    if (this.changes === undefined) return Promise.resolve();
    this.wholeWanted = true;
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.kick();
    });
  }

  /** Resolves once the commit loop has stopped; nothing is left unwritten unless writes keep failing. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Stops retrying a failed commit (the exchange is closing). */
  stop(): void {
    this.stopRetry?.();
    this.stopRetry = undefined;
  }

  private kick(): void {
    if (this.active || this.stopRetry !== undefined) {
      this.again = true;
      return;
    }
    this.active = true;
    const running = this.loop().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
  }

  /**
   * Writes and announces until nothing is left. `active` is cleared in the same step as the decision
   * to stop, so anything queued after that decision starts a new loop.
   */
  private async loop(): Promise<void> {
    const changes = this.changes as PendingChanges;
    try {
      for (;;) {
        this.again = false;
        const updates = this.waiting;
        const waiters = this.waiters;
        this.waiting = [];
        this.waiters = [];
        if (changes.dirty || this.wholeWanted) {
          const whole = this.wholeWanted;
          this.wholeWanted = false;
          try {
            await changes.commit(whole);
            this.failures = 0;
          } catch (error) {
            this.wholeWanted ||= whole;
            this.waiting = [...updates, ...this.waiting];
            this.waiters = [...waiters, ...this.waiters];
            changes.failed(error);
            this.retryLater();
            this.active = false;
            return;
          }
        }
        for (const update of updates) this.deliver(update);
        for (const resolve of waiters) resolve();
        if (!this.again && this.waiting.length === 0 && this.waiters.length === 0) {
          this.active = false;
          return;
        }
      }
    } catch (error) {
      this.active = false;
      throw error;
    }
  }

  private retryLater(): void {
    const pause = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)] as number;
    this.failures += 1;
    this.stopRetry = this.timers.after(pause, () => {
      this.stopRetry = undefined;
      this.kick();
    });
  }
}
