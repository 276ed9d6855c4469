import { describe, expect, it } from 'vitest';
import { KEY, type TerminalSession } from './terminal.js';
import { orderRow, useTerminals } from './sessions.js';

const { start, freshDir } = useTerminals();

const TAB = '\t';

/** Back to the command line from wherever focus is, with nothing typed. */
async function commandLine(term: TerminalSession): Promise<void> {
  for (let i = 0; i < 2; i++) {
    term.press(KEY.escape);
    // Alone: an Esc read together with the key behind it is Alt+key, and a busy machine can
    // hold the console's event loop long enough for the two to arrive as one chunk.
    await new Promise((r) => setTimeout(r, 300));
  }
  await term.waitFor((s) => !s.includes('▸'));
}

/** Focus pane n (1 watchlist, 2 orders, 3 positions …) from the command line. */
async function focusPane(term: TerminalSession, n: number, title: string): Promise<void> {
  term.press(TAB);
  await term.waitFor('▸');
  term.press(String(n));
  await term.waitFor(`▸ ${title}`);
}

async function send(term: TerminalSession, line: string): Promise<void> {
  await term.type(line);
  term.press(KEY.enter);
}

/**
 * Waits for a whole frame `cols` wide: the status bar on the first line, the command row on the one
 * before last, and bottom borders exactly as wide as the terminal. A frame that drifted down a line,
 * or overflowed, never matches. (The last line is not checked here: on a heavily loaded machine a
 * stray typed character has been seen left there; see the README's known issues.)
 */
async function wholeFrame(term: TerminalSession, cols: number): Promise<void> {
  await term.waitFor((screen) => {
    const lines = screen.split('\n');
    return /SIM/.test(lines[0] ?? '') && /^ >/.test(lines.at(-2) ?? '') && lines.some((l) => /^└─+┘└─+┘$/.test(l) && l.length === cols);
  });
}

