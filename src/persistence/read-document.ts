import { readFile } from 'node:fs/promises';
import { errorCode } from './error-code.js';
import { StoreCorruptError, StoreIoError, StoreNewerSchemaError } from './errors.js';
import { describeValue, isPlainObject } from './fields.js';

export interface Versioned {
  readonly schemaVersion: number;
}

/**
 * Reads and checks a document file; `undefined` when there is none. Everything that is not a
 * document this build understands throws, and nothing here ever writes, so a bad file is left
 * exactly as it was. lowdb's own read is not used because it turns a file holding `null` into the
 * defaults, which the next save would then write over the file.
 */
export async function readDocument<T extends Versioned>(
  path: string,
  schemaVersion: number,
  decode: (raw: Record<string, unknown>) => T,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StoreIoError(path, 'read', error);
  }
  try {
    return parseDocument(text, path, schemaVersion, decode);
  } catch (error) {
    throw error instanceof StoreCorruptError ? error.inFile(path) : error;
  }
}

function parseDocument<T extends Versioned>(
  text: string,
  path: string,
  schemaVersion: number,
  decode: (raw: Record<string, unknown>) => T,
): T {
  if (text.trim() === '') throw new StoreCorruptError('the file is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreCorruptError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isPlainObject(raw)) throw new StoreCorruptError(`expected a JSON object, found ${describeValue(raw)}`);
  const version = raw['schemaVersion'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new StoreCorruptError(`schemaVersion: expected a positive integer, found ${describeValue(version)}`);
  }
  if (version > schemaVersion) throw new StoreNewerSchemaError(path, version, schemaVersion);
  return decode(raw);
}
