import { describe, expect, it } from 'vitest';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { checkDefinition } from '../../src/strategy/definition-check.js';

/** A definition as a trader's file would export it: plain data and functions. */
function definition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'dip-buyer',
    description: 'buys a dip',
    params: {
      period: { type: 'integer', default: 14, min: 2, max: 100, description: 'bars' },
      width: { type: 'number', default: 1.5, min: 0.5, max: 5, description: 'band width' },
      mode: { type: 'choice', default: 'long', choices: ['long', 'reverse'], description: 'sides' },
      size: { type: 'size', default: 'all', max: 1000, description: 'shares' },
    },
    check: ({ period }: { period: number }) => (period > 2 ? undefined : `period (${period}) must be above 2`),
    warmUpBars: ({ period }: { period: number }) => period + 1,
    create: () => ({ onBar: () => undefined }),
    ...overrides,
  };
}

function problem(value: unknown): string {
  const check = checkDefinition(value);
  if (check.ok) throw new Error('expected a refusal');
  return check.problem;
}

function withParam(spec: unknown, name = 'period'): Record<string, unknown> {
  return definition({ params: { [name]: spec }, check: undefined, warmUpBars: () => 0 });
}

describe('checkDefinition', () => {
  it('accepts every built-in and a plain-object definition, handing the same object back', () => {
    for (const builtin of BUILTIN_STRATEGIES) expect(checkDefinition(builtin)).toEqual({ ok: true, definition: builtin });
    const plain = definition();
    expect(checkDefinition(plain)).toEqual({ ok: true, definition: plain });
    expect(checkDefinition(definition({ params: {}, check: undefined, warmUpBars: () => 0 })).ok).toBe(true);
  });

  it('refuses what is not a definition, or a name that cannot be typed', () => {
    expect(problem(undefined)).toBe('a strategy must be an object like { name, description, params, warmUpBars, create }; got nothing');
    expect(problem([definition()])).toBe('a strategy must be an object like { name, description, params, warmUpBars, create }; got a list');
    expect(problem(definition({ name: 'Dip Buyer' }))).toBe("name must be lowercase words joined by hyphens, like rsi-reversion; got 'Dip Buyer'");
    expect(problem(definition({ name: 'dip--buyer' }))).toMatch(/^name must be lowercase words/);
    expect(problem(definition({ name: '2dip' }))).toMatch(/^name must be lowercase words/);
    expect(problem(definition({ name: undefined }))).toMatch(/; got nothing$/);
  });

  it('names the strategy and the field that is wrong, and what would be right', () => {
    expect(problem(definition({ description: 'two\nlines' }))).toBe("dip-buyer: description must be one line of text for the strategies list; got 'two?lines'");
    expect(problem(definition({ params: undefined }))).toMatch(/^dip-buyer: params must be an object of parameter specs like \{ period: \{ type: 'integer'.*or \{\} for none; got nothing$/);
    expect(problem(definition({ check: 'fast < slow' }))).toBe("dip-buyer: check must be a function (params) => a line saying what is wrong, or undefined; got 'fast < slow'");
    expect(problem(definition({ warmUpBars: 20 }))).toBe('dip-buyer: warmUpBars must be a function (params) => the bars needed before the first signal; got 20');
    expect(problem(definition({ create: undefined }))).toBe('dip-buyer: create must be a function (params) => handlers like { onBar(ctx) { … } }; got nothing');
  });

  it('refuses parameter names the command line could not set', () => {
    expect(problem(withParam({ type: 'integer', default: 1, min: 1, max: 2, description: 'd' }, 'Period'))).toBe(
      "dip-buyer: parameter 'Period' can't be typed as name=value; name it in lowercase words joined by hyphens, like period",
    );
    expect(problem(withParam({ type: 'integer', default: 1, min: 1, max: 2, description: 'd' }, 'bar'))).toBe(
      "dip-buyer: parameter bar is taken by the runner's own bar= setting; give it another name",
    );
    expect(problem(withParam({ type: 'integer', default: 1, min: 1, max: 2, description: 'd' }, 'max-pos'))).toMatch(/parameter max-pos is taken by the runner's own max-pos= setting/);
  });

  it('refuses parameter specs the parser could not read, naming the parameter and the field', () => {
    const spec = (fields: Record<string, unknown>): string => problem(withParam({ description: 'd', ...fields }));
    expect(problem(withParam(14))).toBe("dip-buyer: params.period: a parameter must be a spec like { type: 'integer', default: 14, min: 2, max: 100, description: '…' }; got 14");
    expect(problem(withParam({ type: 'integer', default: 1, min: 1, max: 2 }))).toBe('dip-buyer: params.period: description must be one line of text for the strategies list; got nothing');
    expect(spec({ type: 'int', default: 1 })).toBe("dip-buyer: params.period: type must be integer, number, choice or size; got 'int'");
    expect(spec({ type: 'integer', default: 1, min: 1.5, max: 2 })).toBe('dip-buyer: params.period: min must be a whole number; got 1.5');
    expect(spec({ type: 'integer', default: 1, min: 1, max: '9' })).toBe("dip-buyer: params.period: max must be a whole number; got '9'");
    expect(spec({ type: 'number', default: 1, min: 0, max: Number.POSITIVE_INFINITY })).toBe('dip-buyer: params.period: max must be a finite number; got Infinity');
    expect(spec({ type: 'integer', default: 5, min: 10, max: 2 })).toBe('dip-buyer: params.period: min (10) must not be above max (2)');
    expect(spec({ type: 'choice', default: 'long', choices: [] })).toBe("dip-buyer: params.period: choices must be a list of lowercase words, like ['long', 'short']; got an empty list");
    expect(spec({ type: 'choice', default: 'Long', choices: ['Long', 'short'] })).toBe(
      "dip-buyer: params.period: choices must be lowercase words (what is typed is read in lowercase), like ['long', 'short']; got 'Long'",
    );
    expect(spec({ type: 'choice', default: 'long', choices: ['long', 'long'] })).toBe('dip-buyer: params.period: choices lists long twice; list each once');
    expect(spec({ type: 'size', default: 1, max: 0 })).toBe('dip-buyer: params.period: max must be a whole number of shares, 1 or more; got 0');
  });

  it('refuses a default outside its own limits, in the words the strategies list uses', () => {
    const spec = (fields: Record<string, unknown>): string => problem(withParam({ description: 'd', ...fields }));
    expect(spec({ type: 'integer', default: 200, min: 2, max: 100 })).toBe('dip-buyer: params.period: default must be a whole number from 2 to 100; got 200');
    expect(spec({ type: 'integer', default: undefined, min: 2, max: 100 })).toBe('dip-buyer: params.period: default must be a whole number from 2 to 100; got nothing');
    expect(spec({ type: 'number', default: 0.25, min: 0.5, max: 5 })).toBe('dip-buyer: params.period: default must be a number from 0.5 to 5; got 0.25');
    expect(spec({ type: 'choice', default: 'short', choices: ['long', 'reverse'] })).toBe("dip-buyer: params.period: default must be long or reverse; got 'short'");
    expect(spec({ type: 'size', default: 0, max: 10 })).toBe('dip-buyer: params.period: default must be a whole number of shares from 1 to 10 or all; got 0');
    expect(spec({ type: 'size', default: 'half', max: 10 })).toMatch(/default must be a whole number of shares from 1 to 10 or all; got 'half'$/);
  });

  it('runs the functions once with the defaults: they must pass its own check, give warm-up bars and handlers', () => {
    expect(problem(definition({ check: () => 'period (14) must be above 20' }))).toBe(
      'dip-buyer: its defaults fail its own check (period (14) must be above 20); make the defaults a setting that passes',
    );
    expect(problem(definition({ check: () => false }))).toBe('dip-buyer: check must return a line of text or undefined; got false');
    expect(problem(definition({ warmUpBars: () => Number.NaN }))).toBe('dip-buyer: warmUpBars must return a whole number of bars, 0 or more; with the defaults it gave NaN');
    expect(problem(definition({ warmUpBars: () => -1 }))).toMatch(/with the defaults it gave -1$/);
    expect(problem(definition({ create: () => undefined }))).toBe('dip-buyer: create must return handlers like { onBar(ctx) { … } }; got nothing');
    expect(problem(definition({ create: () => ({ onbar: () => undefined }) }))).toBe("dip-buyer: create's handlers need an onBar(ctx) function; got nothing");
    expect(problem(definition({ create: () => ({ onBar: () => undefined, onFill: 'log' }) }))).toBe("dip-buyer: create's handlers' onFill must be a function when given; got 'log'");
    const boom = (): never => {
      throw new Error('period is not a number');
    };
    expect(problem(definition({ create: boom }))).toBe('dip-buyer: create threw with the defaults: period is not a number');
    expect(problem(definition({ warmUpBars: boom }))).toBe('dip-buyer: warmUpBars threw with the defaults: period is not a number');
  });

  it('hands the functions the defaults as strategy start would', () => {
    const seen: unknown[] = [];
    const record = (values: unknown): number => {
      seen.push(values);
      return 0;
    };
    expect(checkDefinition(definition({ warmUpBars: record })).ok).toBe(true);
    expect(seen).toEqual([{ period: 14, width: 1.5, mode: 'long', size: 'all' }]);
  });
});
