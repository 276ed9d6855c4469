import { Decimal, dec } from '../../domain/decimal.js';
import { BlotterError } from '../../domain/errors.js';

/**
 * Reading Alpaca's JSON field by field. The SDK, the emulator and fixtures all hand over `unknown`,
 * so every read checks its field here and a malformed body fails with one line naming the field,
 * rather than as a TypeError deep inside the core.
 */

/** Alpaca's JSON (or the SDK's parse of it) that did not have the shape Alpaca documents. */
export class AlpacaWireError extends BlotterError {}

export type WireObject = Readonly<Record<string, unknown>>;

/** Decimals go on the wire as strings (`"10"`, `"105.8988475"`), absent ones as null. */
export type WireDecimal = string | null;

export function wireObject(value: unknown, what: string): WireObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AlpacaWireError(`${what}: expected a JSON object, got ${describe(value)}`);
  }
  return value as WireObject;
}

/** Alpaca sends null (and sometimes "") for a field that does not apply. */
function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function text(obj: WireObject, field: string, what: string): string {
  const value = optionalText(obj, field, what);
  if (value === undefined) throw new AlpacaWireError(`${what}: missing "${field}"`);
  return value;
}

export function optionalText(obj: WireObject, field: string, what: string): string | undefined {
  const value = obj[field];
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw new AlpacaWireError(`${what}: "${field}" should be a string, got ${describe(value)}`);
  return value;
}

export function oneOf<T extends string>(obj: WireObject, field: string, allowed: readonly T[], what: string): T {
  const value = text(obj, field, what);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AlpacaWireError(`${what}: "${field}" is "${value}", expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function decimal(obj: WireObject, field: string, what: string): Decimal {
  const value = optionalDecimal(obj, field, what);
  if (value === undefined) throw new AlpacaWireError(`${what}: missing "${field}"`);
  return value;
}

/** Strings only: a JSON number may already have lost digits to floating point. */
export function optionalDecimal(obj: WireObject, field: string, what: string): Decimal | undefined {
  const value = obj[field];
  if (absent(value)) return undefined;
  if (typeof value !== 'string') {
    throw new AlpacaWireError(`${what}: "${field}" should be a decimal string like "10.5", got ${describe(value)}`);
  }
  try {
    return dec(value);
  } catch {
    throw new AlpacaWireError(`${what}: "${field}" should be a decimal string like "10.5", got "${value}"`);
  }
}

/**
 * Alpaca's market-data API sends prices and sizes as JSON numbers. A parsed number prints as the
 * shortest decimal that reads back to it, which is the decimal Alpaca wrote for any price with a
 * handful of places, so that text (exponent form included) is the exact value.
 */
export function numeric(obj: WireObject, field: string, what: string): Decimal {
  const value = optionalNumeric(obj, field, what);
  if (value === undefined) throw new AlpacaWireError(`${what}: missing "${field}"`);
  return value;
}

export function optionalNumeric(obj: WireObject, field: string, what: string): Decimal | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AlpacaWireError(`${what}: "${field}" should be a number like 187.42, got ${describe(value)}`);
  }
  return new Decimal(String(value));
}

export function bool(obj: WireObject, field: string, what: string): boolean {
  const value = obj[field];
  if (typeof value !== 'boolean') throw new AlpacaWireError(`${what}: "${field}" should be true or false, got ${describe(value)}`);
  return value;
}

/**
 * A timestamp exactly as sent (nanoseconds and offsets kept). The SDK replaces some raw strings with
 * Date objects (`timestamp` on trade updates), so a Date is read back as its ISO form.
 */
export function optionalTime(obj: WireObject, field: string, what: string): string | undefined {
  const value = obj[field];
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AlpacaWireError(`${what}: "${field}" is an invalid date`);
    return value.toISOString();
  }
  return optionalText(obj, field, what);
}

export function time(obj: WireObject, field: string, what: string): string {
  const value = optionalTime(obj, field, what);
  if (value === undefined) throw new AlpacaWireError(`${what}: missing "${field}"`);
  return value;
}

export function toWire(value: Decimal | undefined): WireDecimal {
  return value === undefined ? null : value.toString();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
