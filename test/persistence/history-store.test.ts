import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { StoreCorruptError, InvalidProfileNameError } from '../../src/persistence/errors.js';
import { COMMAND_HISTORY_LIMIT, historyFile, openHistoryStore } from '../../src/persistence/history-store.js';
import { errorSink, useTempDir } from './helpers.js';

const dir = useTempDir();

describe('the command history file', () => {
  it('sits beside the profile it belongs to', () => {
    expect(historyFile('/data', 'sim')).toBe('/data/sim.history.json');
    expect(() => historyFile('/data', '../etc')).toThrow(InvalidProfileNameError);
  });

  it('keeps the lines across a restart', async () => {
    const path = historyFile(dir(), 'sim');
    const first = await openHistoryStore({ path, onError: errorSink().onError });
    expect(first.entries).toEqual([]);
    first.save(['buy 10 AAPL', 'cancel #1']);
    await first.close();
    const second = await openHistoryStore({ path, onError: errorSink().onError });
    expect(second.entries).toEqual(['buy 10 AAPL', 'cancel #1']);
    await second.close();
  });

  it('stores only the newest lines, however many it is given or finds', async () => {
    const path = historyFile(dir(), 'sim');
    const lines = Array.from({ length: COMMAND_HISTORY_LIMIT + 20 }, (_, i) => `buy ${i} AAPL`);
    const store = await openHistoryStore({ path, onError: errorSink().onError });
    store.save(lines);
    await store.close();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { entries: string[] };
    expect(saved.entries).toHaveLength(COMMAND_HISTORY_LIMIT);
    expect(saved.entries[0]).toBe('buy 20 AAPL');
    await writeFile(path, JSON.stringify({ schemaVersion: 1, entries: lines }));
    const reopened = await openHistoryStore({ path, onError: errorSink().onError });
    expect(reopened.entries).toHaveLength(COMMAND_HISTORY_LIMIT);
    await reopened.close();
  });

  it('refuses a corrupt file and leaves it as it was', async () => {
    const path = historyFile(dir(), 'sim');
    await writeFile(path, '{"schemaVersion":1,"entries":[1,2]}');
    await expect(openHistoryStore({ path, onError: errorSink().onError })).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await readFile(path, 'utf8')).toBe('{"schemaVersion":1,"entries":[1,2]}');
  });
});
