import { constants } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertOwnerWritable, FILE_MODE } from './atomic-file.js';
import { errorCode } from './error-code.js';
import { StoreIoError, StoreWriteError } from './errors.js';
import { ensureDir } from './paths.js';
import { nodeFs, type StoreFs } from './store-fs.js';

/**
 * Append-only history: records that no longer belong in a live document (closed orders, their
 * fills) move here, one JSON object per line, one file per kind and calendar month (UTC), so a
 * year of trading is twelve small files per kind and an export by date reads only the months it
 * needs. Records are written here before the live document drops them; a crash in between leaves a
 * record in both places, and it is archived again later, so readers keep one copy per key.
 */
export interface Archive {
  readonly dir: string;
  /** Appends records, each filed under the month of `at(record)`; resolves once they are on disk. */
  append<T>(kind: string, records: readonly T[], at: (record: T) => number): Promise<void>;
  /** Every record of a kind whose month overlaps [from, to], oldest file first; later copies of a key win. */
  read(kind: string, key: (record: unknown) => string, range?: MonthRange): AsyncIterable<unknown>;
}

export interface MonthRange {
  /** Epoch ms; months wholly before it are not read. */
  readonly from?: number;
  /** Epoch ms; months wholly after it are not read. */
  readonly to?: number;
}

const KIND = /^[a-z][a-z0-9-]*$/;

export function openArchive(dir: string, fs: StoreFs = nodeFs): Archive {
  return {
    dir,
    async append(kind, records, at) {
      if (!KIND.test(kind)) throw new RangeError(`archive kind ${JSON.stringify(kind)}`);
      if (records.length === 0) return;
      const byMonth = new Map<string, string[]>();
      for (const record of records) {
        const month = monthOf(at(record));
        const lines = byMonth.get(month) ?? [];
        lines.push(JSON.stringify(record));
        byMonth.set(month, lines);
      }
      try {
        await ensureDir(dir);
      } catch (error) {
        throw new StoreIoError(dir, 'create the directory', error);
      }
      for (const [month, lines] of byMonth) await appendLines(join(dir, `${kind}-${month}.jsonl`), lines, fs);
    },
    read(kind, key, range = {}) {
      return readKind(dir, kind, key, range, fs);
    },
  };
}

/** `2026-12` for a time in December 2026 (UTC). */
export function monthOf(at: number): string {
  const date = new Date(at);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Appends whole lines and makes them durable. A fragment left by an earlier crash is closed off with
 * a newline first, so it stays a bad line of its own (skipped by readers) instead of swallowing the
 * first new record.
 */
async function appendLines(path: string, lines: readonly string[], fs: StoreFs): Promise<void> {
  // A month the owner made read-only is not written to: the failure is reported and retried later.
  await assertOwnerWritable(path, fs);
  let handle;
  try {
    handle = await fs.open(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, FILE_MODE);
  } catch (error) {
    throw new StoreWriteError(path, error);
  }
  try {
    const { size } = await handle.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await handle.write(`${lead}${lines.join('\n')}\n`);
    await handle.datasync();
  } catch (error) {
    throw new StoreWriteError(path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function* readKind(
  dir: string,
  kind: string,
  key: (record: unknown) => string,
  range: MonthRange,
  fs: StoreFs,
): AsyncIterable<unknown> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new StoreIoError(dir, 'read', error);
  }
  const from = range.from === undefined ? undefined : monthOf(range.from);
  const to = range.to === undefined ? undefined : monthOf(range.to);
  const months = names
    .map((name) => new RegExp(`^${kind}-(\\d{4}-\\d{2})\\.jsonl$`).exec(name)?.[1])
    .filter((month): month is string => month !== undefined && (from === undefined || month >= from) && (to === undefined || month <= to))
    .sort();
  for (const month of months) {
    const path = join(dir, `${kind}-${month}.jsonl`);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (error) {
      throw new StoreIoError(path, 'read', error);
    }
    // A record archived twice (a crash between archiving and saving the live file) is kept once: the last copy.
    const records = new Map<string, unknown>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        // The fragment of an append a crash cut short; its record was archived again whole.
        continue;
      }
      const k = key(record);
      records.delete(k);
      records.set(k, record);
    }
    yield* records.values();
  }
}
