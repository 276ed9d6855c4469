import type { MarketClock } from '../broker/port.js';
import type { Clock } from '../kernel/clock.js';

/** Re-read a moment after the open or close, so the broker's own clock has turned. */
const AFTER_TRANSITION_MS = 2_000;
/** Even with no transition in sight (a broker that gives none), look again this often. */
const LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;
/** After a failed read, try again this much later. */
const RETRY_MS = 60_000;

export interface MarketClockWatchOptions {
  readonly clock: Clock;
  readonly read: () => Promise<MarketClock>;
  readonly apply: (marketClock: MarketClock) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * Keeps the market clock (open or closed, the next open and close) true through a long session at
 * the cost of two reads a day: one timer, armed for just after the next open or close the broker
 * announced, rather than a read every minute out of the same request budget as fills.
 */
export class MarketClockWatch {
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: MarketClockWatchOptions) {}

  /** The clock just read: applied, and the next read armed from it. */
  follow(marketClock: MarketClock): void {
    const { clock } = this.options;
    const next = marketClock.isOpen ? marketClock.nextClose : marketClock.nextOpen;
    const at = next === undefined ? Number.NaN : Date.parse(next);
    const wait = Number.isNaN(at) ? LONGEST_WAIT_MS : Math.min(LONGEST_WAIT_MS, Math.max(0, at - clock.now()) + AFTER_TRANSITION_MS);
    this.arm(wait);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(wait: number): void {
    this.cancel?.();
    if (this.stopped) return;
    this.cancel = this.options.clock.setTimer(() => void this.refresh(), wait);
  }

  private async refresh(): Promise<void> {
    this.cancel = undefined;
    let marketClock: MarketClock;
    try {
      marketClock = await this.options.read();
    } catch (error) {
      this.options.onError(error);
      this.arm(RETRY_MS);
      return;
    }
    if (this.stopped) return;
    this.options.apply(marketClock);
    this.follow(marketClock);
  }
}
