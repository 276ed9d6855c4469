import { formatSpan, type CircuitBreaker } from './circuit-breaker.js';
import type { Clock } from '../kernel/clock.js';
import { errorLabel } from './error-class.js';
import type { LogLevel } from '../kernel/log-entry.js';

export interface BreakerRecoveryDeps {
  readonly breaker: CircuitBreaker;
  readonly clock: Clock;
  /** One cheap read of the broker, sent once, without retries: its answer is the verdict. */
  readonly probe: () => Promise<unknown>;
  readonly log: (level: LogLevel, text: string) => void;
  /** Runs a task the engine owns (tracked, so shutdown waits for it). */
  readonly run: (task: Promise<unknown>) => void;
}

/**
 * Brings a tripped circuit breaker back without anyone typing `resume`: each cool-down after it
 * opens, one probe goes to the broker. An answer closes the breaker (its listeners say so and lift
 * the halt); a failure opens it for another cool-down. Owns its one timer until stop().
 */
export class BreakerRecovery {
  private cancelTimer: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: BreakerRecoveryDeps) {
    deps.breaker.onTrip(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = this.deps.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.deps.run(this.probe());
    }, this.deps.breaker.coolDownMs);
  }

  private async probe(): Promise<void> {
    const { breaker, log } = this.deps;
    // Closed meanwhile by a trader's resume: nothing to probe for.
    if (this.stopped || !breaker.beginProbe()) return;
    try {
      await this.deps.probe();
    } catch (error) {
      if (this.stopped || !breaker.probeFailed()) return;
      log('warn', `broker still failing (${errorLabel(error)}): circuit stays open, new orders refused; trying again in ${formatSpan(breaker.coolDownMs)}`);
      this.schedule();
      return;
    }
    breaker.probeSucceeded();
  }
}
