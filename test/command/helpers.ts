import { expect } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { parse } from '../../src/command/parse.js';

/** Decimals as their exact strings, so expectations read like the command and compare exactly. */
export function plain(value: unknown): unknown {
  if (value instanceof Decimal) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

export function intentOf(text: string): unknown {
  const result = parse(text);
  if (!result.ok) expect.fail(`expected '${text}' to parse, got: ${result.error}`);
  return plain(result.intent);
}

export function errorOf(text: string): string {
  const result = parse(text);
  if (result.ok) expect.fail(`expected '${text}' to be refused, got ${JSON.stringify(plain(result.intent))}`);
  return result.error;
}
