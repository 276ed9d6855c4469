import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, TerminalSession } from './terminal.js';

const GOOG = fileURLToPath(new URL('../fixtures/GOOG.csv', import.meta.url));
const dirs: string[] = [];
const terminals: TerminalSession[] = [];

afterEach(() => {
  for (const term of terminals.splice(0)) term.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a backtest from the console, in a terminal', () => {
  it('runs in the bundled binary’s worker thread while the console stays live, shows the result over the panes, and closes it with q', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-backtest-'));
    dirs.push(dir);
    const term = new TerminalSession({ args: ['--data-dir', dir, '--seed', '5'], cols: 120, rows: 40, env: { BLOTTER_CONFIG_DIR: dir } });
    terminals.push(term);
    await term.waitFor('SIM');
    await term.type(`backtest sma-cross --data ${GOOG} fast=10 slow=30 mode=reverse size=all`);
    term.press(KEY.enter);
    const shown = await term.waitFor(/Equity final\s+51,959\.95 \$/, 20_000);
    expect(shown).toMatch(/Backtest sma-cross on GOOG/);
    expect(shown).toMatch(/75,787 ┤/);
    term.press('q');
    await term.waitFor((screen) => !/Backtest sma-cross on GOOG/.test(screen) && /Orders/.test(screen));
    await term.ctrlCTwice();
    expect(await term.waitForExit()).toBe(0);
  }, 60_000);
});
