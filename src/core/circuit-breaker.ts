import { ValidationError } from '../domain/errors.js';
import type { Clock } from '../kernel/clock.js';
import type { ErrorClass } from './error-class.js';

export interface CircuitBreakerOptions {
  readonly clock: Clock;
  /** Failures within the window that trip the breaker. */
  readonly failureThreshold?: number;
  readonly windowMs?: number;
  /** How long the breaker stays open before one probe may test the broker. */
  readonly coolDownMs?: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export type TripListener = (reason: string) => void;

/**
 * Decides when the broker is failing often enough that new orders should stop, and when it is
 * answering again. It trips after `failureThreshold` failures inside `windowMs` with no success
 * between them. Once `coolDownMs` has passed it half-opens for one probe: the probe's answer
 * closes it, its failure opens it for another cool-down. What halting means, and sending the
 * probe, is the engine's business, not this module's.
 *
 * A success starts the count over because it proves the broker is answering: at 200 requests a
 * minute, a few scattered 503s among hundreds of good calls must not halt trading. While open,
 * only the probe decides: other calls (polls, cancels) go on, and one lucky answer among failures
 * must not reopen trading.
 */
export class CircuitBreaker {
  readonly coolDownMs: number;
  private readonly clock: Clock;
  private readonly failureThreshold: number;
  private readonly windowMs: number;
  private failures: number[] = [];
  private current: CircuitState = 'closed';
  private openedAt = 0;
  private readonly tripListeners: TripListener[] = [];
  private readonly closeListeners: (() => void)[] = [];

  constructor(options: CircuitBreakerOptions) {
    this.clock = options.clock;
    this.failureThreshold = options.failureThreshold ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    if (!(Number.isInteger(this.failureThreshold) && this.failureThreshold >= 1)) {
      throw new ValidationError('circuit breaker threshold must be a whole number ≥ 1');
    }
    if (!(Number.isFinite(this.windowMs) && this.windowMs > 0)) {
      throw new ValidationError('circuit breaker window must be a positive number of ms');
    }
    if (!(Number.isFinite(this.coolDownMs) && this.coolDownMs > 0)) {
      throw new ValidationError('circuit breaker cool-down must be a positive number of ms');
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
    if (errorClass === 'permanent' || this.current !== 'closed') return;
    const now = this.clock.now();
    this.failures = this.failures.filter((at) => at > now - this.windowMs);
    this.failures.push(now);
    if (this.failures.length < this.failureThreshold) return;
    const reason = `${this.failures.length} broker failures in ${formatSpan(this.windowMs)}${label === undefined ? '' : ` (last: ${label})`}`;
    this.current = 'open';
    this.openedAt = now;
    this.failures = [];
    for (const listener of [...this.tripListeners]) listener(reason);
  }

  state(): CircuitState {
    return this.current;
  }

  /** Half-opens an open breaker whose cool-down is over; true when the caller may send its probe now. */
  beginProbe(): boolean {
    if (this.current !== 'open' || this.clock.now() < this.openedAt + this.coolDownMs) return false;
    this.current = 'half_open';
    return true;
  }

  /** The probe was answered: the breaker closes with a clean count. */
  probeSucceeded(): void {
    if (this.current !== 'half_open') return;
    this.current = 'closed';
    this.failures = [];
    for (const listener of [...this.closeListeners]) listener();
  }

  /** The probe failed: open again for another cool-down. False when no probe was due (a reset came first). */
  probeFailed(): boolean {
    if (this.current !== 'half_open') return false;
    this.current = 'open';
    this.openedAt = this.clock.now();
    return true;
  }

  /** Calls `listener` once each time the breaker opens; returns the unsubscribe. */
  onTrip(listener: TripListener): () => void {
    return subscribe(this.tripListeners, listener);
  }

  /** Calls `listener` each time a probe closes the breaker (not on reset()); returns the unsubscribe. */
  onClose(listener: () => void): () => void {
    return subscribe(this.closeListeners, listener);
  }

  /** Closes the breaker with a clean count, by hand (a trader's resume). */
  reset(): void {
    this.current = 'closed';
    this.failures = [];
  }
}

function subscribe<T>(listeners: T[], listener: T): () => void {
  listeners.push(listener);
  return () => {
    const index = listeners.indexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  };
}

export function formatSpan(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
