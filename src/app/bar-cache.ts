/**
 * CSV bars, parsed once: the columns are kept beside Blotter's data in a binary file that loads
 * with one read and no parsing, and is used only while the CSV is the one it was made from.
 *
 * A cache file (in the machine's byte order, 8-byte aligned so the columns are read in place):
 *   0  "BLOTBARS"   magic
 *   8  u32          format version
 *  12  u32          rows
 *  16  f64          1.0, so a file written with another byte order reads as foreign, never as wrong numbers
 *  24  f64 × 4      the CSV's size, mtime, ctime (ms) and inode when it was parsed
 *  56  f64 × rows   start, then open, high, low, close, volume, a column at a time
 * A CSV whose size, mtime, ctime or inode has changed is read again: ctime and the inode change
 * with any write or replacement, even one that puts the old mtime back (cp -p, rsync -t). A cache
 * file that is short, foreign or whose columns break the parser's rules is ignored and rebuilt.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseCsvBars } from '../backtest/data/csv-bars.js';
import type { BarColumns } from '../backtest/types.js';
import { errorText } from '../core/error-text.js';
import { writeFileAtomic } from '../persistence/atomic-file.js';
import { errorCode } from '../persistence/error-code.js';
import { ensureDir, resolveDataDir } from '../persistence/paths.js';

export type LoadedBars =
  | { readonly ok: true; readonly bars: BarColumns; readonly from: 'cache' | 'csv' }
  | { readonly ok: false; readonly problem: string };

export interface BarCacheOptions {
  /** Where cache files go; `<data dir>/bars-cache` when absent. */
  readonly cacheDir?: string;
}

const MAGIC = 'BLOTBARS';
const VERSION = 1;
const HEADER_BYTES = 56;
/** Float64Array columns are in the machine's byte order, so the header is too. */
const LITTLE_ENDIAN = endianness() === 'LE';
const COLUMNS = ['start', 'open', 'high', 'low', 'close', 'volume'] as const;

interface SourceStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** The bars of one CSV file, from its cache when the file has not changed since. */
export async function loadBars(path: string, options: BarCacheOptions = {}): Promise<LoadedBars> {
  let stamp: SourceStamp;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, problem: `${path} is a folder; give one CSV file of bars` };
    stamp = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
  } catch (error) {
    return { ok: false, problem: unreadable(path, error) };
  }
  const cacheFile = join(options.cacheDir ?? defaultCacheDir(), cacheName(path));
  const cached = await readCache(cacheFile, stamp);
  if (cached !== undefined) return { ok: true, bars: cached, from: 'cache' };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problem: unreadable(path, error) };
  }
  const parsed = parseCsvBars(text, path);
  if (!parsed.ok) return parsed;
  await writeCache(cacheFile, stamp, parsed.bars);
  return { ok: true, bars: parsed.bars, from: 'csv' };
}

export function defaultCacheDir(): string {
  return join(resolveDataDir(), 'bars-cache');
}

/** `<file name>-<hash of its absolute path>.bars`: one cache per CSV, named so a person can tell which. */
function cacheName(path: string): string {
  const absolute = resolve(path);
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
  return `${basename(absolute)}-${hash}.bars`;
}

function unreadable(path: string, error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return `${path}: no such file; give the path of a CSV file of bars`;
  if (code === 'EACCES') return `${path}: not allowed to read it; give a CSV file you can read`;
  return `${path}: ${errorText(error)}`;
}

async function readCache(file: string, stamp: SourceStamp): Promise<BarColumns | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, LITTLE_ENDIAN) !== VERSION || view.getFloat64(16, LITTLE_ENDIAN) !== 1) return undefined;
  const rows = view.getUint32(12, LITTLE_ENDIAN);
  const saved = [24, 32, 40, 48].map((offset) => view.getFloat64(offset, LITTLE_ENDIAN));
  if (saved.join() !== [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino].join()) return undefined;
  if (bytes.length !== HEADER_BYTES + rows * COLUMNS.length * 8) return undefined;
  // A Float64Array must start on a multiple of 8; a buffer Node placed elsewhere is copied once.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const column = (k: number): Float64Array => new Float64Array(aligned.buffer, aligned.byteOffset + HEADER_BYTES + k * rows * 8, rows);
  const bars: BarColumns = { length: rows, start: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
  return keepsTheRules(bars) ? bars : undefined;
}

/** What parseCsvBars guarantees of every file it accepts, checked again of a cache file. */
function keepsTheRules(bars: BarColumns): boolean {
  const { start, open, high, low, close, volume } = bars;
  if (bars.length === 0) return false;
  for (let i = 0; i < bars.length; i++) {
    const l = low[i]!;
    const h = high[i]!;
    if (!(l > 0 && h >= l && open[i]! >= l && open[i]! <= h && close[i]! >= l && close[i]! <= h && volume[i]! >= 0)) return false;
    if (!Number.isFinite(h) || !Number.isFinite(volume[i]!) || !Number.isFinite(start[i]!)) return false;
    if (i > 0 && !(start[i]! > start[i - 1]!)) return false;
  }
  return true;
}

/**
 * Writes the cache file; a failure to (a read-only or full disk) is let go, since the bars in hand
 * are right and the next load only parses again.
 */
async function writeCache(file: string, stamp: SourceStamp, bars: BarColumns): Promise<void> {
  const bytes = Buffer.alloc(HEADER_BYTES + bars.length * COLUMNS.length * 8);
  bytes.write(MAGIC, 0, 'latin1');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(8, VERSION, LITTLE_ENDIAN);
  view.setUint32(12, bars.length, LITTLE_ENDIAN);
  view.setFloat64(16, 1, LITTLE_ENDIAN);
  [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino].forEach((value, k) => view.setFloat64(24 + k * 8, value, LITTLE_ENDIAN));
  COLUMNS.forEach((name, k) => {
    const column = bars[name];
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, bars.length * 8), HEADER_BYTES + k * bars.length * 8);
  });
  try {
    await ensureDir(dirname(file));
    await writeFileAtomic(file, bytes);
  } catch {
    return;
  }
}
