import './force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { CoreEvent } from '../../src/core/events.js';
import { at, emit, freshStore, logEntry, order } from './fixtures.js';
import { consoleActions, KEY, renderConsole, tradingDay } from './keyboard-fixtures.js';

afterEach(() => cleanup());

async function day(size = { columns: 100, rows: 30 }) {
  const store = freshStore();
  tradingDay(store);
  const record = consoleActions(store);
  const screen = await renderConsole(store, record.actions, { size });
  return { store, record, screen };
}

/** The titles drawn with the focus mark. */
function focusedTitles(frame: string): string[] {
  return [...frame.matchAll(/┌ ▸ ([A-Za-z]+)/g)].map((m) => m[1] ?? '');
}

describe('focus', () => {
  it('starts on the command line, where letters type instead of acting on a pane', async () => {
    const { record, screen } = await day();
    expect(focusedTitles(screen.frame())).toEqual([]);
    await screen.type('cC');
    expect(screen.commandRow()).toMatch(/^ > cC/);
    expect(record.sent).toEqual([]);
  });

  it('moves through the panes on screen with Tab and back with Shift-Tab, then returns to the command line', async () => {
    const { screen } = await day();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      await screen.press(KEY.tab);
      seen.push(focusedTitles(screen.frame()).join());
    }
    expect(seen).toEqual(['Watchlist', 'Orders', 'Positions', 'Log', 'Strategies']);
    await screen.press(KEY.tab);
    expect(focusedTitles(screen.frame())).toEqual([]);
    await screen.press(KEY.shiftTab);
    expect(focusedTitles(screen.frame())).toEqual(['Strategies']);
  });

  it('jumps to a pane by its number once a pane has focus, and Esc goes back to the command line', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, '3');
    expect(focusedTitles(screen.frame())).toEqual(['Positions']);
    await screen.press('2');
    expect(focusedTitles(screen.frame())).toEqual(['Orders']);
    await screen.press('6');
    expect(screen.commandRow()).toContain('the metrics pane is hidden: m shows it');
    await screen.press(KEY.escape);
    expect(focusedTitles(screen.frame())).toEqual([]);
    await screen.type('2');
    expect(screen.commandRow()).toMatch(/^ > 2/);
  });

  it("shows the focused pane's keys where the preview goes, and says so when a letter is no key there", async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2');
    expect(screen.commandRow()).toContain('c cancel  C cancel all  r replace  j/k move');
    await screen.type('b');
    expect(screen.commandRow()).toContain("'b' is not a key on this pane");
    expect(record.sent).toEqual([]);
  });

  it('m shows the metrics pane, which then takes focus by number, and L steps the log level', async () => {
    const { store, screen } = await day();
    await screen.press(KEY.tab, 'm');
    expect(store.getState().showMetrics).toBe(true);
    expect(screen.frame()).toContain('Metrics');
    await screen.press('6');
    expect(focusedTitles(screen.frame())).toEqual(['Metrics']);
    await screen.press('L');
    expect(store.getState().logLevel).toBe('warn');
    expect(screen.lines()).toHaveLength(29);
  });

  it('gives focus back to the command line when its pane leaves the screen', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, 'm', '6', 'm');
    expect(focusedTitles(screen.frame())).toEqual([]);
    await screen.type('x');
    expect(screen.commandRow()).toMatch(/^ > x/);
  });
});

