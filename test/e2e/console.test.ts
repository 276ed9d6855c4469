import { describe, expect, it } from 'vitest';
import { KEY } from './terminal.js';
import { orderRow, useTerminals } from './sessions.js';

const { start, freshDir } = useTerminals();

/** The positions pane's row for 10 AAPL long (`AAPL  +10 avg …`). */
const POSITION = /AAPL\s+\+10 avg/;

describe('blotter in a terminal', () => {
  it('buys, rests and cancels an order, quits cleanly, and shows the same state after a restart', async () => {
    const dir = freshDir();
    const term = start(dir);
    await term.waitFor('SIM');
    await term.waitFor(/AAPL\s+\d+\.\d\d x \d+\.\d\d/);

    await term.type('buy 10 AAPL');
    await term.waitFor('BUY 10 AAPL MKT DAY');
    term.press(KEY.enter);
    await term.waitFor((s) => /filled/.test(orderRow(s, 1)) && POSITION.test(s));

    // Far above the market, and worth more than the confirmation limit: it asks first.
    await term.type('sell 10 AAPL @ 9999 gtc');
    term.press(KEY.enter);
    await term.waitFor('CONFIRM');
    term.press('y');
    await term.waitFor((s) => /\bnew\b/.test(orderRow(s, 2)));
    await term.type('cancel #2');
    term.press(KEY.enter);
    await term.waitFor((s) => /canceled/.test(orderRow(s, 2)));

    await term.type('quit');
    term.press(KEY.enter);
    expect(await term.waitForExit()).toBe(0);

    const again = start(dir);
    await again.waitFor((s) => /filled/.test(orderRow(s, 1)) && /canceled/.test(orderRow(s, 2)) && POSITION.test(s));
    await again.ctrlCTwice();
    expect(await again.waitForExit()).toBe(0);
  });

  it('answers a bad command with a one-line error and sends nothing', async () => {
    const term = start(freshDir());
    await term.waitFor('SIM');
    await term.type('sell ten MSFT');
    term.press(KEY.enter);
    await term.waitFor("'ten' is not a quantity");
    await term.type('buy 10 ZZZZ');
    term.press(KEY.enter);
    await term.waitFor('unknown symbol ZZZZ');
    expect(term.screen()).not.toMatch(/#1 /);
    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  });

  it('keeps the frame shorter than the terminal', async () => {
    const term = start(freshDir(), 100, 30);
    const screen = await term.waitFor('SIM');
    expect(term.lines()).toHaveLength(30);
    // Ink redraws the whole screen (and flickers) when a frame is as tall as the terminal.
    expect(term.lines().at(-1)?.trim()).toBe('');
    expect(screen).toContain('Orders');
    await term.ctrlCTwice();
    await term.waitForExit();
  });
});
