import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import {
  StoreClosedError,
  StoreCorruptError,
  StoreLockedError,
  StoreNewerSchemaError,
  StoreReadOnlyError,
  StoreWriteError,
} from '../../src/persistence/errors.js';
import { openJsonStore, type JsonStore, type JsonStoreOptions } from '../../src/persistence/json-store.js';
import { counterDefaults, decodeCounter, type CounterDoc } from './fixtures/counter-doc.js';
import { failingFs } from '../support/failing-fs.js';
import { errorSink, sleep, useTempDir, type ErrorSink } from './helpers.js';

const tempDir = useTempDir();

function open(
  path: string,
  sink: ErrorSink = errorSink(),
  extra: Partial<JsonStoreOptions<CounterDoc>> = {},
): Promise<JsonStore<CounterDoc>> {
  return openJsonStore<CounterDoc>({
    path,
    defaults: counterDefaults(),
    decode: decodeCounter,
    schemaVersion: 1,
    onError: sink.onError,
    ...extra,
  });
}

function onDisk(path: string): CounterDoc {
  return decodeCounter(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
}

function bump(store: JsonStore<CounterDoc>): void {
  store.update((doc) => {
    doc.seq += 1;
  });
}

describe('opening', () => {
  it('starts from the defaults when the file is missing and creates no file until a change', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const file = join(dir, 'sim.json');
    const store = await open(file);
    expect(store.existed).toBe(false);
    expect(store.data).toEqual(counterDefaults());
    await store.flush();
    expect(existsSync(file)).toBe(false);
    expect(store.stats().writes).toBe(0);

    bump(store);
    await store.flush();
    expect(onDisk(file).seq).toBe(1);
    await store.close();
  });

  it('creates a missing data directory readable by its owner only', async () => {
    const dir = join(tempDir(), 'fresh');
    const store = await open(join(dir, 'sim.json'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.close();
  });

  it('reads an existing file', async () => {
    const file = join(tempDir(), 'sim.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, seq: 41, items: ['a'] }));
    const store = await open(file);
    expect(store.existed).toBe(true);
    expect(store.data).toEqual({ schemaVersion: 1, seq: 41, items: ['a'] });
    await store.close();
  });
});

describe('coalesced writes', () => {
  it('turns a burst of 1,000 updates into a handful of writes holding the last state', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { writeIntervalMs: 20 });
    for (let i = 0; i < 1000; i++) bump(store);
    await vi.waitFor(() => expect(store.stats().writes).toBeGreaterThanOrEqual(1));
    await sleep(60);
    expect(store.stats().writes).toBe(1);
    expect(onDisk(file).seq).toBe(1000);
    await store.close();
  });

  it('keeps writes few when the updates arrive spread over many event-loop turns', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { writeIntervalMs: 20 });
    const started = Date.now();
    for (let i = 0; i < 1000; i++) {
      bump(store);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const elapsed = Date.now() - started;
    await store.flush();
    expect(store.stats().writes).toBeLessThanOrEqual(Math.ceil(elapsed / 20) + 2);
    expect(store.stats().writes).toBeLessThan(100);
    expect(onDisk(file).seq).toBe(1000);
    await store.close();
  });

  it('writes nothing before the interval and writes once when it elapses', async () => {
    const clock = new ManualClock();
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { clock, writeIntervalMs: 200 });
    bump(store);
    await sleep(30);
    clock.advance(199);
    await sleep(30);
    expect(existsSync(file)).toBe(false);
    clock.advance(1);
    await vi.waitFor(() => expect(store.stats().writes).toBe(1));
    expect(onDisk(file).seq).toBe(1);
    await store.close();
  });

  it('throttles rather than debounces: a steady stream of changes cannot postpone the save', async () => {
    const clock = new ManualClock();
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { clock, writeIntervalMs: 200 });
    bump(store);
    clock.advance(150);
    bump(store);
    clock.advance(50);
    await vi.waitFor(() => expect(store.stats().writes).toBe(1));
    expect(onDisk(file).seq).toBe(2);
    await store.close();
  });

  it('flush puts the current state on disk at once, without waiting for the timer', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { writeIntervalMs: 60_000 });
    bump(store);
    bump(store);
    await store.flush();
    expect(onDisk(file).seq).toBe(2);
    expect(store.stats().writes).toBe(1);
    await store.flush();
    expect(store.stats().writes).toBe(1);
    await store.close();
  });

  it('a flush issued while a write is under way resolves only when its own state is on disk', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { writeIntervalMs: 60_000 });
    bump(store);
    const first = store.flush();
    store.update((doc) => {
      doc.seq = 99;
    });
    const second = store.flush();
    await second;
    expect(onDisk(file).seq).toBe(99);
    await first;
    expect(store.stats().writes).toBe(2);
    await store.close();
  });

  it('set replaces the document and is saved like an update', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.set({ schemaVersion: 1, seq: 7, items: ['x'] });
    await store.flush();
    expect(onDisk(file)).toEqual({ schemaVersion: 1, seq: 7, items: ['x'] });
    await store.close();
  });
});

