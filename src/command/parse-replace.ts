import type { Decimal } from '../domain/decimal.js';
import { PRICE, QUANTITY, STOP_PRICE, looksNumeric, parsePositive, type AmountRule } from './amounts.js';
import { echo } from './clip.js';
import type { ParseResult } from './intent.js';
import { looksLikeOrderRef, parseOrderRef } from './order-ref.js';
import { fail } from './result.js';

type Change = 'limitPrice' | 'qty' | 'stopPrice';

interface ChangeWord {
  readonly key: Change;
  readonly rule: AmountRule;
  readonly sample: string;
}

// A Map, not an object literal, so words like `constructor` find nothing.
const CHANGES: ReadonlyMap<string, ChangeWord> = new Map([
  ['@', { key: 'limitPrice', rule: PRICE, sample: '186.5' }],
  ['qty', { key: 'qty', rule: QUANTITY, sample: '20' }],
  ['stop', { key: 'stopPrice', rule: STOP_PRICE, sample: '185' }],
]);

/** `replace #N [@ PRICE] [qty QTY] [stop PRICE]`: at least one change, each at most once. */
export function parseReplace(args: readonly string[]): ParseResult {
  const [refWord, ...rest] = args;
  if (refWord === undefined) {
    return fail('replace what? name an order and the change, e.g. replace #12 @ 186.5 or replace #12 qty 20');
  }
  if (!looksLikeOrderRef(refWord)) {
    return fail(`replace needs an order, not '${echo(refWord)}', e.g. replace #12 @ 186.5`);
  }
  const ref = parseOrderRef(refWord, 'replace');
  if (!ref.ok) return ref;
  const changes: Partial<Record<Change, Decimal>> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const word = rest[i] ?? '';
    const value = rest[i + 1];
    const change = CHANGES.get(word.toLowerCase());
    if (change === undefined) {
      const hint = looksNumeric(word) ? `'${echo(word)}' needs @ or qty before it` : `unknown word '${echo(word)}'`;
      return fail(`${hint}; replace takes @ PRICE, qty QTY or stop PRICE, e.g. replace ${refWord} @ 186.5`);
    }
    const example = `replace ${refWord} ${word.toLowerCase()} ${change.sample}`;
    if (value === undefined) return fail(`missing ${change.rule.noun} after ${word}, e.g. ${example}`);
    if (changes[change.key] !== undefined) return fail(`${change.rule.noun} given twice; keep one, e.g. ${example}`);
    const amount = parsePositive(value, change.rule, example);
    if (!amount.ok) return amount;
    changes[change.key] = amount.value;
  }
  if (Object.keys(changes).length === 0) {
    return fail(`nothing to change for ${refWord}; give a new price or quantity, e.g. replace ${refWord} @ 186.5 or replace ${refWord} qty 20`);
  }
  return { ok: true, intent: { kind: 'replace', ref: ref.value, ...changes } };
}
