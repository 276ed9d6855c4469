import type { Clock } from '../../core/clock.js';
import type { Decimal } from '../../domain/decimal.js';
import type { CommissionModel } from './commission.js';
import type { FaultConfig } from './fault-config.js';
import type { SlippageModel } from './slippage.js';
import type { SimSnapshot } from './snapshot.js';
import type { UniverseEntry } from './universe.js';

export interface SimExchangeOptions {
  /** Defaults to the system clock; tests pass a ManualClock. */
  readonly clock?: Clock;
  /** Makes the market reproducible; defaults to one derived from the clock. */
  readonly seed?: number;
  /** Symbols and previous closes (default DEFAULT_UNIVERSE); a restored exchange keeps its own and adds these. */
  readonly universe?: readonly UniverseEntry[];
  readonly startingCash?: Decimal;
  readonly slippage?: SlippageModel;
  readonly commission?: CommissionModel;
  /** From a request (submit, cancel, replace) to the exchange's answer on the stream. */
  readonly ackLatencyMs?: number;
  /** From the moment an order is found marketable to its execution. */
  readonly fillLatencyMs?: number;
  readonly tickIntervalMs?: number;
  /** Buying power is leverage × equity, less exposure and what working orders hold. */
  readonly leverage?: Decimal;
  /** Continue the exchange a previous session saved with snapshot(). */
  readonly snapshot?: SimSnapshot;
  /** Errors, trade-update faults, outages and cancel races to inject; none by default. */
  readonly faults?: FaultConfig;
  /** Where an error thrown by a subscriber goes; by default it is rethrown outside the exchange. */
  readonly onSubscriberError?: (error: unknown) => void;
}

export const SIM_DEFAULTS = {
  startingCash: '100000',
  ackLatencyMs: 20,
  fillLatencyMs: 30,
  tickIntervalMs: 400,
  leverage: '2',
} as const;
