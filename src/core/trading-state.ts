import type { TradingState } from './risk-gate.js';

export interface TradingStatus {
  readonly state: TradingState;
  /** Why trading is halted, in words for the status bar and the log: the most important hold's reason. */
  readonly reason?: string;
}

/**
 * Who is holding trading, each independently: the trader (`halt`, lifted only by `resume`), the
 * circuit breaker (lifted when it closes, or by `resume`), and the session's store (lifted only by
 * the session, once it can record orders again).
 */
export type Hold = 'trader' | 'breaker' | 'store';

// Most important first, for the reason shown: what no `resume` can lift, then the trader's own
// halt (only they lift it), then the breaker's (it lifts itself).
const PRECEDENCE: readonly Hold[] = ['store', 'trader', 'breaker'];

/** ACTIVE, or HALTED while any hold is on. While halted, new orders are refused; cancels and closing orders go through. */
export class TradingSwitch {
  private readonly holds = new Map<Hold, string>();
  private current: TradingStatus = { state: 'active' };

  constructor(private readonly onChange: (status: TradingStatus) => void) {}

  get status(): TradingStatus {
    return this.current;
  }

  /** Puts a hold on; false when it was already on (its first reason stands). */
  hold(hold: Hold, reason: string): boolean {
    if (this.holds.has(hold)) return false;
    this.holds.set(hold, reason);
    this.update();
    return true;
  }

  /** Lifts a hold; returns the reason it was put on with, undefined when it was not on. */
  release(hold: Hold): string | undefined {
    const reason = this.holds.get(hold);
    if (reason === undefined) return undefined;
    this.holds.delete(hold);
    this.update();
    return reason;
  }

  private update(): void {
    const top = PRECEDENCE.find((hold) => this.holds.has(hold));
    const next: TradingStatus = top === undefined ? { state: 'active' } : { state: 'halted', reason: this.holds.get(top) ?? '' };
    if (next.state === this.current.state && next.reason === this.current.reason) return;
    this.current = next;
    this.onChange(next);
  }
}
