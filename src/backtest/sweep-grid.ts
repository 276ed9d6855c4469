import { dec, type Decimal } from '../domain/decimal.js';

/**
 * A parameter sweep's grid, as text: which values each parameter takes. The strategy's own schema
 * reads the values later, so a sweep of any parameter type (whole numbers, numbers, choices, sizes)
 * is written the same way.
 */
export interface SweepAxis {
  /** Lower case, as strategy parameters are read. */
  readonly name: string;
  /** In the order given; a range's values rise by its step. */
  readonly values: readonly string[];
}

/** One parameter set of the grid: each axis's name with one of its values, in the axes' order. */
export type SweepCell = Readonly<Record<string, string>>;

/** More than this and a sweep is a typo (a step left off a fine range), not a plan. */
export const MAX_SWEEP_CELLS = 100_000;

const TERM = /^([a-z][a-z0-9_-]*)=(.*)$/i;
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const RANGE = new RegExp(`^(${NUMBER})\\.\\.(${NUMBER})(?::(${NUMBER}))?$`);
const EXAMPLE = 'e.g. fast=5..20, slow=20..60:5 or mode=long,reverse';

/**
 * Reads one `name=values` term: `a..b` (both ends included), `a..b:step` (step 1 when left off),
 * a list `x,y,z` whose items may be ranges too, or a single value. Throws an Error of one line
 * naming what was wrong and the form that would be right.
 */
export function parseSweepTerm(text: string): SweepAxis {
  const term = TERM.exec(text.trim());
  if (term === null) throw new Error(`'${text}' is not a sweep of a parameter; write name=values, ${EXAMPLE}`);
  const name = (term[1] as string).toLowerCase();
  const values: string[] = [];
  for (const item of (term[2] as string).split(',').map((part) => part.trim())) {
    if (item === '') throw new Error(`${text}: an empty value; give values separated by single commas, e.g. ${name}=x,y,z`);
    for (const value of RANGE.test(item) ? rangeValues(name, item) : [item]) {
      if (values.includes(value)) throw new Error(`${text}: ${name}=${value} comes twice; give each value once`);
      values.push(value);
    }
  }
  if (values.length > MAX_SWEEP_CELLS) throw new Error(`${text} gives ${values.length.toLocaleString('en-US')} values; at most ${MAX_SWEEP_CELLS.toLocaleString('en-US')}, so take a larger step`);
  return { name, values };
}

function rangeValues(name: string, item: string): string[] {
  const [, fromText, toText, stepText] = RANGE.exec(item) as RegExpExecArray;
  const from = dec(fromText as string);
  const to = dec(toText as string);
  const step = dec(stepText ?? '1');
  if (step.lte(0)) throw new Error(`${name}=${item}: the step must be above 0, e.g. ${name}=${fromText}..${toText}:1`);
  if (from.gt(to)) throw new Error(`${name}=${item} runs backwards; give the smaller end first, e.g. ${name}=${toText}..${fromText}`);
  const count = to.minus(from).div(step).floor().plus(1);
  if (count.gt(MAX_SWEEP_CELLS)) throw new Error(`${name}=${item} gives ${count.toNumber().toLocaleString('en-US')} values; at most ${MAX_SWEEP_CELLS.toLocaleString('en-US')}, so take a larger step`);
  const values: string[] = [];
  for (let value: Decimal = from; value.lte(to); value = value.plus(step)) values.push(value.toFixed());
  return values;
}

/**
 * Every parameter set of the grid, the first axis varying slowest (so a heat map's rows are the
 * first swept parameter). Throws an Error of one line when a parameter is swept twice or the grid
 * is larger than MAX_SWEEP_CELLS.
 */
export function expandSweepGrid(axes: readonly SweepAxis[]): SweepCell[] {
  const names = axes.map((axis) => axis.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`${twice} is swept twice; give all of its values in one term, e.g. ${twice}=5,10,20`);
  const size = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (size > MAX_SWEEP_CELLS) {
    const shape = axes.map((axis) => axis.values.length).join(' × ');
    throw new Error(`the grid has ${size.toLocaleString('en-US')} parameter sets (${shape}); at most ${MAX_SWEEP_CELLS.toLocaleString('en-US')}, so narrow a range or take a larger step`);
  }
  let cells: SweepCell[] = [{}];
  for (const axis of axes) cells = cells.flatMap((cell) => axis.values.map((value) => ({ ...cell, [axis.name]: value })));
  return cells;
}

/** The axes with more than one value: the ones a table or heat map shows. */
export function varyingAxes(axes: readonly SweepAxis[]): SweepAxis[] {
  return axes.filter((axis) => axis.values.length > 1);
}
