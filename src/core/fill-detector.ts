import type { Clock } from '../kernel/clock.js';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule } from './poll-schedule.js';

interface Watched {
  delayMs: number | undefined;
  dueAt: number;
  cancel: () => void;
  polling: boolean;
}

export interface FillDetectorOptions {
  readonly clock: Clock;
  readonly schedule?: PollSchedule;
  readonly streamHealthy: () => boolean;
  /**
   * Polls one order and applies what the broker says. Resolves to whether the order is still
   * working (so polling goes on). Failures are the caller's to report; polling goes on after them.
   */
  readonly poll: (clientOrderId: string) => Promise<boolean>;
  readonly onError: (error: unknown) => void;
}

/**
 * Polls every working order on an adaptive schedule, next to the trade-update stream, so a fill
 * the stream drops is still seen. One timer per order; a poll never overlaps the next.
 */
export class FillDetector {
  private readonly watched = new Map<string, Watched>();
  private readonly schedule: PollSchedule;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: FillDetectorOptions) {
    this.schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
  }

  watch(clientOrderId: string): void {
    if (this.stopped || this.watched.has(clientOrderId)) return;
    const entry: Watched = { delayMs: undefined, dueAt: Number.POSITIVE_INFINITY, cancel: () => {}, polling: false };
    this.watched.set(clientOrderId, entry);
    this.arm(clientOrderId, entry);
  }

  unwatch(clientOrderId: string): void {
    this.watched.get(clientOrderId)?.cancel();
    this.watched.delete(clientOrderId);
  }

  isWatching(clientOrderId: string): boolean {
    return this.watched.has(clientOrderId);
  }

  watchedCount(): number {
    return this.watched.size;
  }

  /**
   * The stream's health changed. Unhealthy: every order's next poll comes forward to the fast rate
   * (never later than it was due). Healthy again: polls stay where they are and slow down from the
   * next one on. A flapping stream therefore never postpones a poll.
   */
  streamChanged(): void {
    if (this.options.streamHealthy()) return;
    const soon = this.options.clock.now() + this.schedule.unhealthyMs;
    for (const [id, entry] of this.watched) {
      if (entry.polling || entry.dueAt <= soon) continue;
      entry.cancel();
      entry.delayMs = this.schedule.unhealthyMs;
      this.armAt(id, entry, this.schedule.unhealthyMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.watched.values()) entry.cancel();
    this.watched.clear();
    await Promise.all([...this.inFlight]);
  }

  private arm(clientOrderId: string, entry: Watched): void {
    const delay = nextPollDelay(this.schedule, entry.delayMs, this.options.streamHealthy());
    entry.delayMs = delay;
    this.armAt(clientOrderId, entry, delay);
  }

  private armAt(clientOrderId: string, entry: Watched, delay: number): void {
    entry.dueAt = this.options.clock.now() + delay;
    entry.cancel = this.options.clock.setTimer(() => this.fire(clientOrderId, entry), delay);
  }

  private fire(clientOrderId: string, entry: Watched): void {
    entry.polling = true;
    const run = this.options
      .poll(clientOrderId)
      .catch((error: unknown) => {
        this.options.onError(error);
        return true;
      })
      .then((stillWorking) => {
        entry.polling = false;
        if (this.stopped || this.watched.get(clientOrderId) !== entry) return;
        if (stillWorking) this.arm(clientOrderId, entry);
        else this.watched.delete(clientOrderId);
      });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
