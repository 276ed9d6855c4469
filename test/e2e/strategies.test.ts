import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, TerminalSession } from './terminal.js';

const dirs: string[] = [];
const terminals: TerminalSession[] = [];

afterEach(() => {
  for (const term of terminals.splice(0)) term.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-strategies-'));
  dirs.push(dir);
  return dir;
}

/** The console on the sim with a fast market, and a config directory of its own (no strategy files). */
function start(dataDir: string, configDir: string): TerminalSession {
  const term = new TerminalSession({ args: ['--data-dir', dataDir, '--seed', '5', '--tick', '100ms'], cols: 160, rows: 40, env: { BLOTTER_CONFIG_DIR: configDir } });
  terminals.push(term);
  return term;
}

/** The strategies pane's row of one instance. */
function strategyRow(screen: string, id: string): string {
  return screen.split('\n').find((line) => new RegExp(`│ ?${id}\\s`).test(line)) ?? '';
}

/** An order row in the orders pane placed by `source`. */
function hasOrderFrom(screen: string, source: string, status: RegExp): boolean {
  return screen.split('\n').some((line) => /│ #\d+ /.test(line) && line.includes(source) && status.test(line));
}

async function run(term: TerminalSession, command: string): Promise<void> {
  await term.type(command);
  term.press(KEY.enter);
}

describe('strategies in a terminal', () => {
  it('starts sma-cross on the sim, shows its orders with their source, refuses a second owner, pauses, asks before quitting, comes back paused, stops', async () => {
    const dataDir = freshDir();
    const configDir = freshDir();
    const term = start(dataDir, configDir);
    await term.waitFor('SIM');

    await run(term, 'strategy start sma-cross AAPL fast=2 slow=3 size=10 bar=1s mode=reverse');
    await term.waitFor(/started sma1 on AAPL/);
    await term.waitFor((s) => /running/.test(strategyRow(s, 'sma1')));
    // Its orders come and fill, each marked as the strategy's.
    await term.waitFor((s) => hasOrderFrom(s, 'sma1', /filled/), 30_000);

    await run(term, 'strategy start breakout AAPL');
    await term.waitFor(/AAPL is already traded by sma1 \(sma-cross\)/);

    await run(term, 'strategy pause sma1');
    await term.waitFor((s) => /paused/.test(strategyRow(s, 'sma1')));

    // Quitting with a strategy running asks first; n stays.
    await run(term, 'strategy resume sma1');
    await term.waitFor((s) => /running/.test(strategyRow(s, 'sma1')));
    await run(term, 'quit');
    await term.waitFor(/strateg(y|ies) running/);
    term.press('y');
    expect(await term.waitForExit()).toBe(0);

    const again = start(dataDir, configDir);
    await again.waitFor((s) => /paused/.test(strategyRow(s, 'sma1')));
    await again.waitFor(/brought back paused/);
    await run(again, 'strategy stop sma1 flatten');
    await again.waitFor('CONFIRM');
    again.press('y');
    await again.waitFor((s) => /stopped/.test(strategyRow(s, 'sma1')));
    await again.ctrlCTwice();
    expect(await again.waitForExit()).toBe(0);
  }, 90_000);
});
