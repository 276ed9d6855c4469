import type { SimTimers } from './timers.js';

/**
 * One channel's outage: down from start() until its time runs out or end() is called. Overlapping
 * outages merge, and one under way only ever gets longer, so a periodic outage cannot cut short a
 * longer one started by hand.
 */
export class Outage {
  private isDown = false;
  /** When the outage under way ends; undefined while it lasts until end(). */
  private endsAt: number | undefined;
  private stopTimer: (() => void) | undefined;

  constructor(
    private readonly timers: SimTimers,
    private readonly now: () => number,
    private readonly changed: (down: boolean) => void,
  ) {}

  get down(): boolean {
    return this.isDown;
  }

  /** Down for `ms`, or until end() when no time is given. */
  start(ms?: number): void {
    if (ms !== undefined && !(ms >= 0)) throw new Error(`an outage lasts zero or more milliseconds, got ${ms}`);
    const until = ms === undefined ? undefined : this.now() + ms;
    const wasDown = this.isDown;
    if (wasDown && (this.endsAt === undefined || (until !== undefined && until <= this.endsAt))) return;
    this.stopTimer?.();
    this.endsAt = until;
    this.stopTimer = ms === undefined ? undefined : this.timers.after(ms, () => this.end());
    this.isDown = true;
    if (!wasDown) this.changed(true);
  }

  end(): void {
    if (!this.isDown) return;
    this.stopTimer?.();
    this.stopTimer = undefined;
    this.endsAt = undefined;
    this.isDown = false;
    this.changed(false);
  }
}
