import { clipText } from '../kernel/clip-text.js';
import { allowedValues, parseStrategyParams, type ParamSpec } from './params.js';
import { takeRunnerArgs } from './runner-args.js';
import type { StrategyDefinition } from './strategy.js';

export type DefinitionCheck = { readonly ok: true; readonly definition: StrategyDefinition } | { readonly ok: false; readonly problem: string };

/** Lowercase words joined by hyphens: typed as-is after `strategy start`, and as `name=value`. */
const WORDS = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** What a choice may be: the parser lowercases what is typed, so an uppercase choice could never be picked. */
const CHOICE = /^[a-z0-9][a-z0-9._-]*$/;
const SHAPE = '{ name, description, params, warmUpBars, create }';
const SPEC_EXAMPLE = "{ type: 'integer', default: 14, min: 2, max: 100, description: '…' }";
const HANDLERS = ['onStart', 'onBar', 'onFill', 'onStop'] as const;

/**
 * Whether a value is a strategy definition the runner can use. A trader's strategy is plain
 * JavaScript, so everything the types promise is checked here once, when its file loads: the
 * parameter specs the command parser reads, and its functions called once with the defaults (its
 * own check passes them, warmUpBars gives a whole number, create gives handlers with onBar).
 */
export function checkDefinition(value: unknown): DefinitionCheck {
  if (!isRecord(value)) return refuse(`a strategy must be an object like ${SHAPE}; got ${shown(value)}`);
  const { name } = value;
  if (typeof name !== 'string' || !WORDS.test(name)) return refuse(`name must be lowercase words joined by hyphens, like rsi-reversion; got ${shown(name)}`);
  const problem = shapeProblem(value) ?? defaultsProblem(value as unknown as StrategyDefinition);
  return problem === undefined ? { ok: true, definition: value as unknown as StrategyDefinition } : refuse(`${name}: ${problem}`);
}

function shapeProblem(value: Readonly<Record<string, unknown>>): string | undefined {
  const { description, params, check, warmUpBars, create } = value;
  if (!isOneLine(description)) return `description must be one line of text for the strategies list; got ${shown(description)}`;
  const paramsProblem = paramsProblemOf(params);
  if (paramsProblem !== undefined) return paramsProblem;
  if (check !== undefined && typeof check !== 'function') return `check must be a function (params) => a line saying what is wrong, or undefined; got ${shown(check)}`;
  if (typeof warmUpBars !== 'function') return `warmUpBars must be a function (params) => the bars needed before the first signal; got ${shown(warmUpBars)}`;
  if (typeof create !== 'function') return `create must be a function (params) => handlers like { onBar(ctx) { … } }; got ${shown(create)}`;
  return undefined;
}

function paramsProblemOf(params: unknown): string | undefined {
  if (!isRecord(params)) return `params must be an object of parameter specs like { period: ${SPEC_EXAMPLE} }, or {} for none; got ${shown(params)}`;
  for (const [name, spec] of Object.entries(params)) {
    if (!WORDS.test(name)) return `parameter ${shown(name)} can't be typed as name=value; name it in lowercase words joined by hyphens, like period`;
    if (isRunnerSetting(name)) return `parameter ${name} is taken by the runner's own ${name}= setting; give it another name`;
    const problem = specProblem(spec);
    if (problem !== undefined) return `params.${name}: ${problem}`;
  }
  return undefined;
}

/** `strategy start` hands the runner's own settings to the runner before the strategy sees its words. */
function isRunnerSetting(name: string): boolean {
  const reading = takeRunnerArgs([`${name}=1`]);
  return !reading.ok || reading.rest.length === 0;
}

function specProblem(spec: unknown): string | undefined {
  if (!isRecord(spec)) return `a parameter must be a spec like ${SPEC_EXAMPLE}; got ${shown(spec)}`;
  if (!isOneLine(spec.description)) return `description must be one line of text for the strategies list; got ${shown(spec.description)}`;
  const problem = limitsProblem(spec);
  if (problem !== undefined) return problem;
  const typed = spec as unknown as ParamSpec;
  return defaultFits(typed) ? undefined : `default must be ${allowedValues(typed)}; got ${shown(typed.default)}`;
}

