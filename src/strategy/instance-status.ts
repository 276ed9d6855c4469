import type { Decimal } from '../domain/decimal.js';
import type { SlotFigures } from './signal-slots.js';
import type { RunnerState, SignalRefusal } from './strategy-runner.js';

/** What an instance is started from, and what is kept of it to bring it back after a restart. */
export interface SavedInstance {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  /** The arguments as typed after the symbol (`fast=5`, `bar=5s`). */
  readonly args: readonly string[];
  readonly startedAt: number;
}

/** An instance as it stands: the saved part, its state and its own position and realized P&L. */
export interface InstanceStatus extends SavedInstance {
  readonly state: RunnerState;
  readonly error?: string;
  readonly position: Decimal;
  readonly realized: Decimal;
}

export interface StrategyMetrics {
  readonly slots: SlotFigures;
  /** Signals refused, by why, across every instance. */
  readonly refusedBy: Readonly<Partial<Record<SignalRefusal, number>>>;
  /** Signal-to-order latency of each instance that has sent one. */
  readonly latency: readonly { readonly id: string; readonly signals: number; readonly p50Ms: number; readonly p99Ms: number }[];
}
