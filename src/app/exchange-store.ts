import { StoreCorruptError, type StoreError } from '../persistence/errors.js';
import { openJsonStore, type JsonStore } from '../persistence/json-store.js';
import type { Clock } from '../core/clock.js';
import type { SimSnapshot } from '../broker/sim/snapshot.js';

/** The simulated exchange's own file: like a real venue, it keeps its book across restarts. */
export interface ExchangeDocument {
  readonly schemaVersion: 1;
  readonly exchange: SimSnapshot | null;
}

function decodeExchangeDocument(raw: Record<string, unknown>): ExchangeDocument {
  const exchange = raw.exchange;
  if (exchange === null || exchange === undefined) return { schemaVersion: 1, exchange: null };
  if (typeof exchange !== 'object' || Array.isArray(exchange)) throw new StoreCorruptError('exchange: expected an object');
  const snapshot = exchange as Partial<SimSnapshot>;
  for (const field of ['orders', 'fills', 'positions', 'quotes', 'rngState'] as const) {
    if (!Array.isArray(snapshot[field])) throw new StoreCorruptError(`exchange.${field}: expected a list`);
  }
  return { schemaVersion: 1, exchange: exchange as SimSnapshot };
}

export function openExchangeStore(path: string, clock: Clock, onError: (error: StoreError) => void): Promise<JsonStore<ExchangeDocument>> {
  return openJsonStore<ExchangeDocument>({
    path,
    defaults: { schemaVersion: 1, exchange: null },
    decode: decodeExchangeDocument,
    schemaVersion: 1,
    clock,
    onError,
  });
}
