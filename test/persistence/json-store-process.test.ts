import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { StoreLockLostError, StoreLockedError } from '../../src/persistence/errors.js';
import { openJsonStore, type JsonStore } from '../../src/persistence/json-store.js';
import { LOCK_STALE_MS } from '../../src/persistence/store-lock.js';
import { WRITER_ITEMS, counterDefaults, decodeCounter, itemsFor, type CounterDoc } from './fixtures/counter-doc.js';
import { errorSink, sleep, useTempDir } from './helpers.js';

const tempDir = useTempDir();
const CHILD = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line that matches; rejects if the child exits first. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  readonly lines: string[];
  readonly exited: Promise<void>;
  exitCode(): number | null;
  stderr(): string;
}

function startChild(mode: 'hold' | 'write' | 'idle', file: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  let errText = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.match(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  void exited.then(() => {
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`child exited early: ${errText}`));
  });
  return {
    process: child,
    lines,
    exited,
    exitCode: () => exitCode,
    stderr: () => errText,
    waitForLine: (match) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(match);
        if (seen !== undefined) resolve(seen);
        else waiters.push({ match, resolve, reject });
      }),
  };
}

function open(file: string): Promise<JsonStore<CounterDoc>> {
  return openJsonStore<CounterDoc>({
    path: file,
    defaults: counterDefaults(),
    decode: decodeCounter,
    schemaVersion: 1,
    onError: errorSink().onError,
  });
}

function savedSeq(line: string): number {
  return Number(/^saved (\d+)$/.exec(line)?.[1] ?? Number.NaN);
}

describe('across processes', () => {
  it('stops writing and reports it when another process takes the lock over', async () => {
    const file = join(tempDir(), 'sim.json');
    const sink = errorSink();
    const first = await openJsonStore<CounterDoc>({
      path: file,
      defaults: counterDefaults(),
      decode: decodeCounter,
      schemaVersion: 1,
      onError: sink.onError,
    });
    // proper-lockfile stamps a new lock with the next whole second + 5 ms; a second lock taken in
    // that same second would carry our very stamp. A real takeover comes after 10 s of staleness,
    // so let our lock be refreshed once first.
    await sleep(1_500);
    // As if our lock had looked stale to another Blotter: it removes it and takes its own.
    rmSync(`${file}.lock`, { recursive: true });
    const usurper = startChild('hold', file);
    try {
      await usurper.waitForLine((line) => line === 'ready');
      await vi.waitFor(() => expect(sink.errors[0]).toBeInstanceOf(StoreLockLostError), { timeout: 10_000, interval: 50 });
      expect(sink.errors[0]?.message).toBe(`lost the lock on ${file} to another process; stopped saving to it, restart Blotter`);
      first.update((doc) => {
        doc.seq += 100;
      });
      await expect(first.flush()).rejects.toBeInstanceOf(StoreLockLostError);
      await expect(first.close()).rejects.toBeInstanceOf(StoreLockLostError);
      expect(JSON.parse(readFileSync(file, 'utf8')).seq).toBe(1);
    } finally {
      usurper.process.kill('SIGKILL');
      await usurper.exited;
    }
  });

  it('refuses to open a file another process holds, and opens it once that process exits', async () => {
    const file = join(tempDir(), 'sim.json');
    const child = startChild('hold', file);
    try {
      await child.waitForLine((line) => line === 'ready');
      const error = await open(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(`another Blotter is using ${file}`);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
    // The lock is removed on a normal exit (SIGTERM included), so no stale wait is needed.
    const store = await open(file);
    expect(store.data.seq).toBe(1);
    await store.close();
  });

  it('neither the save timer nor the lock keeps a process alive, and the lock goes with it', async () => {
    const file = join(tempDir(), 'sim.json');
    const child = startChild('idle', file);
    await child.exited;
    expect(child.lines).toEqual(['ready']);
    expect(child.exitCode()).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
    // The change was never flushed: only close() or flush() makes it durable.
    expect(existsSync(file)).toBe(false);
  });

  it('after SIGKILL mid-write the file is whole, and the dead holder\'s lock is taken over at once', async () => {
    const file = join(tempDir(), 'sim.json');
    for (let round = 0; round < 3; round++) {
      const child = startChild('write', file);
      let lastSaved: number;
      try {
        const first = savedSeq(await child.waitForLine((line) => line.startsWith('saved ')));
        await child.waitForLine((line) => savedSeq(line) >= first + 3);
        await sleep(Math.random() * 40);
      } finally {
        child.process.kill('SIGKILL');
        await child.exited;
      }
      lastSaved = Math.max(...child.lines.map(savedSeq).filter((n) => !Number.isNaN(n)));

      const doc = decodeCounter(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
      expect(doc.seq).toBeGreaterThanOrEqual(lastSaved);
      expect(doc.items).toEqual(itemsFor(doc.seq, WRITER_ITEMS));

      // SIGKILL gave the child no chance to remove its lock, but it named itself beside it and it is
      // gone: the lock is taken over once it has been quiet for a moment, not after the stale time.
      expect(existsSync(`${file}.lock`)).toBe(true);
      const reopenedAt = Date.now();
      const store = await open(file);
      expect(Date.now() - reopenedAt).toBeLessThan(LOCK_STALE_MS);
      expect(store.data.seq).toBe(doc.seq);
      store.update((d) => {
        d.seq += 1;
      });
      await store.close();
      expect(decodeCounter(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).seq).toBe(doc.seq + 1);
    }
  });
});

describe('a lock whose holder cannot be told dead', () => {
  it('is refused until it is stale, then taken over', async () => {
    const file = join(tempDir(), 'sim.json');
    const child = startChild('hold', file);
    await child.waitForLine((line) => line === 'ready');
    child.process.kill('SIGKILL');
    await child.exited;
    // As a lock left by an older Blotter, or by one on another machine sharing the directory.
    rmSync(`${file}.owner`, { force: true });
    await expect(open(file)).rejects.toBeInstanceOf(StoreLockedError);
    // Age the lock as if the stale time had passed, instead of sleeping through it.
    const past = new Date(Date.now() - LOCK_STALE_MS - 1_000);
    utimesSync(`${file}.lock`, past, past);
    const store = await open(file);
    expect(store.data.seq).toBe(1);
    await store.close();
  });

  it('held by a live process is refused, even with its owner record in place', async () => {
    const file = join(tempDir(), 'sim.json');
    const child = startChild('hold', file);
    try {
      await child.waitForLine((line) => line === 'ready');
      expect(JSON.parse(readFileSync(`${file}.owner`, 'utf8')).pid).toBe(child.process.pid);
      await expect(open(file)).rejects.toBeInstanceOf(StoreLockedError);
    } finally {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  });
});