function limitsProblem(spec: Readonly<Record<string, unknown>>): string | undefined {
  switch (spec.type) {
    case 'integer':
      return rangeProblem(spec, Number.isSafeInteger, 'a whole number');
    case 'number':
      return rangeProblem(spec, Number.isFinite, 'a finite number');
    case 'choice':
      return choicesProblem(spec.choices);
    case 'size':
      return Number.isSafeInteger(spec.max) && (spec.max as number) >= 1 ? undefined : `max must be a whole number of shares, 1 or more; got ${shown(spec.max)}`;
    default:
      return `type must be integer, number, choice or size; got ${shown(spec.type)}`;
  }
}

function rangeProblem(spec: Readonly<Record<string, unknown>>, fits: (value: unknown) => boolean, what: string): string | undefined {
  const { min, max } = spec;
  if (!fits(min)) return `min must be ${what}; got ${shown(min)}`;
  if (!fits(max)) return `max must be ${what}; got ${shown(max)}`;
  return (min as number) <= (max as number) ? undefined : `min (${String(min)}) must not be above max (${String(max)})`;
}

function choicesProblem(choices: unknown): string | undefined {
  const example = "like ['long', 'short']";
  if (!Array.isArray(choices) || choices.length === 0) return `choices must be a list of lowercase words, ${example}; got ${shown(choices)}`;
  const wrong = choices.find((choice) => typeof choice !== 'string' || !CHOICE.test(choice));
  if (wrong !== undefined) return `choices must be lowercase words (what is typed is read in lowercase), ${example}; got ${shown(wrong)}`;
  const twice = choices.find((choice, i) => choices.indexOf(choice) !== i);
  return twice === undefined ? undefined : `choices lists ${String(twice)} twice; list each once`;
}

function defaultFits(spec: ParamSpec): boolean {
  const value: unknown = spec.default;
  switch (spec.type) {
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max;
    case 'number':
      return Number.isFinite(value) && (value as number) >= spec.min && (value as number) <= spec.max;
    case 'choice':
      return spec.choices.includes(value as string);
    case 'size':
      return value === 'all' || (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= spec.max);
  }
}

/**
 * Runs the definition's functions once with its defaults, as `strategy start NAME SYMBOL` would: a
 * definition that fails there could never start without arguments.
 */
function defaultsProblem(definition: StrategyDefinition): string | undefined {
  const reading = parseStrategyParams(definition.params, []);
  if (!reading.ok) return reading.problem;
  const values = reading.values;
  return (
    attempt('check', () => {
      const said: unknown = definition.check?.(values);
      if (said === undefined) return undefined;
      return typeof said === 'string' ? `its defaults fail its own check (${said}); make the defaults a setting that passes` : `check must return a line of text or undefined; got ${shown(said)}`;
    }) ??
    attempt('warmUpBars', () => {
      const bars: unknown = definition.warmUpBars(values);
      return Number.isSafeInteger(bars) && (bars as number) >= 0 ? undefined : `warmUpBars must return a whole number of bars, 0 or more; with the defaults it gave ${shown(bars)}`;
    }) ??
    attempt('create', () => handlersProblem(definition.create(values)))
  );
}

function handlersProblem(handlers: unknown): string | undefined {
  if (!isRecord(handlers)) return `create must return handlers like { onBar(ctx) { … } }; got ${shown(handlers)}`;
  if (typeof handlers.onBar !== 'function') return `create's handlers need an onBar(ctx) function; got ${shown(handlers.onBar)}`;
  const wrong = HANDLERS.find((handler) => handlers[handler] !== undefined && typeof handlers[handler] !== 'function');
  return wrong === undefined ? undefined : `create's handlers' ${wrong} must be a function when given; got ${shown(handlers[wrong])}`;
}

function attempt(what: string, run: () => string | undefined): string | undefined {
  try {
    return run();
  } catch (error) {
    return `${what} threw with the defaults: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneLine(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value);
}

/** A value as a problem line quotes it: short, one line, and saying what kind of thing it was. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${clipText(value.replace(/[\u0000-\u001f\u007f]/g, '?'), 24)}'`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function refuse(problem: string): DefinitionCheck {
  return { ok: false, problem };
}