describe('rows', () => {
  it('highlights the first row of the focused pane, and only there', async () => {
    const { screen } = await day();
    expect(screen.highlighted().filter((line) => line.includes('#'))).toEqual([]);
    await screen.press(KEY.tab, '2');
    const highlighted = screen.highlighted();
    expect(highlighted).toHaveLength(1);
    expect(highlighted[0]).toMatch(/#12\s+BUY\s+10 AAPL/);
  });

  it('moves with j/k and the arrows, g/G to the ends, in the order the pane draws', async () => {
    const { screen } = await day();
    const selected = (): string => /#\d+/.exec(screen.highlighted()[0] ?? '')?.[0] ?? '';
    await screen.press(KEY.tab, '2');
    const walk: string[] = [];
    for (const key of ['j', KEY.down, 'j', 'j', 'k', KEY.up, 'G', 'g', 'k']) {
      await screen.press(key);
      walk.push(selected());
    }
    expect(walk).toEqual(['#11', '#10', '#9', '#9', '#10', '#11', '#9', '#12', '#12']);
  });

  it('stays on the same order when a new one arrives above it', async () => {
    const { store, screen } = await day();
    await screen.press(KEY.tab, '2', 'j');
    expect(screen.highlighted()[0]).toContain('#11');
    emit(store, { type: 'order', order: order({ seq: 13, createdAt: at(10, 31, 30), spec: { symbol: 'MSFT' } }) });
    await screen.press();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.frame().indexOf('#13')).toBeLessThan(screen.frame().indexOf('#11'));
    expect(screen.highlighted()[0]).toContain('#11');
  });

  it('pages through more orders than fit, keeping the selected row in view', async () => {
    const store = freshStore();
    const events: CoreEvent[] = [];
    for (let seq = 1; seq <= 60; seq++) events.push({ type: 'order', order: order({ seq, createdAt: at(9, 30, 0) + seq * 1000 }) });
    emit(store, ...events);
    const screen = await renderConsole(store, consoleActions(store).actions);
    await screen.press(KEY.tab, '2', KEY.pageDown);
    const afterPage = /#(\d+)/.exec(screen.highlighted()[0] ?? '')?.[1];
    expect(Number(afterPage)).toBeLessThan(60);
    await screen.press('G');
    expect(screen.highlighted()[0]).toMatch(/#1 /);
    expect(screen.frame()).not.toContain('#60 ');
    await screen.press(KEY.pageUp, 'g');
    expect(screen.highlighted()[0]).toContain('#60');
    expect(screen.lines()).toHaveLength(29);
  });

  it('moves through the log, newest at the bottom, starting there', async () => {
    const store = freshStore();
    emit(store, logEntry(at(10, 0, 1), 'info', 'first line'), logEntry(at(10, 0, 2), 'warn', 'second line'));
    const screen = await renderConsole(store, consoleActions(store).actions);
    await screen.press(KEY.tab, '4');
    expect(screen.highlighted()[0]).toContain('second line');
    await screen.press('k');
    expect(screen.highlighted()[0]).toContain('first line');
  });
});

describe('filter', () => {
  it('narrows the focused pane to rows holding the text, shown in its title; Esc clears it', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, '2');
    await screen.type('/msft');
    expect(screen.frame()).toContain('/msft█');
    expect(screen.frame()).toContain('#10 ');
    expect(screen.frame()).not.toContain('#12 ');
    await screen.press(KEY.enter);
    expect(screen.frame()).toContain('· /msft ─');
    expect(screen.highlighted()[0]).toContain('#10');
    await screen.press(KEY.escape);
    expect(screen.frame()).not.toContain('/msft');
    expect(screen.frame()).toContain('#12 ');
    expect(focusedTitles(screen.frame())).toEqual(['Orders']);
    await screen.press(KEY.escape);
    expect(focusedTitles(screen.frame())).toEqual([]);
  });

  it('matches side and status too, and typing it takes letters that are keys otherwise', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2');
    await screen.type('/sell');
    await screen.press(KEY.enter);
    expect(screen.frame()).toContain('#10 ');
    expect(screen.frame()).not.toContain('#11 ');
    await screen.press(KEY.escape);
    await screen.type('/fill');
    expect(screen.frame()).toContain('#9 ');
    expect(screen.frame()).not.toContain('#10 ');
    expect(record.sent).toEqual([]);
  });

  it('says so when nothing matches, rather than that the pane is empty', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, '2');
    await screen.type('/zzz\r');
    expect(screen.frame()).toContain('nothing matches /zzz');
    expect(screen.frame()).not.toContain('no orders yet');
    await screen.press('c');
    expect(screen.commandRow()).toContain('no order selected');
  });

  it('is its own per pane', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, '3');
    await screen.type('/short\r');
    expect(screen.frame()).toMatch(/Positions · \/short/);
    expect(screen.frame()).toMatch(/MSFT\s+-5/);
    expect(screen.frame()).not.toMatch(/AAPL\s+\+20/);
    expect(screen.frame()).toContain('#12 ');
  });
});
