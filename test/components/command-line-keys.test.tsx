import './force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createCommandHistory } from '../../store/command-history.js';
import { bindingLine, HELP_LINES } from '../../components/help-lines.js';
import { KEY_BINDINGS } from '../../components/key-bindings.js';
import { freshStore } from './fixtures.js';
import { consoleActions, KEY, renderConsole, tradingDay } from './keyboard-fixtures.js';

afterEach(() => cleanup());

async function setup(options: { history?: string[]; size?: { columns: number; rows: number } } = {}) {
  const store = freshStore();
  tradingDay(store);
  const record = consoleActions(store);
  const saved: (readonly string[])[] = [];
  const history = createCommandHistory(options.history ?? [], (entries) => saved.push(entries));
  const screen = await renderConsole(store, record.actions, { history, ...(options.size !== undefined && { size: options.size }) });
  return { record, screen, saved };
}

describe('history', () => {
  it('brings back earlier lines with ↑, newest first, and the line being typed with ↓', async () => {
    const { screen } = await setup();
    await screen.type('buy 1 AAPL\r');
    await screen.type('sell 2 MSFT\r');
    await screen.type('watch N');
    await screen.press(KEY.up);
    expect(screen.commandRow()).toMatch(/^ > sell 2 MSFT /);
    await screen.press(KEY.up, KEY.up);
    expect(screen.commandRow()).toMatch(/^ > buy 1 AAPL /);
    await screen.press(KEY.down);
    expect(screen.commandRow()).toMatch(/^ > sell 2 MSFT /);
    await screen.press(KEY.down);
    expect(screen.commandRow()).toMatch(/^ > watch N /);
  });

  it('starts from the lines of earlier sessions and hands every new line over to be saved', async () => {
    const { screen, saved } = await setup({ history: ['buy 5 NVDA'] });
    await screen.press(KEY.up);
    expect(screen.commandRow()).toMatch(/^ > buy 5 NVDA /);
    await screen.type('\r');
    await screen.type('buy 1 AAPL\r');
    expect(saved.at(-1)).toEqual(['buy 5 NVDA', 'buy 1 AAPL']);
  });

  it('keeps only lines that parse', async () => {
    const { screen, saved } = await setup();
    await screen.type('buy ten AAPL\r');
    await screen.press(KEY.up);
    expect(screen.commandRow()).toMatch(/^ > {2}/);
    expect(saved).toEqual([]);
  });
});

describe('Tab on the command line', () => {
  it('completes the verb, then the symbol', async () => {
    const { screen } = await setup();
    await screen.type('fl');
    await screen.press(KEY.tab);
    expect(screen.commandRow()).toMatch(/^ > flatten {2}/);
    await screen.type('ms');
    await screen.press(KEY.tab);
    expect(screen.commandRow()).toMatch(/^ > flatten MSFT {2}/);
  });

  it('lists the candidates when the word could be several', async () => {
    const { screen } = await setup();
    await screen.type('re');
    await screen.press(KEY.tab);
    expect(screen.commandRow()).toMatch(/^ > re .*replace resume/);
  });

  it('moves focus instead when no word is being typed', async () => {
    const { screen } = await setup();
    await screen.type('buy 10 ');
    await screen.press(KEY.tab);
    expect(screen.frame()).toContain('▸ Watchlist');
    expect(screen.commandRow()).toMatch(/^ > buy 10 /);
  });
});

describe('editing keys', () => {
  it('Ctrl-W deletes the last word, Ctrl-U the line', async () => {
    const { screen } = await setup();
    await screen.type('buy 10 AAPL');
    await screen.press(KEY.ctrlW);
    expect(screen.commandRow()).toMatch(/^ > buy 10 {2}/);
    await screen.press(KEY.ctrlU);
    expect(screen.commandRow()).toMatch(/^ > {2}/);
  });
});

describe('the help overlay', () => {
  it('opens on ? at an empty line and lists the keys, a page at a time', async () => {
    const { screen } = await setup();
    await screen.type('?');
    const frame = screen.frame();
    expect(frame).toContain('Keys and commands');
    expect(frame).toContain('Everywhere');
    expect(frame).toContain('Ctrl-C');
    expect(frame).toContain(`of ${HELP_LINES.length}`);
    expect(screen.lines()).toHaveLength(29);
    for (const line of screen.lines()) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('scrolls with j and PgDn to the end, and closes with Esc, ? or q', async () => {
    const { screen } = await setup();
    await screen.type('?');
    await screen.press('j');
    expect(screen.frame()).toContain(`2–`);
    await screen.press('G');
    expect(screen.frame()).toContain(`of ${HELP_LINES.length}`);
    expect(screen.frame()).toContain('quit | exit');
    for (const close of [KEY.escape, '?', 'q']) {
      await screen.press(close);
      expect(screen.frame()).not.toContain('Keys and commands');
      await screen.type('?');
    }
  });

  it('shows every binding of the key table on one page or another', async () => {
    const { screen } = await setup();
    await screen.type('?');
    let seen = screen.frame();
    for (let i = 0; i < 5; i++) {
      await screen.press(KEY.pageDown);
      seen += screen.frame();
    }
    for (const binding of KEY_BINDINGS) expect(seen, binding.id).toContain(bindingLine(binding).slice(0, 60));
  });

  it('also opens for the help command, and ? inside a line is typed', async () => {
    const { record, screen } = await setup();
    await screen.type('help\r');
    expect(screen.frame()).toContain('Keys and commands');
    await screen.press(KEY.escape);
    await screen.type('buy 10 A?');
    expect(screen.commandRow()).toMatch(/^ > buy 10 A\?/);
    expect(record.sent).toEqual([]);
  });

  it('shows a taller page on a 200×60 terminal and still fits it', async () => {
    const { screen } = await setup({ size: { columns: 200, rows: 60 } });
    await screen.type('?');
    expect(screen.lines()).toHaveLength(59);
    expect(screen.frame()).toContain(`1–55 of ${HELP_LINES.length}`);
  });
});