describe('closing', () => {
  it('flushes, cancels its timer, refuses further changes and lets the file be opened again', async () => {
    const clock = new ManualClock();
    const file = join(tempDir(), 'sim.json');
    const store = await open(file, errorSink(), { clock });
    bump(store);
    expect(clock.pendingTimers()).toBe(1);
    await store.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(onDisk(file).seq).toBe(1);
    expect(() => bump(store)).toThrow(StoreClosedError);
    expect(existsSync(`${file}.lock`)).toBe(false);

    const again = await open(file);
    expect(again.data.seq).toBe(1);
    await again.close();
  });

  it('close is idempotent', async () => {
    const store = await open(join(tempDir(), 'sim.json'));
    bump(store);
    await Promise.all([store.close(), store.close()]);
    await store.close();
    expect(store.stats().writes).toBe(1);
  });
});

describe('single writer', () => {
  it('refuses a second opener of the same file with a one-line lock error', async () => {
    const file = join(tempDir(), 'sim.json');
    const first = await open(file);
    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as Error).message).toBe(
      `another Blotter is using ${file}; close it, use --data-dir, or wait 10 s if the last one crashed`,
    );
    bump(first);
    await first.flush();
    expect(onDisk(file).seq).toBe(1);
    await first.close();
    const second = await open(file);
    await second.close();
  });
});

describe('files it cannot read are refused and left untouched', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['truncated JSON', '{"schemaVersion": 1, "seq": 4, "items": ["a"', 'not valid JSON'],
    ['an empty file', '', 'the file is empty'],
    ['only whitespace', '\n  \n', 'the file is empty'],
    ['null', 'null', 'expected a JSON object, found null'],
    ['an array', '[1, 2]', 'expected a JSON object, found an array'],
    ['no schemaVersion', '{"seq": 1, "items": []}', 'schemaVersion: expected a positive integer, found nothing'],
    ['a wrong shape', '{"schemaVersion": 1, "seq": "one", "items": []}', 'seq: expected an integer'],
  ];

  it.each(cases)('%s', async (_name, content, detail) => {
    const file = join(tempDir(), 'sim.json');
    writeFileSync(file, content);
    const before = statSync(file).mtimeMs;
    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    const message = (error as Error).message;
    expect(message).toContain(`${file} is not a valid Blotter store (`);
    expect(message).toContain(detail);
    expect(message).toContain('it was left untouched');
    expect(message).not.toContain('\n');
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readdirSync(tempDir()).sort()).toEqual(['sim.json']);
  });

  it('refuses a file from a newer schema with an upgrade message and leaves it alone', async () => {
    const file = join(tempDir(), 'sim.json');
    const content = JSON.stringify({ schemaVersion: 3, seq: 1, items: [], somethingNew: true });
    writeFileSync(file, content);
    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreNewerSchemaError);
    expect((error as Error).message).toBe(
      `${file} was written by a newer Blotter (schema 3, this build reads up to 1); upgrade Blotter`,
    );
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(tempDir()).sort()).toEqual(['sim.json']);
  });
});

describe('write failures', () => {
  it('flush rejects, the background save reports through onError and retries until it succeeds', async () => {
    const clock = new ManualClock();
    const file = join(tempDir(), 'sim.json');
    const sink = errorSink();
    const store = await open(file, sink, { clock, writeIntervalMs: 200 });
    // A non-empty directory where the file should be makes the final rename fail, even for root.
    mkdirSync(join(file, 'blocker'), { recursive: true });

    bump(store);
    await expect(store.flush()).rejects.toBeInstanceOf(StoreWriteError);
    expect(sink.errors).toEqual([]);

    clock.advance(200);
    await vi.waitFor(() => expect(sink.errors).toHaveLength(1), { timeout: 4_000, interval: 50 });
    expect(sink.errors[0]).toBeInstanceOf(StoreWriteError);
    expect(sink.errors[0]?.message).toMatch(new RegExp(`^could not save ${file}: \\S.*$`));

    rmSync(file, { recursive: true });
    clock.advance(5_000);
    await vi.waitFor(() => expect(store.stats().writes).toBe(1), { timeout: 4_000, interval: 20 });
    expect(onDisk(file).seq).toBe(1);
    await store.close();
  });
});

describe('permissions and failed writes', () => {
  it('writes its file readable and writable by its owner only, whatever the umask', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    bump(store);
    await store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a file its owner made read-only, names it, and leaves it exactly as it was', async () => {
    const file = join(tempDir(), 'sim.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, seq: 3, items: [] }));
    chmodSync(file, 0o444);
    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreReadOnlyError);
    expect((error as Error).message).toBe(`${file} is read-only (mode 0444); Blotter will not replace it: make it writable (chmod u+w) or use --data-dir`);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a save that fails (ENOSPC) is reported, leaves no temporary file, and is retried until it succeeds', async () => {
    const dir = tempDir();
    const file = join(dir, 'sim.json');
    const disk = failingFs();
    const sink = errorSink();
    let recovered = 0;
    const clock = new ManualClock();
    const store = await open(file, sink, { fs: disk.fs, clock, onRecovered: () => (recovered += 1) });
    disk.failing = 'ENOSPC';
    bump(store);
    await clock.advanceAsync(250);
    await vi.waitFor(() => expect(sink.errors[0]).toBeInstanceOf(StoreWriteError));
    expect(sink.errors[0]?.message).toMatch(new RegExp(`^could not save ${file}: ENOSPC`));
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(file)).toBe(false);

    disk.failing = undefined;
    await clock.advanceAsync(5_000);
    await vi.waitFor(() => expect(recovered).toBe(1));
    expect(onDisk(file).seq).toBe(1);
    await store.close();
  });

  it('removes temporary files a killed writer left beside the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'sim.json');
    writeFileSync(join(dir, '.sim.json.0badf00d.tmp'), '{"half":');
    const store = await open(file);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await store.close();
  });
});