describe.each([
  [100, 30],
  [200, 60],
])('a whole session from the keyboard at %i×%i', (cols, rows) => {
  it('places, watches the fill, replaces, cancels and flattens by key, reads a rejection, gets help and quits', async () => {
    const term = start(freshDir(), cols, rows);
    await term.waitFor(/AAPL\s+\d+\.\d\d x \d+\.\d\d/);

    await send(term, 'buy 10 AAPL');
    await term.waitFor((s) => /filled/.test(orderRow(s, 1)) && /AAPL\s+\+10/.test(s));

    await send(term, 'sell 1 AAPL @ 5000 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 2)));

    // r puts the replace on the command line for the selected order: g selects the first, the working one.
    await focusPane(term, 2, 'Orders');
    term.press('g');
    term.press('r');
    await term.waitFor('> replace #2 @ 5000.00');
    for (let i = 0; i < '5000.00'.length; i++) term.press(KEY.backspace);
    await send(term, '4999');
    await term.waitFor((s) => /replaced/.test(orderRow(s, 2)) && /4,999\.00/.test(s));

    // c cancels the selected order: the replacement is the newest working one, at the top.
    await focusPane(term, 2, 'Orders');
    term.press('g');
    term.press('c');
    await term.waitFor((s) => /canceled/.test(s.split('\n').find((l) => /4,999\.00/.test(l)) ?? ''));

    // x on positions asks first, and y sends exactly the flatten it showed.
    await focusPane(term, 3, 'Positions');
    term.press('g');
    term.press('x');
    await term.waitFor(/CONFIRM\s+flatten AAPL/);
    term.press('y');
    await term.waitFor((s) => /filled/.test(orderRow(s, 4)));
    await term.waitFor((s) => !/AAPL\s+\+10/.test(s));

    await commandLine(term);
    await send(term, 'buy 10 ZZZZ');
    await term.waitFor('unknown symbol ZZZZ');
    expect(orderRow(term.screen(), 5)).toBe('');

    await commandLine(term);
    term.press('?');
    await term.waitFor(/Keys and commands.*Esc closes[\s\S]*Ctrl-C/);
    // Paged with j/k or PgDn; at 100×30 the row actions are a page or two down.
    const range = (screen: string): string => /Keys and commands · (\S+) of/.exec(screen)?.[1] ?? '';
    // A page is looked at once it has been drawn whole (a frame can arrive in several writes).
    const onPage = (): Promise<boolean> => term.waitFor('cancel the selected order', 1500).then(() => true, () => false);
    for (let page = 0; page < 5 && !(await onPage()); page++) {
      const before = range(term.screen());
      term.press(' ');
      await term.waitFor((screen) => range(screen) !== before);
    }
    await term.waitFor('cancel the selected order');
    term.press(KEY.escape);
    await term.waitFor((s) => !s.includes('Keys and commands') && /Orders/.test(s));
    await wholeFrame(term, cols);

    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  });
});

describe('the console under a trader’s hands', () => {
  it('takes a pasted line in one burst, character by character', async () => {
    const term = start(freshDir());
    await term.waitFor(/AAPL\s+\d+\.\d\d x/);
    term.press('buy 1 AAPL\r');
    await term.waitFor((s) => /filled/.test(orderRow(s, 1)));
    term.press('sell 1 AAPL\x7f\x7f\x7f\x7fAAPL\r');
    await term.waitFor((s) => /filled/.test(orderRow(s, 2)));
    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  });

  it('cancels all by key only after y, and a pasted yyy sends it once', async () => {
    const term = start(freshDir());
    await term.waitFor(/AAPL\s+\d+\.\d\d x/);
    await send(term, 'buy 1 AAPL @ 100 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 1)));
    await send(term, 'buy 1 MSFT @ 100 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 2)));

    await focusPane(term, 2, 'Orders');
    term.press('C');
    await term.waitFor(/CONFIRM\s+cancel all/);
    term.press(KEY.enter);
    await term.waitFor((s) => !s.includes('CONFIRM'));
    expect(orderRow(term.screen(), 1)).toMatch(/\bnew\b/);

    term.press('C');
    await term.waitFor(/CONFIRM\s+cancel all/);
    term.press('yyy');
    await term.waitFor((s) => /canceled/.test(orderRow(s, 1)) && /canceled/.test(orderRow(s, 2)));
    await new Promise((r) => setTimeout(r, 300));
    // One cancel all: the log tells of two cancels, and no third order appeared.
    expect(orderRow(term.screen(), 3)).toBe('');
    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  });

  it('reflows on resize, keeps the frame inside the terminal, and says when it is too small', async () => {
    const term = start(freshDir(), 120, 32);
    await term.waitFor(/AAPL\s+\d+\.\d\d x/);
    term.resize(100, 30);
    await wholeFrame(term, 100);
    term.resize(200, 60);
    await wholeFrame(term, 200);
    term.resize(70, 18);
    await term.waitFor('needs at least 80×20');
    term.resize(100, 30);
    await wholeFrame(term, 100);
    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  });

  it('asks before quitting with orders working: l leaves them, c cancels them, and a restart shows which', async () => {
    const dir = freshDir();
    const term = start(dir);
    await term.waitFor(/AAPL\s+\d+\.\d\d x/);
    await send(term, 'buy 1 AAPL @ 100 gtc');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 1)));
    await term.ctrlCTwice();
    await term.waitFor(/1 working order/);
    term.press('l');
    expect(await term.waitForExit()).toBe(0);

    const again = start(dir);
    await again.waitFor((s) => /\bnew\b/.test(orderRow(s, 1)));
    await send(again, 'quit');
    await again.waitFor(/1 working order/);
    again.press('c');
    expect(await again.waitForExit()).toBe(0);

    const third = start(dir);
    await third.waitFor((s) => /canceled/.test(orderRow(s, 1)));
    await third.ctrlCTwice();
    expect(await third.waitForExit()).toBe(0);
  });
});
