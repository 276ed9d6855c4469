import { describe, expect, expectTypeOf, it } from 'vitest';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { allowedValues, parseStrategyParams, resolveStrategyParams, type ParamSchema } from '../../src/strategy/params.js';
import type { Size } from '../../src/strategy/strategy.js';

const SCHEMA = {
  fast: { type: 'integer', default: 5, min: 2, max: 200, description: 'bars in the fast average' },
  width: { type: 'number', default: 2, min: 0.5, max: 5, description: 'band width' },
  mode: { type: 'choice', default: 'long', choices: ['long', 'reverse'], description: 'which sides' },
  size: { type: 'size', default: 1, max: 1000, description: 'shares' },
} as const satisfies ParamSchema;

function problem(args: string[]): string {
  const reading = parseStrategyParams(SCHEMA, args);
  if (reading.ok) throw new Error(`expected a refusal of ${args.join(' ')}`);
  return reading.problem;
}

describe('parseStrategyParams', () => {
  it('gives every parameter not named its default', () => {
    expect(parseStrategyParams(SCHEMA, [])).toEqual({ ok: true, values: { fast: 5, width: 2, mode: 'long', size: 1 } });
  });

  it('reads each kind of value, names and words in any case', () => {
    expect(parseStrategyParams(SCHEMA, ['FAST=200', 'width=0.75', 'Mode=REVERSE', 'size=ALL'])).toEqual({
      ok: true,
      values: { fast: 200, width: 0.75, mode: 'reverse', size: 'all' },
    });
    expect(parseStrategyParams(SCHEMA, ['size=1000', 'fast=2', 'width=5'])).toMatchObject({ ok: true, values: { size: 1000, fast: 2, width: 5 } });
  });

  it('refuses a value out of range with the range', () => {
    expect(problem(['fast=0'])).toBe('fast must be a whole number from 2 to 200, not 0');
    expect(problem(['fast=201'])).toBe('fast must be a whole number from 2 to 200, not 201');
    expect(problem(['width=5.01'])).toBe('width must be a number from 0.5 to 5, not 5.01');
    expect(problem(['size=1001'])).toBe('size must be a whole number of shares from 1 to 1000 or all, not 1001');
    expect(problem(['size=0'])).toBe('size must be a whole number of shares from 1 to 1000 or all, not 0');
  });

  it('refuses a value of the wrong kind, saying what would do', () => {
    expect(problem(['fast=2.5'])).toBe('fast must be a whole number from 2 to 200, not 2.5');
    expect(problem(['fast=ten'])).toBe('fast must be a whole number from 2 to 200, not ten');
    expect(problem(['width=1e1'])).toBe('width must be a number from 0.5 to 5, not 1e1');
    expect(problem(['mode=short'])).toBe('mode must be long or reverse, not short');
    expect(problem(['size=half'])).toBe('size must be a whole number of shares from 1 to 1000 or all, not half');
    expect(problem(['fast='])).toBe('fast must be a whole number from 2 to 200, not nothing');
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(problem(['fsat=5'])).toBe('unknown parameter fsat; known are fast, width, mode, size');
  });

  it('refuses a word that is not name=value, and a name given twice', () => {
    expect(problem(['fast'])).toBe("'fast' is not a parameter setting; write name=value like fast=5");
    expect(problem(['=5'])).toBe("'=5' is not a parameter setting; write name=value like fast=5");
    expect(problem(['fast=3', 'FAST=4'])).toBe('fast is given twice; give each parameter once');
  });

  it('keeps a refusal to one short line whatever was typed', () => {
    const text = problem([`fast=${'9'.repeat(80)}\n`]);
    expect(text).not.toContain('\n');
    expect(text.length).toBeLessThan(80);
  });

  it('says so when a strategy takes no parameters', () => {
    expect(parseStrategyParams({}, ['x=1'])).toEqual({ ok: false, problem: 'unknown parameter x: this strategy takes no parameters' });
    expect(parseStrategyParams({}, [])).toEqual({ ok: true, values: {} });
  });

  it('describes what each kind takes in the words its refusals use', () => {
    expect(allowedValues(SCHEMA.mode)).toBe('long or reverse');
    expect(allowedValues(SCHEMA.size)).toBe('a whole number of shares from 1 to 1000 or all');
  });
});

describe('resolveStrategyParams', () => {
  it('applies the definition\'s rule across parameters after each one is valid', () => {
    expect(resolveStrategyParams(smaCross, ['fast=30', 'slow=10'])).toEqual({ ok: false, problem: 'fast (30) must be below slow (10)' });
    expect(resolveStrategyParams(smaCross, ['fast=1'])).toEqual({ ok: false, problem: 'fast must be a whole number from 2 to 200, not 1' });
    expect(resolveStrategyParams(smaCross, ['fast=5', 'slow=20', 'size=10'])).toEqual({
      ok: true,
      values: { fast: 5, slow: 20, mode: 'long', size: 10 },
    });
  });

  it('types each value by its kind (checked by tsc)', () => {
    const reading = resolveStrategyParams(smaCross, []);
    if (!reading.ok) throw new Error(reading.problem);
    expectTypeOf(reading.values.fast).toEqualTypeOf<number>();
    expectTypeOf(reading.values.mode).toEqualTypeOf<'long' | 'reverse'>();
    expectTypeOf(reading.values.size).toEqualTypeOf<Size>();
    expect(reading.values.mode).toBe('long');
  });
});
