import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCacheDir, loadBars, type LoadedBars } from '../../src/app/bar-cache.js';
import { parseCsvBars } from '../../src/backtest/data/csv-bars.js';
import type { BarColumns } from '../../src/backtest/types.js';
import { DATA_DIR_ENV } from '../../src/persistence/paths.js';

const GOOG = new URL('../fixtures/GOOG.csv', import.meta.url);
const HEADER = 'Date,Open,High,Low,Close,Volume';
const PARSED = parseCsvBars(readFileSync(GOOG, 'utf8'), 'GOOG.csv');
if (!PARSED.ok) throw new Error(PARSED.problem);
const GOOG_BARS = PARSED.bars;

let root: string;
let cacheDir: string;
let csv: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'blotter-bar-cache-'));
  cacheDir = join(root, 'cache');
  csv = join(root, 'GOOG.csv');
  await copyFile(GOOG, csv);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function loaded(result: LoadedBars): { from: string; bars: BarColumns } {
  if (!result.ok) throw new Error(result.problem);
  return result;
}

function columns(bars: BarColumns): Record<string, number[]> {
  return {
    start: Array.from(bars.start),
    open: Array.from(bars.open),
    high: Array.from(bars.high),
    low: Array.from(bars.low),
    close: Array.from(bars.close),
    volume: Array.from(bars.volume),
  };
}

async function cacheFile(): Promise<string> {
  const names = await readdir(cacheDir);
  expect(names).toHaveLength(1);
  return join(cacheDir, names[0]!);
}

describe('loadBars', () => {
  it('parses a CSV once, then loads the very same columns from the cache', async () => {
    const first = loaded(await loadBars(csv, { cacheDir }));
    const second = loaded(await loadBars(csv, { cacheDir }));
    expect([first.from, second.from]).toEqual(['csv', 'cache']);
    expect(second.bars.length).toBe(2148);
    expect(columns(second.bars)).toEqual(columns(GOOG_BARS));
    expect(columns(first.bars)).toEqual(columns(GOOG_BARS));
    expect((await cacheFile()).endsWith('.bars')).toBe(true);
  });

  it('reads a changed CSV again, even one rewritten to the same size with its old mtime put back', async () => {
    const noon = new Date('2024-01-02T12:00:00Z');
    await writeFile(csv, `${HEADER}\n2024-01-02,10,11,9,10.5,100\n`);
    await utimes(csv, noon, noon);
    loaded(await loadBars(csv, { cacheDir }));
    await writeFile(csv, `${HEADER}\n2024-01-02,10,11,9,10.7,100\n`);
    await utimes(csv, noon, noon);
    expect((await stat(csv)).mtimeMs).toBe(noon.getTime());
    const again = loaded(await loadBars(csv, { cacheDir }));
    expect(again.from).toBe('csv');
    expect(Array.from(again.bars.close)).toEqual([10.7]);
    expect(loaded(await loadBars(csv, { cacheDir })).from).toBe('cache');
  });

  it.each([
    ['cut short', (bytes: Buffer) => bytes.subarray(0, bytes.length - 8)],
    ['not a cache file at all', () => Buffer.from('hello')],
    ['of another format version', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 8), Buffer.from([99, 0, 0, 0]), bytes.subarray(12)])],
    ['holding a high below its low', (bytes: Buffer) => {
      const copy = Buffer.from(bytes);
      const rows = 2148;
      copy.writeDoubleLE(1, 56 + 2 * rows * 8 + 100 * 8);
      return copy;
    }],
  ])('ignores a cache file %s and rebuilds it', async (_case, damage) => {
    loaded(await loadBars(csv, { cacheDir }));
    const file = await cacheFile();
    await writeFile(file, damage(await readFile(file)));
    const reloaded = loaded(await loadBars(csv, { cacheDir }));
    expect(reloaded.from).toBe('csv');
    expect(reloaded.bars.high[100]).toBe(GOOG_BARS.high[100]);
    expect(loaded(await loadBars(csv, { cacheDir })).from).toBe('cache');
  });

  it('still loads when the cache cannot be written', async () => {
    await writeFile(cacheDir, 'a file where the cache folder would go');
    expect(loaded(await loadBars(csv, { cacheDir })).bars.length).toBe(2148);
    expect(loaded(await loadBars(csv, { cacheDir })).from).toBe('csv');
  });

  it('refuses a missing file, a folder and a bad CSV in one line each', async () => {
    const missing = join(root, 'nowhere.csv');
    expect(await loadBars(missing, { cacheDir })).toEqual({ ok: false, problem: `${missing}: no such file; give the path of a CSV file of bars` });
    await mkdir(join(root, 'folder'));
    expect(await loadBars(join(root, 'folder'), { cacheDir })).toEqual({ ok: false, problem: `${join(root, 'folder')} is a folder; give one CSV file of bars` });
    await writeFile(csv, `${HEADER}\n2024-01-02,10,9,11,10,1\n`);
    expect(await loadBars(csv, { cacheDir })).toEqual({ ok: false, problem: `${csv} line 2: High 9 is below Low 11` });
  });

  it('keeps its cache in the data directory unless told otherwise', () => {
    const saved = process.env[DATA_DIR_ENV];
    process.env[DATA_DIR_ENV] = root;
    try {
      expect(defaultCacheDir()).toBe(join(root, 'bars-cache'));
    } finally {
      if (saved === undefined) delete process.env[DATA_DIR_ENV];
      else process.env[DATA_DIR_ENV] = saved;
    }
  });
});

