import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ORDER_ID_MAX_LENGTH,
  CLIENT_ORDER_ID_PREFIX,
  checkOrderSource,
  createClientOrderIdFactory,
  isClientOrderId,
  sourceOfClientOrderId,
} from '../../src/domain/client-order-id.js';
import { ValidationError } from '../../src/domain/errors.js';

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

describe('the source an id carries', () => {
  const sources = fc.stringMatching(/^[a-z0-9]{1,12}$/);

  it('is left out for the trader’s own orders, so ids made before sources were carried still read as manual', () => {
    const next = createClientOrderIdFactory(frozen(T0));
    expect(next()).toMatch(/^blt-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(next('manual')).toMatch(/^blt-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(sourceOfClientOrderId('blt-01HNZXD07M5CEN5XA66EMZSRZW')).toBe('manual');
  });

  it('sits between the prefix and the ULID for a strategy, at most 43 characters', () => {
    const id = createClientOrderIdFactory(frozen(T0))('smacross12ab');
    expect(id).toMatch(/^blt-smacross12ab-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id).toHaveLength(43);
    expect(isClientOrderId(id)).toBe(true);
  });

  it('round-trips: any valid source is read back from the id made for it, which is a valid id', () => {
    const next = createClientOrderIdFactory(frozen(T0));
    fc.assert(
      fc.property(sources, (source) => {
        const id = next(source);
        expect(sourceOfClientOrderId(id)).toBe(source);
        expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
        expect(isClientOrderId(id)).toBe(true);
      }),
    );
  });

  it('is external for an id Blotter did not make', () => {
    for (const id of ['b0b0e3a4-6a2c-4c5e-9f0e-6c1d2a3b4c5d', 'web-order-1', 'blt-prev-1', 'blt-01hnzxd07m5cen5xa66emzsrzw', 'blt-SMA-01HNZXD07M5CEN5XA66EMZSRZW']) {
      expect(sourceOfClientOrderId(id)).toBe('external');
    }
  });

  it('refuses a source an id cannot carry, saying what would do, and makes no id', () => {
    const next = createClientOrderIdFactory(frozen(T0));
    for (const bad of ['', 'SMA', 'sma-cross', 'sma_cross', 'a'.repeat(13), 'é']) {
      expect(() => next(bad)).toThrow(ValidationError);
      expect(() => checkOrderSource(bad)).toThrow(`strategy id "${bad}" can't be carried in a client order id: use 1 to 12 lowercase letters and digits`);
    }
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
