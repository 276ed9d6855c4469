import { withoutUndefined } from '../kernel/without-undefined.js';
import { isOrderSource } from '../domain/client-order-id.js';
import type { Decimal } from '../domain/decimal.js';
import { asObject, field, invalid, readDecimal, readId, readOneOf, readOptionalString, readStrings, readTime } from './fields.js';
import type { StoredStrategyInstance } from './profile-schema.js';

export const STRATEGY_INSTANCE_STATES = ['running', 'paused', 'reducing', 'stopped', 'error'] as const;
export type StrategyInstanceState = (typeof STRATEGY_INSTANCE_STATES)[number];

/**
 * A strategy instance as the profile keeps it, so it can come back after a restart: what was
 * started (name, symbol and the k=v arguments as typed) and how it last stood.
 */
export interface StrategyInstanceRecord {
  /** Also the source its orders carry in their client order ids. */
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  /** The k=v arguments as typed, `bar=` and the limits among them. */
  readonly args: readonly string[];
  readonly state: StrategyInstanceState;
  readonly error?: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  /** Signed: negative is short. */
  readonly position: Decimal;
  readonly realized: Decimal;
}

/** Whether a record is history: stopped for good, kept only within the retention. */
export function isFinishedStrategy(state: StrategyInstanceState): boolean {
  return state === 'stopped' || state === 'error';
}

export function encodeStrategyInstance(record: StrategyInstanceRecord): StoredStrategyInstance {
  return withoutUndefined<StoredStrategyInstance>({
    id: record.id,
    name: record.name,
    symbol: record.symbol,
    args: [...record.args],
    state: record.state,
    error: record.error,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    position: record.position.toFixed(),
    realized: record.realized.toFixed(),
  });
}

export function decodeStrategyInstance(raw: unknown, at = 'strategy'): StrategyInstanceRecord {
  const s = asObject(raw, at);
  const id = readId(s, 'id', at);
  // The id rides in client order ids, which is how the instance's orders are found again.
  if (!isOrderSource(id)) throw invalid(field(at, 'id'), 'a strategy id (1 to 12 lowercase letters and digits)', id);
  return withoutUndefined<StrategyInstanceRecord>({
    id,
    name: readId(s, 'name', at),
    symbol: readId(s, 'symbol', at),
    args: readStrings(s, 'args', at),
    state: readOneOf(s, 'state', at, STRATEGY_INSTANCE_STATES),
    error: readOptionalString(s, 'error', at),
    startedAt: readTime(s, 'startedAt', at),
    updatedAt: readTime(s, 'updatedAt', at),
    position: readDecimal(s, 'position', at),
    realized: readDecimal(s, 'realized', at),
  });
}
