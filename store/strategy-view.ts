import type { Decimal } from '../src/domain/decimal.js';

export type StrategyState = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

/**
 * One strategy as the strategies pane shows it. The core has no strategies yet; this is the shape
 * the strategy manager's events are to be folded into, so the pane only needs feeding.
 */
export interface StrategyView {
  /** What `strategy stop <id>` takes. */
  readonly id: string;
  /** The built-in it runs, e.g. `sma-cross`. */
  readonly name: string;
  /** The symbols it owns (one strategy per symbol). */
  readonly symbols: readonly string[];
  readonly state: StrategyState;
  /** Realized plus unrealized P&L of its own fills. */
  readonly pnl: Decimal;
}
