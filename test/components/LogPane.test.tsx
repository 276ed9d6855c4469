import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { LogEntry } from '../../src/kernel/log-entry.js';
import { ConsoleContext } from '../../components/console-context.js';
import { formatClockTime } from '../../components/format.js';
import type { PaneBox } from '../../components/layout.js';
import { LogPane } from '../../components/LogPane.js';
import type { ConsoleStore } from '../../store/console-store.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { at, emit, freshStore, logEntry, tick } from './fixtures.js';

// Colour is what tells a warning from an error at a glance, so this file renders it (chalk reads this as it loads).
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

afterEach(() => cleanup());

/** The log pane's box in a 100×30 terminal (half the width, the bottom row of panes) and a 200×60 one. */
const BOX_100x30: PaneBox = { width: 50, height: 12 };
const BOX_200x60: PaneBox = { width: 120, height: 26 };

const ANSI = /\x1b\[[0-9;]*m/g;

/** The pane alone, in a fake terminal as wide as the terminal it would sit in. */
async function renderLog(store: ConsoleStore, box: PaneBox) {
  const actions = createConsoleActions({ store, run: () => Promise.reject(new Error('unused')), now: () => 0, onQuit: () => {} });
  const tree = (
    <ConsoleContext.Provider value={{ store, actions }}>
      <LogPane box={box} />
    </ConsoleContext.Provider>
  );
  const instance = render(tree);
  // Drawn again rather than resized: Ink ignores resize events when CI is set.
  Object.defineProperty(instance.stdout, 'columns', { value: 200, configurable: true });
  instance.rerender(tree);
  await tick();
  const raw = (): string => instance.lastFrame() ?? '';
  const lines = (): string[] => raw().replace(ANSI, '').split('\n');
  /** The rows inside the border, without the border and padding. */
  const rows = (): string[] => lines().slice(1, -1).map((line) => line.slice(2, -2).trimEnd());
  return { raw, lines, rows, actions };
}

function log(store: ConsoleStore, ...entries: [number, LogEntry['level'], string][]): void {
  emit(store, ...entries.map(([ms, level, text]) => logEntry(ms, level, text)));
}

const T0 = at(10, 31, 0);

describe('log pane', () => {
  it('shows the newest lines at the bottom, cut to the pane, and fits its box exactly', async () => {
    for (const box of [BOX_100x30, BOX_200x60]) {
      const store = freshStore();
      log(store, ...Array.from({ length: 40 }, (_, i): [number, 'info', string] => [T0 + i * 1000, 'info', `#${i + 1} BUY 1 AAPL filled 1 @ 187.44`]));
      const pane = await renderLog(store, box);
      await tick();
      expect(pane.lines()).toHaveLength(box.height);
      for (const line of pane.lines()) expect(line).toHaveLength(box.width);
      const rows = pane.rows();
      expect(rows).toHaveLength(box.height - 2);
      expect(rows.at(-1)).toMatch(/^10:31:39 INFO\s+#40 BUY 1 AAPL filled/);
      expect(rows[0]).toContain(`#${40 - (box.height - 2) + 1} BUY`);
      cleanup();
    }
  });

  it('merges a run of repeats into one row with a count and the latest time', async () => {
    const store = freshStore();
    log(
      store,
      [T0, 'info', '#1 BUY 10 AAPL filled 10 @ 187.44 (10/10)'],
      [T0 + 1000, 'warn', 'submit #2 BUY 5 MSFT 503 — retry 2/5 in 0.4s'],
      [T0 + 2000, 'warn', 'submit #2 BUY 5 MSFT 503 — retry 2/5 in 0.4s'],
      [T0 + 5000, 'warn', 'submit #2 BUY 5 MSFT 503 — retry 2/5 in 0.4s'],
    );
    const pane = await renderLog(store, BOX_200x60);
    await tick();
    expect(pane.rows().filter((row) => row !== '')).toEqual([
      expect.stringMatching(/^10:31:00 INFO\s+#1 BUY 10 AAPL filled/),
      expect.stringMatching(/^10:31:05 WARN\s+submit #2 BUY 5 MSFT 503 — retry 2\/5 in 0\.4s \(×3\)$/),
    ]);
  });

  it('merges repeats with other lines between them while they are in view, at the newest place', async () => {
    const store = freshStore();
    log(
      store,
      [T0, 'warn', 'poll failed: 503'],
      [T0 + 1000, 'warn', 'trade-update stream down'],
      [T0 + 2000, 'warn', 'poll failed: 503'],
      [T0 + 3000, 'info', 'trade-update stream back: reconciling'],
      [T0 + 4000, 'warn', 'poll failed: 503'],
    );
    const pane = await renderLog(store, BOX_200x60);
    await tick();
    expect(pane.rows().filter((row) => row !== '')).toEqual([
      expect.stringMatching(/^10:31:01 WARN\s+trade-update stream down$/),
      expect.stringMatching(/^10:31:03 INFO\s+trade-update stream back: reconciling$/),
      expect.stringMatching(/^10:31:04 WARN\s+poll failed: 503 \(×3\)$/),
    ]);
  });

  it('does not merge a repeat of a line that has scrolled out of view', async () => {
    const store = freshStore();
    const inner = BOX_100x30.height - 2;
    log(
      store,
      [T0, 'warn', 'poll failed: 503'],
      ...Array.from({ length: inner }, (_, i): [number, 'info', string] => [T0 + 1000 + i, 'info', `line ${i}`]),
      [T0 + 9000, 'warn', 'poll failed: 503'],
    );
    const pane = await renderLog(store, BOX_100x30);
    await tick();
    expect(pane.rows().at(-1)).toMatch(/^10:31:09 WARN\s+poll failed: 503$/);
    expect(pane.raw()).not.toContain('×');
  });

  it('colours warnings yellow and errors red', async () => {
    const store = freshStore();
    log(store, [T0, 'info', 'placed'], [T0 + 1, 'warn', 'retrying'], [T0 + 2, 'error', 'rejected: insufficient buying power']);
    const pane = await renderLog(store, BOX_200x60);
    await tick();
    const line = (text: string): string => pane.raw().split('\n').find((l) => l.includes(text)) ?? '';
    expect(line('retrying')).toContain('\x1b[33mWARN');
    expect(line('rejected')).toContain('\x1b[31mERROR');
    expect(line('placed')).not.toMatch(/\x1b\[3[13]m/);
  });

  it('hides lines below the level, and says so in the title', async () => {
    const store = freshStore();
    log(
      store,
      [T0, 'debug', '#1: ignored broker event new while filled'],
      [T0 + 1000, 'info', '#1 BUY 10 AAPL filled 10 @ 187.44 (10/10)'],
      [T0 + 2000, 'warn', '#2 SELL 5 MSFT timed out after 60s: final check, then cancel'],
      [T0 + 3000, 'error', '#3 BUY 10 NVDA rejected: insufficient buying power'],
      [T0 + 4000, 'info', '#2 SELL 5 MSFT canceled'],
    );
    const pane = await renderLog(store, BOX_100x30);
    await tick();
    const title = (): string => pane.lines()[0] ?? '';
    const shown = (): string => pane.rows().join('\n');
    expect(title()).toMatch(/^┌ Log · 1 hidden ─+┐$/);
    expect(shown()).not.toContain('ignored broker event');
    expect(shown()).toContain('#1 BUY 10 AAPL filled');

    pane.actions.cycleLogLevel();
    await tick();
    expect(title()).toMatch(/^┌ Log · level warn · 3 hidden ─+┐$/);
    expect(shown()).not.toContain('filled');
    expect(shown()).toContain('timed out');
    expect(shown()).toContain('rejected');

    pane.actions.cycleLogLevel();
    await tick();
    expect(title()).toMatch(/^┌ Log · level error · 4 hidden ─+┐$/);
    expect(shown()).not.toContain('timed out');
    expect(shown()).toContain('rejected');

    pane.actions.cycleLogLevel();
    await tick();
    expect(title()).toMatch(/^┌ Log · level debug ─+┐$/);
    expect(shown()).toContain('ignored broker event');

    pane.actions.cycleLogLevel();
    await tick();
    expect(title()).toMatch(/^┌ Log · 1 hidden ─+┐$/);
  });

  it('counts hidden repeats one by one', async () => {
    const store = freshStore();
    log(store, [T0, 'info', 'quote AAPL'], [T0 + 1, 'info', 'quote AAPL'], [T0 + 2, 'info', 'quote AAPL'], [T0 + 3, 'warn', 'stream down']);
    store.setState({ logLevel: 'warn' });
    const pane = await renderLog(store, BOX_100x30);
    await tick();
    expect(pane.lines()[0]).toContain('Log · level warn · 3 hidden');
  });

  it('says when nothing is logged, and when everything is below the level', async () => {
    const store = freshStore();
    const pane = await renderLog(store, BOX_100x30);
    await tick();
    expect(pane.rows()[0]).toBe('nothing logged yet');
    log(store, [T0, 'info', '#1 BUY 10 AAPL filled 10 @ 187.44 (10/10)']);
    store.setState({ logLevel: 'error' });
    await tick();
    expect(pane.rows()[0]).toBe('nothing at error or above; L shows more');
  });

  it('shows each row at the time of its latest repeat', async () => {
    const store = freshStore();
    log(store, [T0, 'warn', 'poll failed: 503']);
    const pane = await renderLog(store, BOX_100x30);
    await tick();
    log(store, [T0 + 65_000, 'warn', 'poll failed: 503']);
    await tick();
    expect(pane.rows()[0]).toBe(`${formatClockTime(T0 + 65_000)} WARN  poll failed: 503 (×2)`);
  });
});
