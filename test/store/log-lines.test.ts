import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/core/events.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { LOG_LIMIT, type LogEntry } from '../../src/kernel/log-entry.js';
import { openProfileStore } from '../../src/persistence/profile-store.js';
import { applyCoreEvents, initialConsoleState } from '../../store/console-store.js';
import { appendLogLines } from '../../store/log-lines.js';
import { errorSink, useTempDir } from '../persistence/helpers.js';

const tempDir = useTempDir();

function entry(at: number, text: string, level: LogEntry['level'] = 'info'): LogEntry {
  return { at, level, text };
}

function logEvents(...entries: LogEntry[]): CoreEvent[] {
  return entries.map((e) => ({ type: 'log', entry: e }));
}

describe('the console log', () => {
  it('folds a run of identical lines into one, counted, with the latest time', () => {
    const lines = appendLogLines([], [entry(1, 'submit 503'), entry(2, 'submit 503'), entry(3, 'submit 503', 'error'), entry(4, 'filled')], 10);
    expect(lines.map((l) => [l.text, l.level, l.count, l.at])).toEqual([
      ['submit 503', 'info', 2, 2],
      ['submit 503', 'error', 1, 3],
      ['filled', 'info', 1, 4],
    ]);
  });

  it('keeps counting a run that spans batches', () => {
    let state = applyCoreEvents(initialConsoleState('sim', 'sim'), logEvents(entry(1, 'stream down'), entry(2, 'stream down')));
    state = applyCoreEvents(state, logEvents(entry(3, 'stream down')));
    expect(state.log).toEqual([{ at: 3, level: 'info', text: 'stream down', count: 3 }]);
  });

  it('keeps the history when one line repeats thousands of times', () => {
    const history = Array.from({ length: 50 }, (_, i) => entry(i, `#${i} filled`));
    const storm = Array.from({ length: 5 * LOG_LIMIT }, (_, i) => entry(100 + i, 'submit #51 503 — retry 2/5 in 0.4s', 'warn'));
    const state = applyCoreEvents(initialConsoleState('sim', 'sim'), logEvents(...history, ...storm));
    expect(state.log).toHaveLength(51);
    expect(state.log[0]?.text).toBe('#0 filled');
    expect(state.log.at(-1)?.count).toBe(5 * LOG_LIMIT);
  });

  it('keeps at most LOG_LIMIT lines, the newest', () => {
    const many = Array.from({ length: LOG_LIMIT + 10 }, (_, i) => entry(i, `line ${i}`));
    const state = applyCoreEvents(initialConsoleState('sim', 'sim'), logEvents(...many));
    expect(state.log).toHaveLength(LOG_LIMIT);
    expect(state.log[0]?.text).toBe('line 10');
  });

  it('shows after a restart the same lines it showed before, from what the profile saved', async () => {
    const logged = Array.from({ length: 3 * LOG_LIMIT }, (_, i) => entry(i, `#${i} filled`));
    const before = applyCoreEvents(initialConsoleState('sim', 'sim'), logEvents(...logged));
    const file = join(tempDir(), 'sim.json');
    const store = await openProfileStore({ path: file, onError: errorSink().onError, clock: new ManualClock() });
    for (const e of logged) store.appendLog(e);
    await store.close();
    const reopened = await openProfileStore({ path: file, onError: errorSink().onError, clock: new ManualClock() });
    const after = applyCoreEvents(initialConsoleState('sim', 'sim'), logEvents(...reopened.log()));
    await reopened.close();
    expect(after.log).toEqual(before.log);
  });
});
