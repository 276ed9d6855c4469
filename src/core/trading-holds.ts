import { formatSpan, type CircuitBreaker } from './circuit-breaker.js';
import { OrderRefusedError } from './errors.js';
import type { LogLevel } from '../kernel/log-entry.js';
import { TradingSwitch, type Hold, type TradingStatus } from './trading-state.js';

export interface TradingHoldsDeps {
  readonly breaker: CircuitBreaker;
  readonly log: (level: LogLevel, text: string) => void;
  /** Each hold that goes on is a halt, for the metrics. */
  readonly halted: () => void;
  readonly onChange: (status: TradingStatus) => void;
}

/**
 * Who may halt trading and who may lift it, with the words the trader reads each time: the trader
 * (`halt`, lifted by `resume`), the circuit breaker (lifted when it closes, or by `resume`), and the
 * session (a block only it lifts, e.g. while another process owns its files).
 */
export class TradingHolds {
  readonly switch: TradingSwitch;

  constructor(private readonly deps: TradingHoldsDeps) {
    this.switch = new TradingSwitch(deps.onChange);
    const coolDown = formatSpan(deps.breaker.coolDownMs);
    deps.breaker.onTrip((reason) =>
      this.hold('breaker', `circuit breaker: ${reason}`, `the broker is tried again in ${coolDown}, or resume to allow new orders now`),
    );
    deps.breaker.onClose(() => this.lift('breaker', () => 'broker answering again: circuit closed'));
  }

  get status(): TradingStatus {
    return this.switch.status;
  }

  /** The trader's halt: it stands until the trader resumes, whatever else comes and goes. */
  halt(reason: string): void {
    this.hold('trader', reason, 'resume to allow new orders');
  }

  /**
   * The trader's resume: lifts their halt and the circuit breaker's (closing it). A block the
   * session put on stays, and the refusal says why.
   */
  resume(): void {
    this.deps.breaker.reset();
    const lifted = [this.switch.release('trader'), this.switch.release('breaker')].some((reason) => reason !== undefined);
    const { state, reason } = this.switch.status;
    if (state === 'halted') throw new OrderRefusedError(`trading stays halted: ${reason ?? ''} — resume cannot lift this`);
    if (lifted) this.deps.log('info', 'trading resumed: new orders allowed');
  }

  /** The session's block: `resume` does not lift it, and its reason says what the trader must do. */
  block(reason: string): void {
    this.hold('store', reason, 'resume cannot lift this');
  }

  unblock(): void {
    this.lift('store', (reason) => `trading block lifted (${reason})`);
  }

  private hold(hold: Hold, reason: string, lifting: string): void {
    if (!this.switch.hold(hold, reason)) return;
    this.deps.halted();
    this.deps.log('warn', `trading halted (${reason}): new orders are refused; cancels and closes still go through; ${lifting}`);
  }

  private lift(hold: Hold, said: (reason: string) => string): void {
    const lifted = this.switch.release(hold);
    if (lifted === undefined) return;
    const { state, reason } = this.switch.status;
    if (state === 'active') this.deps.log('info', `${said(lifted)}, new orders allowed`);
    else this.deps.log('warn', `${said(lifted)}; trading stays halted (${reason ?? ''})`);
  }
}
