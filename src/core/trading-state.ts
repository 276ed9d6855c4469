import type { TradingState } from './risk-gate.js';

export interface TradingStatus {
  readonly state: TradingState;
  /** Why trading is halted, in words for the status bar and the log. */
  readonly reason?: string;
}

/** ACTIVE or HALTED. While halted, new orders are refused; cancels and closing orders go through. */
export class TradingSwitch {
  private current: TradingStatus = { state: 'active' };

  constructor(private readonly onChange: (status: TradingStatus) => void) {}

  get status(): TradingStatus {
    return this.current;
  }

  halt(reason: string): boolean {
    if (this.current.state === 'halted') return false;
    this.current = { state: 'halted', reason };
    this.onChange(this.current);
    return true;
  }

  resume(): boolean {
    if (this.current.state === 'active') return false;
    this.current = { state: 'active' };
    this.onChange(this.current);
    return true;
  }
}
