import type { Decimal } from '../domain/decimal.js';
import type { PartialFillPolicy, PlaceOptions } from '../domain/order-options.js';
import type { Side } from '../domain/order-types.js';
import { MAX_DURATION_MS, readDuration, type DurationTerms } from '../kernel/duration.js';
import { STOP_LOSS, TAKE_PROFIT, parsePositive } from './amounts.js';
import { echo } from './clip.js';
import { fail, ok, type Failure, type Parsed } from './result.js';

/** PlaceOptions while a command line is being read: each modifier sets its own field once. */
export type OptionsDraft = { -readonly [K in keyof PlaceOptions]: PlaceOptions[K] };

/** The order typed so far, for the examples in the messages: `side` and `buy 10 AAPL`. */
export interface OrderContext {
  readonly side: Side;
  readonly order: string;
}

const TTL_TERMS: DurationTerms = { noun: 'timeout', units: ['s', 'm', 'h'], quote: echo };

/**
 * Reads an order timeout: a whole number of seconds (`90s`), minutes (`2m`) or hours (`1h`), from
 * 1 s to 24 h, in milliseconds. Fractions are refused (`90s`, not `1.5m`) so what the trader typed
 * and what the preview shows are always the same amount.
 */
export function parseTtl(word: string, example: string): Parsed<number> {
  const ttl = readDuration(word, TTL_TERMS);
  if (!ttl.ok) return fail(`${ttl.problem}, e.g. ${example}`);
  if (!(ttl.ms > 0)) return fail(`timeout must be at least 1s, e.g. ${example}`);
  if (!ttl.whole) return fail(`timeout must be a whole number of seconds, minutes or hours (90s, not 1.5m), e.g. ${example}`);
  if (ttl.ms > MAX_DURATION_MS) return fail(`timeout can be at most 24h, e.g. ${example}`);
  return ok(ttl.ms);
}

export function readTtl(value: string | undefined, options: OptionsDraft, { order }: OrderContext): Failure | undefined {
  const example = `${order} ttl 30s`;
  if (value === undefined) return fail(`missing timeout after ttl, e.g. ${example}`);
  if (options.ttlMs !== undefined) return fail(`ttl given twice; keep one, e.g. ${example}`);
  const ttl = parseTtl(value, example);
  if (!ttl.ok) return ttl;
  options.ttlMs = ttl.value;
  return undefined;
}

/** An entry with both protective prices on the right sides, e.g. `buy 10 AAPL @ 187 tp 195 sl 182`. */
export function protectionExample({ side, order }: OrderContext): string {
  return side === 'buy' ? `${order} @ 187 tp 195 sl 182` : `${order} @ 187 tp 180 sl 192`;
}

/** `tp PRICE` or `sl PRICE`; which side of the entry each must be on is checked once all is read. */
export function readProtection(
  word: 'tp' | 'sl',
  value: string | undefined,
  options: OptionsDraft,
  context: OrderContext,
): Failure | undefined {
  const key = word === 'tp' ? 'takeProfit' : 'stopLoss';
  const rule = word === 'tp' ? TAKE_PROFIT : STOP_LOSS;
  const example = protectionExample(context);
  if (value === undefined) return fail(`missing ${rule.noun} after ${word}, e.g. ${example}`);
  if (options[key] !== undefined) return fail(`${word} given twice; keep one, e.g. ${example}`);
  const price = parsePositive(value, rule, example);
  if (!price.ok) return price;
  options[key] = price.value;
  return undefined;
}

// A Map, not an object literal, so words like `constructor` find nothing.
const POLICIES: ReadonlyMap<string, PartialFillPolicy> = new Map([
  ['keep', 'keep'],
  ['cancel', 'cancel'],
]);

/** `partial keep` (the rest keeps working) or `partial cancel` (the rest is cancelled). */
export function readPartial(value: string | undefined, options: OptionsDraft, { order }: OrderContext): Failure | undefined {
  const example = `${order} partial cancel`;
  if (value === undefined) {
    return fail(`missing policy after partial: keep (the rest keeps working) or cancel (the rest is cancelled), e.g. ${example}`);
  }
  if (options.onPartial !== undefined) return fail(`partial given twice; keep one, e.g. ${example}`);
  const policy = POLICIES.get(value.toLowerCase());
  if (policy === undefined) return fail(`'${echo(value)}' is not a partial-fill policy; write partial keep or partial cancel, e.g. ${example}`);
  options.onPartial = policy;
  return undefined;
}

/**
 * Checks the protective prices against the entry (the limit price, else the stop price) when the
 * order has one: a buy's target above it and its stop below, a sell's the other way round. An order
 * without a price (market, trailing stop, dollar amount) only has its target and stop checked
 * against each other; the core checks them against the fill.
 */
export function checkProtection(
  options: PlaceOptions,
  entry: Decimal | undefined,
  context: OrderContext,
): Failure | undefined {
  const { takeProfit: tp, stopLoss: sl } = options;
  const buy = context.side === 'buy';
  const above = buy ? 'above' : 'below';
  const below = buy ? 'below' : 'above';
  const example = `e.g. ${protectionExample(context)}`;
  if (entry !== undefined) {
    if (tp !== undefined && !(buy ? tp.gt(entry) : tp.lt(entry))) {
      return fail(`take-profit ${tp.toString()} must be ${above} the entry price ${entry.toString()} for a ${context.side}, ${example}`);
    }
    if (sl !== undefined && !(buy ? sl.lt(entry) : sl.gt(entry))) {
      return fail(`stop-loss ${sl.toString()} must be ${below} the entry price ${entry.toString()} for a ${context.side}, ${example}`);
    }
  }
  if (tp !== undefined && sl !== undefined && !(buy ? tp.gt(sl) : tp.lt(sl))) {
    return fail(`take-profit ${tp.toString()} must be ${above} the stop-loss ${sl.toString()} for a ${context.side}, ${example}`);
  }
  return undefined;
}
