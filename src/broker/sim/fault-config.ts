import type { FaultRates, FaultSettings } from '../controls.js';
import { SIM_OPERATIONS, type SimOperation } from './sim-operations.js';

/**
 * What can go wrong between a client and the simulated exchange, modelled on the failures Alpaca
 * users report: requests that fail, time out or lose their answer; trade updates dropped,
 * repeated, late or out of order; a stream (or REST) outage with no replay; cancels that lose to
 * fills. Rates are probabilities from 0 to 1, durations milliseconds. Faults change what clients
 * hear, never the exchange's own ledger.
 */

/** How a request can fail (see FaultRates); the order decides which kind wins when the dice fall in several. */
export const CALL_FAULT_KINDS = ['transient', 'rateLimited', 'ambiguous', 'lostResponse'] as const satisfies readonly (keyof FaultRates)[];
export type CallFaultKind = (typeof CALL_FAULT_KINDS)[number];
/** Rates by kind, for the whole exchange or one operation. */
export type CallFaultRates = FaultRates;

/** The faults the simulator takes: the broker layer's FaultSettings, by the operations it knows. */
export type FaultConfig = FaultSettings<SimOperation>;

export const FAULT_DEFAULTS = {
  ambiguousExecuted: 0.5,
  retryAfterMs: 1000,
  delayMaxMs: 2000,
  reorderHoldMs: 1000,
} as const;

export interface OutageSchedule {
  readonly everyMs: number;
  readonly ms: number;
}

/** A checked FaultConfig with every default filled in and the rates worked out per operation. */
export interface ResolvedFaults {
  readonly calls: Readonly<Record<SimOperation, Readonly<Record<CallFaultKind, number>>>>;
  readonly ambiguousExecuted: number;
  readonly retryAfterMs: number;
  readonly drop: number;
  readonly duplicate: number;
  readonly delay: number;
  readonly delayMaxMs: number;
  readonly reorder: number;
  readonly reorderHoldMs: number;
  readonly streamOutage: OutageSchedule | undefined;
  readonly restOutage: OutageSchedule | undefined;
  readonly cancelRace: number;
}

/** Checks a FaultConfig; throws an Error naming the first bad field. */
export function resolveFaults(config: FaultConfig = {}): ResolvedFaults {
  for (const name of Object.keys(config.operations ?? {})) {
    if (!(SIM_OPERATIONS as readonly string[]).includes(name)) {
      throw new Error(`faults.operations: unknown operation ${name} (valid: ${SIM_OPERATIONS.join(', ')})`);
    }
  }
  const calls = Object.fromEntries(SIM_OPERATIONS.map((operation) => [operation, callRates(config, operation)]));
  return {
    calls: calls as ResolvedFaults['calls'],
    ambiguousExecuted: rate('ambiguousExecuted', config.ambiguousExecuted ?? FAULT_DEFAULTS.ambiguousExecuted),
    retryAfterMs: duration('retryAfterMs', config.retryAfterMs ?? FAULT_DEFAULTS.retryAfterMs),
    drop: rate('drop', config.drop),
    duplicate: rate('duplicate', config.duplicate),
    delay: rate('delay', config.delay),
    delayMaxMs: duration('delayMaxMs', config.delayMaxMs ?? FAULT_DEFAULTS.delayMaxMs),
    reorder: rate('reorder', config.reorder),
    reorderHoldMs: duration('reorderHoldMs', config.reorderHoldMs ?? FAULT_DEFAULTS.reorderHoldMs),
    streamOutage: schedule('outage', config.outageEveryMs, config.outageMs),
    restOutage: schedule('restOutage', config.restOutageEveryMs, config.restOutageMs),
    cancelRace: rate('cancelRace', config.cancelRace),
  };
}

/** A seed for the faults' dice, unrelated to the market's although both come from one number. */
export function faultSeedFor(simSeed: number): number {
  // murmur3's finalizer: neighbouring sim seeds give unrelated fault seeds.
  let h = (simSeed ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function callRates(config: FaultConfig, operation: SimOperation): Record<CallFaultKind, number> {
  const own = config.operations?.[operation] ?? {};
  const rates = Object.fromEntries(
    CALL_FAULT_KINDS.map((kind) => {
      const value = own[kind] ?? config[kind];
      const name = own[kind] === undefined ? kind : `operations.${operation}.${kind}`;
      return [kind, rate(name, value)];
    }),
  ) as Record<CallFaultKind, number>;
  const total = CALL_FAULT_KINDS.reduce((sum, kind) => sum + rates[kind], 0);
  if (total > 1 + 1e-9) throw new Error(`faults: the error rates of ${operation} add up to ${total}; at most 1`);
  return rates;
}

function rate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new Error(`faults.${name} must be a probability from 0 to 1, got ${String(value)}`);
  }
  return value;
}

function duration(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`faults.${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function schedule(name: string, everyMs: number | undefined, ms: number | undefined): OutageSchedule | undefined {
  if (everyMs === undefined && ms === undefined) return undefined;
  if (everyMs === undefined || ms === undefined) throw new Error(`faults.${name}EveryMs and faults.${name}Ms go together`);
  const every = duration(`${name}EveryMs`, everyMs);
  const length = duration(`${name}Ms`, ms);
  if (length >= every) throw new Error(`faults.${name}Ms (${length}) must be shorter than faults.${name}EveryMs (${every})`);
  return { everyMs: every, ms: length };
}
