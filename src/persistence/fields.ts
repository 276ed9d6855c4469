import { dec, type Decimal } from '../domain/decimal.js';
import { StoreCorruptError } from './errors.js';

/**
 * Readers for untrusted JSON. Each takes the path of the field it reads (`orders[3].qty`) so a
 * bad file is reported by the exact field that is wrong.
 */
export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, one-line rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function field(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

export function invalid(at: string, expected: string, value: unknown): StoreCorruptError {
  return new StoreCorruptError(`${at}: expected ${expected}, found ${describeValue(value)}`);
}

export function asObject(value: unknown, at: string): JsonObject {
  if (!isPlainObject(value)) throw invalid(at, 'an object', value);
  return value;
}

export function asArray(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(at, 'an array', value);
  return value;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function readString(obj: JsonObject, key: string, at: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw invalid(field(at, key), 'a string', value);
  return value;
}

export function readId(obj: JsonObject, key: string, at: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') throw invalid(field(at, key), 'a non-empty string', value);
  return value;
}

export function readOptionalId(obj: JsonObject, key: string, at: string): string | undefined {
  return present(obj[key]) ? readId(obj, key, at) : undefined;
}

export function readOptionalString(obj: JsonObject, key: string, at: string): string | undefined {
  return present(obj[key]) ? readString(obj, key, at) : undefined;
}

export function readInteger(obj: JsonObject, key: string, at: string, min: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(field(at, key), `an integer >= ${min}`, value);
  }
  return value;
}

/** Epoch milliseconds. */
export function readTime(obj: JsonObject, key: string, at: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(field(at, key), 'a time in epoch milliseconds', value);
  }
  return value;
}

/** Decimals are stored as plain decimal strings; a JSON number is refused, it may already be a rounded float. */
export function readDecimal(obj: JsonObject, key: string, at: string): Decimal {
  const value = obj[key];
  if (typeof value === 'string') {
    try {
      return dec(value);
    } catch {
      // reported below with the field's name
    }
  }
  throw invalid(field(at, key), 'a decimal string', value);
}

export function readOptionalDecimal(obj: JsonObject, key: string, at: string): Decimal | undefined {
  return present(obj[key]) ? readDecimal(obj, key, at) : undefined;
}

export function readOneOf<T extends string>(obj: JsonObject, key: string, at: string, allowed: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field(at, key), `one of ${allowed.join('|')}`, value);
  }
  return value as T;
}

export function readOptionalOneOf<T extends string>(
  obj: JsonObject,
  key: string,
  at: string,
  allowed: readonly T[],
): T | undefined {
  return present(obj[key]) ? readOneOf(obj, key, at, allowed) : undefined;
}

export function readStrings(obj: JsonObject, key: string, at: string): string[] {
  const path = field(at, key);
  return asArray(obj[key], path).map((item, i) => {
    if (typeof item !== 'string') throw invalid(`${path}[${i}]`, 'a string', item);
    return item;
  });
}

