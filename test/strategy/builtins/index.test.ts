import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_STRATEGIES, findBuiltinStrategy } from '../../../src/strategy/builtins/index.js';
import { parseStrategyParams, resolveStrategyParams } from '../../../src/strategy/params.js';
import { checkIntent } from '../../../src/strategy/strategy.js';
import { runStrategy, type Columns } from '../strategy-harness.js';

describe('built-in strategies', () => {
  it('are sma-cross, bollinger and breakout, found in any case', () => {
    expect(BUILTIN_STRATEGIES.map((d) => d.name)).toEqual(['sma-cross', 'bollinger', 'breakout']);
    expect(findBuiltinStrategy(' SMA-Cross ')?.name).toBe('sma-cross');
    expect(findBuiltinStrategy('donchian')).toBeUndefined();
  });

  it('start from their defaults', () => {
    for (const definition of BUILTIN_STRATEGIES) {
      expect(resolveStrategyParams(definition, []).ok, definition.name).toBe(true);
    }
  });

  it('each default lies within its own limits', () => {
    for (const definition of BUILTIN_STRATEGIES) {
      for (const [name, spec] of Object.entries(definition.params)) {
        expect(parseStrategyParams(definition.params, [`${name}=${String(spec.default)}`]).ok, `${definition.name} ${name}`).toBe(true);
      }
    }
  });

  const bars = fc
    .array(fc.record({ close: fc.integer({ min: 9000, max: 11000 }), up: fc.integer({ min: 0, max: 200 }), down: fc.integer({ min: 0, max: 200 }) }), { minLength: 1, maxLength: 80 })
    .map((rows): Columns => ({
      close: rows.map((r) => r.close / 100),
      high: rows.map((r) => (r.close + r.up) / 100),
      low: rows.map((r) => (r.close - r.down) / 100),
    }));
  const small = [['fast=2', 'slow=5', 'mode=reverse'], ['period=4', 'width=1', 'mode=reverse'], ['entry=4', 'exit=3', 'mode=reverse']];

  it('answer at a bar the same whatever bars come after it, with valid intents', () => {
    fc.assert(
      fc.property(bars, fc.nat(), (columns, cut) => {
        const k = 1 + (cut % columns.close.length);
        const prefix: Columns = { close: columns.close.slice(0, k), high: columns.high?.slice(0, k), low: columns.low?.slice(0, k) };
        BUILTIN_STRATEGIES.forEach((definition, n) => {
          const full = runStrategy(definition, small[n] ?? [], columns);
          expect(runStrategy(definition, small[n] ?? [], prefix)).toEqual(full.filter((s) => s.bar < k));
          for (const { intent } of full) expect(checkIntent(intent)).toBeUndefined();
        });
      }),
    );
  });
});
