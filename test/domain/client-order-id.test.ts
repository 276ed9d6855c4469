import { describe, expect, it } from 'vitest';
import {
  CLIENT_ORDER_ID_MAX_LENGTH,
  CLIENT_ORDER_ID_PREFIX,
  createClientOrderIdFactory,
  isClientOrderId,
} from '../../src/domain/client-order-id.js';

const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);
const frozen = (at: number) => () => at;

/** A deterministic "random" source, the same for every factory that uses it. */
function constantRandom(value = 0.5): () => number {
  return () => value;
}

function take(next: () => string, count: number): string[] {
  return Array.from({ length: count }, () => next());
}

function expectStrictlyIncreasing(ids: readonly string[]): void {
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) expect.fail(`id ${i} (${ids[i]}) does not sort after id ${i - 1} (${ids[i - 1]})`);
  }
}

describe('client order ids', () => {
  it('are the blt- prefix and a 26-character ULID, well inside 48 characters', () => {
    const id = createClientOrderIdFactory(frozen(T0))();
    expect(CLIENT_ORDER_ID_PREFIX).toBe('blt-');
    expect(CLIENT_ORDER_ID_MAX_LENGTH).toBe(48);
    expect(id.startsWith('blt-')).toBe(true);
    expect(id).toMatch(/^blt-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.length).toBeLessThanOrEqual(48);
    expect(isClientOrderId(id)).toBe(true);
  });

  it('encode the clock’s time, so ids sort by when they were made', () => {
    let now = T0;
    const next = createClientOrderIdFactory(() => now);
    const early = next();
    now = T0 + 1;
    const later = next();
    expect(early < later).toBe(true);
    expect(early.slice(4, 14)).not.toBe(later.slice(4, 14));
  });

  it('are strictly increasing and unique over 10,000 ids with a frozen clock', () => {
    const ids = take(createClientOrderIdFactory(frozen(T0)), 10_000);
    expect(new Set(ids).size).toBe(10_000);
    expectStrictlyIncreasing(ids);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
  });

  it('stay strictly increasing with a frozen clock even when the random source never varies', () => {
    const ids = take(createClientOrderIdFactory(frozen(T0), constantRandom()), 10_000);
    expect(new Set(ids).size).toBe(10_000);
    expectStrictlyIncreasing(ids);
  });

  it('stay strictly increasing when the clock steps backwards', () => {
    const times = [T0, T0 + 5, T0 - 1000, T0 + 5, T0 + 6, T0 - 1];
    let i = 0;
    const ids = take(createClientOrderIdFactory(() => times[i++]!), times.length);
    expectStrictlyIncreasing(ids);
  });

  it('are unique across two factories created at different times, as after a restart', () => {
    // Same (non-)random source for both: only time keeps them apart, which is what a restart relies on.
    const before = take(createClientOrderIdFactory(frozen(T0), constantRandom()), 10_000);
    const after = take(createClientOrderIdFactory(frozen(T0 + 1), constantRandom()), 10_000);
    const all = new Set([...before, ...after]);
    expect(all.size).toBe(20_000);
    // Every id after the restart sorts after every id before it.
    expect(before[before.length - 1]! < after[0]!).toBe(true);
  });

  it('are unique across two factories on the same frozen time with real randomness', () => {
    const a = take(createClientOrderIdFactory(frozen(T0)), 5_000);
    const b = take(createClientOrderIdFactory(frozen(T0)), 5_000);
    expect(new Set([...a, ...b]).size).toBe(10_000);
  });
});

describe('isClientOrderId()', () => {
  it('accepts ids up to 48 characters of letters, digits and - _ . :', () => {
    expect(isClientOrderId('blt-01HNZXD07M5CEN5XA66EMZSRZW')).toBe(true);
    expect(isClientOrderId('a'.repeat(48))).toBe(true);
    expect(isClientOrderId('strategy_1.leg:2-a')).toBe(true);
  });

  it('refuses empty, over-long or oddly spelled ids', () => {
    expect(isClientOrderId('')).toBe(false);
    expect(isClientOrderId('a'.repeat(49))).toBe(false);
    expect(isClientOrderId('blt 01')).toBe(false);
    expect(isClientOrderId('blt/01')).toBe(false);
    expect(isClientOrderId('blt-01\n')).toBe(false);
    expect(isClientOrderId('ordre-é')).toBe(false);
  });
});
