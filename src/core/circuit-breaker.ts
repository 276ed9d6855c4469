import { ValidationError } from '../domain/errors.js';
import type { Clock } from './clock.js';
import type { ErrorClass } from './error-class.js';

export interface CircuitBreakerOptions {
  readonly clock: Clock;
  /** Failures within the window that trip the breaker. */
  readonly failureThreshold?: number;
  readonly windowMs?: number;
}

export type CircuitState = 'closed' | 'open';

export type TripListener = (reason: string) => void;

/**
 * Decides when the broker is failing often enough that new orders should stop. It trips after
 * `failureThreshold` failures inside `windowMs` with no success between them, and stays open until
 * reset() (a manual resume): what halting means is the engine's business, not this module's.
 *
 * A success starts the count over because it proves the broker is answering: at 200 requests a
 * minute, a few scattered 503s among hundreds of good calls must not halt trading.
 */
export class CircuitBreaker {
  private readonly clock: Clock;
  private readonly failureThreshold: number;
  private readonly windowMs: number;
  private failures: number[] = [];
  private current: CircuitState = 'closed';
  private readonly listeners: TripListener[] = [];

  constructor(options: CircuitBreakerOptions) {
    this.clock = options.clock;
    this.failureThreshold = options.failureThreshold ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    if (!(Number.isInteger(this.failureThreshold) && this.failureThreshold >= 1)) {
      throw new ValidationError('circuit breaker threshold must be a whole number ≥ 1');
    }
    if (!(Number.isFinite(this.windowMs) && this.windowMs > 0)) {
      throw new ValidationError('circuit breaker window must be a positive number of ms');
    }
  }

  recordSuccess(): void {
    if (this.current === 'closed') this.failures = [];
  }

  /**
   * Counts a failed broker call. Permanent failures are ignored: a rejected order is the trader's
   * problem, not a sign of the broker's health. `label` (e.g. `503`) goes into the trip reason.
   */
  recordFailure(errorClass: ErrorClass, label?: string): void {
    if (errorClass === 'permanent' || this.current === 'open') return;
    const now = this.clock.now();
    this.failures = this.failures.filter((at) => at > now - this.windowMs);
    this.failures.push(now);
    if (this.failures.length < this.failureThreshold) return;
    const reason = `${this.failures.length} broker failures in ${formatSpan(this.windowMs)}${label === undefined ? '' : ` (last: ${label})`}`;
    this.current = 'open';
    this.failures = [];
    for (const listener of [...this.listeners]) listener(reason);
  }

  state(): CircuitState {
    return this.current;
  }

  /** Calls `listener` once each time the breaker opens; returns the unsubscribe. */
  onTrip(listener: TripListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  /** Closes the breaker with a clean count. */
  reset(): void {
    this.current = 'closed';
    this.failures = [];
  }
}

function formatSpan(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
