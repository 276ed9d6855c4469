import { parseDecimal, type Decimal } from '../domain/decimal.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './source-limits.js';
import { readTimeframe, type Timeframe } from './timeframe.js';

/** The bar length an instance trades on unless `bar=` says otherwise. */
export const DEFAULT_BAR = '1m';

export type RunnerArgs =
  | { readonly ok: true; readonly timeframe: Timeframe; readonly limits: SourceLimits; readonly rest: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/** The runner's own keys, each with an example for the line that refuses it. */
const EXAMPLES = {
  bar: 'bar=5s',
  'max-pos': 'max-pos=1000',
  'max-notional': 'max-notional=50000',
  'max-orders': 'max-orders=10',
} as const;

type RunnerKey = keyof typeof EXAMPLES;

function isRunnerKey(key: string): key is RunnerKey {
  return Object.hasOwn(EXAMPLES, key);
}

/**
 * Takes the runner's own settings (`bar=5s`, `max-pos=1000`, `max-notional=50000`, `max-orders=10`)
 * out of `strategy start` words, leaving the strategy's parameters for its schema, which would
 * refuse them as unknown.
 */
export function takeRunnerArgs(args: readonly string[]): RunnerArgs {
  const given = new Map<RunnerKey, string>();
  const rest: string[] = [];
  for (const arg of args) {
    const match = /^\s*([a-z-]+)\s*=(.*)$/i.exec(arg);
    const key = match?.[1]?.toLowerCase();
    if (match === null || key === undefined || !isRunnerKey(key)) {
      rest.push(arg);
      continue;
    }
    if (given.has(key)) return { ok: false, problem: `${key} is given twice; give it once, like ${EXAMPLES[key]}` };
    given.set(key, (match[2] as string).trim());
  }
  const reading = readTimeframe(given.get('bar') ?? DEFAULT_BAR);
  if (!reading.ok) return { ok: false, problem: `bar: ${reading.problem}` };
  const limits = readLimits(given);
  if (typeof limits === 'string') return { ok: false, problem: limits };
  return { ok: true, timeframe: reading.timeframe, limits, rest };
}

function readLimits(given: ReadonlyMap<RunnerKey, string>): SourceLimits | string {
  const position = given.get('max-pos');
  const notional = given.get('max-notional');
  const orders = given.get('max-orders');
  const maxPosition = position === undefined ? DEFAULT_SOURCE_LIMITS.maxPosition : positive(position);
  if (maxPosition === undefined) return refusal('max-pos', 'a positive number of shares', position);
  const maxNotional = notional === undefined ? DEFAULT_SOURCE_LIMITS.maxNotional : positive(notional.replace(/^\$/, ''));
  if (maxNotional === undefined || maxNotional.decimalPlaces() > 2) return refusal('max-notional', 'a positive dollar amount (cents at most)', notional);
  const maxOrdersPerMinute = orders === undefined ? DEFAULT_SOURCE_LIMITS.maxOrdersPerMinute : wholeFromOne(orders);
  if (maxOrdersPerMinute === undefined) return refusal('max-orders', 'a whole number of orders a minute, 1 or more', orders);
  return { maxPosition, maxNotional, maxOrdersPerMinute };
}

function positive(text: string): Decimal | undefined {
  const value = parseDecimal(text);
  return value?.gt(0) === true ? value : undefined;
}

function wholeFromOne(text: string): number | undefined {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function refusal(key: RunnerKey, what: string, got: string | undefined): string {
  return `${key} must be ${what}, like ${EXAMPLES[key]}; got '${got ?? ''}'`;
}
