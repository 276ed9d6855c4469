import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreCorruptError } from '../../src/persistence/errors.js';
import type { JsonObject } from '../../src/persistence/fields.js';
import { journalPathFor, openJournaledStore, type JournaledStore } from '../../src/persistence/journaled-store.js';
import { failingFs } from '../support/failing-fs.js';
import { errorSink, useTempDir } from './helpers.js';

const tempDir = useTempDir();

/** A counter document: the snapshot holds a total, each entry adds to it. */
type Doc = { total: number };
type Entry = { add: number };

function open(path: string, fs?: ReturnType<typeof failingFs>['fs']): Promise<JournaledStore<Doc, Entry>> {
  return openJournaledStore<Doc, Entry>({
    path,
    schemaVersion: 1,
    decodeSnapshot: (raw: JsonObject) => ({ total: raw['total'] as number }),
    encodeSnapshot: (doc) => JSON.stringify({ total: doc.total }),
    decodeEntry: (raw: JsonObject) => {
      if (typeof raw['add'] !== 'number') throw new StoreCorruptError('add: expected a number');
      return { add: raw['add'] };
    },
    onLockLost: errorSink().onError,
    ...(fs !== undefined && { fs }),
  });
}

function replayed(store: JournaledStore<Doc, Entry>): number {
  return store.entries.reduce((total, e) => total + e.add, store.snapshot?.total ?? 0);
}

describe('a journaled document', () => {
  it('appends entries and replays them after the snapshot they follow', async () => {
    const path = join(tempDir(), 'ex.json');
    const first = await open(path);
    expect(first.snapshot).toBeUndefined();
    await first.replace({ total: 10 });
    await first.append({ add: 1 });
    await first.append({ add: 2 });
    await first.close();

    const second = await open(path);
    expect(second.snapshot).toEqual({ total: 10 });
    expect(second.entries).toEqual([{ add: 1 }, { add: 2 }]);
    expect(replayed(second)).toBe(13);
    await second.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(journalPathFor(path)).mode & 0o777).toBe(0o600);
  });

  it('a snapshot empties the journal; entries it already holds are not replayed even if emptying never happened', async () => {
    const path = join(tempDir(), 'ex.json');
    const store = await open(path);
    await store.replace({ total: 0 });
    await store.append({ add: 5 });
    const journal = readFileSync(journalPathFor(path), 'utf8');
    await store.replace({ total: 5 });
    expect(store.journalBytes).toBe(0);
    await store.close();
    // A crash between writing the snapshot and emptying the journal: the old line is still there.
    writeFileSync(journalPathFor(path), journal);
    const reopened = await open(path);
    expect(reopened.entries).toEqual([]);
    expect(replayed(reopened)).toBe(5);
    await reopened.append({ add: 1 });
    await reopened.close();
    const again = await open(path);
    expect(replayed(again)).toBe(6);
    await again.close();
  });

  it('drops a last line a crash cut short and writes the next entry in its place', async () => {
    const path = join(tempDir(), 'ex.json');
    const store = await open(path);
    await store.replace({ total: 0 });
    await store.append({ add: 1 });
    await store.close();
    appendFileSync(journalPathFor(path), '{"seq":2,"entry":{"add":');
    const reopened = await open(path);
    expect(reopened.entries).toEqual([{ add: 1 }]);
    await reopened.append({ add: 7 });
    await reopened.close();
    const lines = readFileSync(journalPathFor(path), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([{ seq: 1, entry: { add: 1 } }, { seq: 2, entry: { add: 7 } }]);
  });

  it('refuses a journal with a bad line before its end, or with entries missing, and leaves it untouched', async () => {
    const path = join(tempDir(), 'ex.json');
    const store = await open(path);
    await store.replace({ total: 0 });
    await store.close();
    const journal = journalPathFor(path);
    writeFileSync(journal, '{"seq":1,"entry":{"add":1}}\nnot json\n{"seq":3,"entry":{"add":1}}\n');
    await expect(open(path)).rejects.toThrow(/line 2 is not valid JSON/);
    writeFileSync(journal, '{"seq":1,"entry":{"add":1}}\n{"seq":3,"entry":{"add":1}}\n');
    const gap = await open(path).catch((e: unknown) => e);
    expect(gap).toBeInstanceOf(StoreCorruptError);
    expect((gap as Error).message).toContain('entry 3 follows 1; entries are missing');
    expect(readFileSync(journal, 'utf8')).toBe('{"seq":1,"entry":{"add":1}}\n{"seq":3,"entry":{"add":1}}\n');
  });

  it('an append that fails half way (a full disk) is written again whole at the same place', async () => {
    const path = join(tempDir(), 'ex.json');
    const disk = failingFs();
    const store = await open(path, disk.fs);
    await store.replace({ total: 0 });
    await store.append({ add: 1 });
    disk.failing = 'ENOSPC';
    await expect(store.append({ add: 2 })).rejects.toThrow(/ENOSPC/);
    disk.failing = undefined;
    await store.append({ add: 2 });
    await store.close();
    const reopened = await open(path);
    expect(reopened.entries).toEqual([{ add: 1 }, { add: 2 }]);
    await reopened.close();
  });

  it('a snapshot that cannot be written leaves no temporary file and the old snapshot in place', async () => {
    const dir = tempDir();
    const path = join(dir, 'ex.json');
    const disk = failingFs();
    const store = await open(path, disk.fs);
    await store.replace({ total: 1 });
    disk.failing = 'ENOSPC';
    await expect(store.replace({ total: 2 })).rejects.toThrow(/could not save .*ENOSPC/);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ total: 1 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await store.close();
  });
});
