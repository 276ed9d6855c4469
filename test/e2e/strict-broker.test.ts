import { describe, expect, it } from 'vitest';
import { KEY } from './terminal.js';
import { orderRow, useTerminals } from './sessions.js';

const { start, freshDir } = useTerminals();

describe('a broker as strict as Alpaca, in a terminal', () => {
  it('refuses a sale of shares an open sell already holds, and protects an entry with one bracket that holds its shares once', async () => {
    const dir = freshDir();
    const term = start(dir);
    const quoted = await term.waitFor(/AAPL\s+\d+\.\d\d x \d+\.\d\d/);
    const ask = Number(/AAPL\s+\d+\.\d\d x (\d+\.\d\d)/.exec(quoted)?.[1]);

    for (const line of ['buy 10 AAPL', 'sell 10 AAPL @ 999 gtc']) {
      await term.type(line);
      term.press(KEY.enter);
      await term.waitFor((s) => (line.startsWith('buy') ? /filled/.test(orderRow(s, 1)) : /\bnew\b/.test(orderRow(s, 2))));
    }
    await term.type('sell 5 AAPL @ 998 gtc');
    term.press(KEY.enter);
    // The console's own book foresees the refusal and asks first; sent anyway, the broker refuses it.
    await term.waitFor(/CONFIRM\s+sell 5 AAPL @ 998 gtc\s+— ⚠ insufficient qty: 0 available, #2 holds 10/);
    term.press('y');
    const refused = await term.waitFor(/rejected: only 0 AAPL available/);
    expect(refused).toMatch(/#3 SELL 5 AAPL @ 998.00 rejected/);

    // A bracket is exempt from the wash-trade rule that would refuse a plain buy against the open sell.
    const entry = Math.ceil(ask) + 1;
    await term.type(`buy 10 AAPL @ ${entry} tp ${entry + 20} sl ${entry - 20}`);
    await term.waitFor(/bracket tp/);
    term.press(KEY.enter);
    // The entry and its two legs, each its own row: once the entry fills, the take-profit works and the
    // stop waits `held`, both selling the same 10 shares.
    const protectedScreen = await term.waitFor(
      (s) => /filled/.test(orderRow(s, 4)) && /bkt/.test(orderRow(s, 4)) && /tp#4.*\bnew\b/.test(orderRow(s, 5)) && /sl#4.*\bheld\b/.test(orderRow(s, 6)),
    );
    expect(protectedScreen).toMatch(/AAPL\s+\+20 avg/);
    expect(protectedScreen).not.toMatch(/#7 /);

    await term.type('quit');
    term.press(KEY.enter);
    await term.waitFor('leave them working');
    term.press('l');
    expect(await term.waitForExit()).toBe(0);

    // The bracket is the exchange's: after a restart its legs still stand, as they were.
    const again = start(dir);
    await again.waitFor((s) => /bkt/.test(orderRow(s, 4)) && /tp#4.*\bnew\b/.test(orderRow(s, 5)) && /sl#4.*\bheld\b/.test(orderRow(s, 6)));
    await again.type('quit');
    again.press(KEY.enter);
    await again.waitFor('leave them working');
    again.press('l');
    expect(await again.waitForExit()).toBe(0);
  });
});
