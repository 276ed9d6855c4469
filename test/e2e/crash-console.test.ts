import { describe, expect, it } from 'vitest';
import { KEY } from './terminal.js';
import { orderRow, useTerminals } from './sessions.js';

const { start, freshDir } = useTerminals();

describe('the console killed while trading', () => {
  it('shows, after a restart, every fill that was on screen when it died, with the same position', async () => {
    const dir = freshDir();
    const term = start(dir);
    await term.waitFor(/KO\s+\d+\.\d\d x \d+\.\d\d|Orders/);
    for (const line of ['buy 7 KO', 'buy 5 KO']) {
      await term.type(line);
      term.press(KEY.enter);
    }
    // A sale while a buy of the same symbol works would be refused as a possible wash trade.
    await term.waitFor((s) => [1, 2].every((n) => /filled/.test(orderRow(s, n))));
    await term.type('sell 2 KO');
    term.press(KEY.enter);
    const seen = await term.waitFor((s) => [1, 2, 3].every((n) => /filled/.test(orderRow(s, n))) && /KO\s+\+10 avg/.test(s));
    // What each row said: its time, side, quantity, symbol, type, filled quantity and price.
    const said = (screen: string, n: number): string => /#\d+ [\d:]+ (?:BUY|SELL)\s+\d+ KO MKT DAY \d+\/\d+ filled @ [\d.,]+/.exec(orderRow(screen, n))?.[0] ?? '';
    const before = [1, 2, 3].map((n) => said(seen, n));
    expect(before.filter((row) => row === ''), seen).toEqual([]);
    // No quit, no save on exit: the process is gone the instant the fills are on screen.
    process.kill(term.pid, 'SIGKILL');
    await term.waitForExit();

    const again = start(dir);
    const after = await again.waitFor((s) => [1, 2, 3].every((n) => /filled/.test(orderRow(s, n))) && /KO\s+\+10 avg/.test(s), 15_000);
    expect([1, 2, 3].map((n) => said(after, n))).toEqual(before);
    expect(after).not.toMatch(/BOOKS|SAVE FAILING|NOT SAVING/);
    await again.ctrlCTwice();
    expect(await again.waitForExit()).toBe(0);
  });
});
