import { clipText } from '../kernel/clip-text.js';
import type { Size, StrategyDefinition } from './strategy.js';

interface ParamBase {
  /** One line for `strategies`. */
  readonly description: string;
}

export interface IntegerParam extends ParamBase {
  readonly type: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** A float: a setting of indicator math (a band's width), never a price or a quantity. */
export interface NumberParam extends ParamBase {
  readonly type: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface ChoiceParam<C extends string = string> extends ParamBase {
  readonly type: 'choice';
  readonly default: C;
  readonly choices: readonly C[];
}

/** Whole shares from 1 to `max`, or `all`. */
export interface SizeParam extends ParamBase {
  readonly type: 'size';
  readonly default: Size;
  readonly max: number;
}

export type ParamSpec = IntegerParam | NumberParam | ChoiceParam | SizeParam;

export type ParamSchema = Readonly<Record<string, ParamSpec>>;

export type ParamValue<P extends ParamSpec> = P extends ChoiceParam<infer C> ? C : P extends SizeParam ? Size : number;

export type ParamValues<S extends ParamSchema> = { readonly [K in keyof S]: ParamValue<S[K]> };

export type ParamsReading<S extends ParamSchema> =
  | { readonly ok: true; readonly values: ParamValues<S> }
  | { readonly ok: false; readonly problem: string };

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

/** What a parameter takes, in the words its refusal and the `strategies` list use. */
export function allowedValues(spec: ParamSpec): string {
  switch (spec.type) {
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'choice':
      return orList(spec.choices);
    case 'size':
      return `a whole number of shares from 1 to ${spec.max} or all`;
  }
}

/**
 * Reads `name=value` words against a schema: every parameter not given takes its default. Names and
 * choices are read in any case, as the rest of the command language is. Anything the schema does
 * not know is refused, so a typo never silently leaves a default in place.
 */
export function parseStrategyParams<S extends ParamSchema>(schema: S, args: readonly string[]): ParamsReading<S> {
  const names = Object.keys(schema);
  const given = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) return refuse(names.length === 0 ? `'${shown(arg)}': this strategy takes no parameters` : `'${shown(arg)}' is not a parameter setting; write name=value like ${example(schema, names)}`);
    const name = arg.slice(0, eq).trim().toLowerCase();
    if (!Object.hasOwn(schema, name)) {
      return refuse(names.length === 0 ? `unknown parameter ${shown(name)}: this strategy takes no parameters` : `unknown parameter ${shown(name)}; known are ${names.join(', ')}`);
    }
    if (given.has(name)) return refuse(`${name} is given twice; give each parameter once`);
    given.set(name, arg.slice(eq + 1).trim());
  }
  const values: Record<string, number | string> = {};
  for (const name of names) {
    const spec = schema[name] as ParamSpec;
    const text = given.get(name);
    if (text === undefined) {
      values[name] = spec.default;
      continue;
    }
    const value = readValue(spec, text);
    if (value === undefined) return refuse(`${name} must be ${allowedValues(spec)}, not ${shown(text)}`);
    values[name] = value;
  }
  return { ok: true, values: values as ParamValues<S> };
}

/** The definition's parameters from `name=value` words, with its cross-parameter rule applied. */
export function resolveStrategyParams<S extends ParamSchema>(definition: StrategyDefinition<S>, args: readonly string[]): ParamsReading<S> {
  const reading = parseStrategyParams(definition.params, args);
  if (!reading.ok) return reading;
  const problem: unknown = definition.check?.(reading.values);
  // A trader's check may answer null or false for "fine"; only text is a problem.
  return typeof problem === 'string' && problem !== '' ? refuse(problem) : reading;
}

function readValue(spec: ParamSpec, text: string): number | string | undefined {
  switch (spec.type) {
    case 'integer':
      return readInteger(text, spec.min, spec.max);
    case 'number': {
      if (!DECIMAL_TEXT.test(text)) return undefined;
      const value = Number(text);
      return value >= spec.min && value <= spec.max ? value : undefined;
    }
    case 'choice': {
      const lower = text.toLowerCase();
      return spec.choices.find((choice) => choice === lower);
    }
    case 'size':
      return text.toLowerCase() === 'all' ? 'all' : readInteger(text, 1, spec.max);
  }
}

function readInteger(text: string, min: number, max: number): number | undefined {
  if (!INTEGER_TEXT.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

function example(schema: ParamSchema, names: readonly string[]): string {
  const first = names[0] as string;
  return `${first}=${String((schema[first] as ParamSpec).default)}`;
}

/** Typed text quoted back: short, one line, and `nothing` rather than an empty gap. */
function shown(text: string): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return oneLine === '' ? 'nothing' : clipText(oneLine, 24);
}

function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function refuse(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}
