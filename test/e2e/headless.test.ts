import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport, SimRunReport } from '../../src/app/report.js';

const BLOTTER_BIN = fileURLToPath(new URL('../../dist/blotter.js', import.meta.url));

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built binary as a script runner would call it: no terminal, CI set, output captured. */
function blotter(args: readonly string[], stdin = ''): Promise<Finished> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BLOTTER_BIN, ...args], { env: { ...process.env, CI: 'true' }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

function scriptFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-run-'));
  dirs.push(dir);
  const path = join(dir, 'orders.txt');
  writeFileSync(path, text);
  return path;
}

describe('blotter run, the built binary', () => {
  it('trades a script under chaos faults and ends with the local state equal to the exchange, exit 0', async () => {
    const script = scriptFile(
      [
        '# market orders, resting limits that time out, a cancel by symbol',
        'buy 10 AAPL',
        'buy 5 MSFT',
        'buy 4 NVDA @ 120.00',
        // The exchange refuses a sale while a buy of the same symbol works (a possible wash trade):
        // long enough for the buy's chaos (retries after 429s, lost answers) even on a busy machine.
        'wait 3s',
        'sell 3 AAPL',
        'buy 2 KO @ 55.00 gtc',
        'cancel KO',
        'buy 7 INTC',
        'sell 5 MSFT',
        'buy 6 AMZN @ 180.00',
        'wait 1s',
        'sell 7 INTC',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await blotter([
      'run', '--fresh', '--faults', 'chaos', '--seed', '7', '--order-timeout', '1s', '--deadline', '20s', '--script', script,
    ]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Run on the simulator, the default: the report carries its books.
    const report = JSON.parse(stdout) as SimRunReport;
    expect(report.broker).toBe('sim');
    expect(report.ok).toBe(true);
    // Ten orders and two waits.
    expect(report.commands).toHaveLength(12);
    expect(report.commands.every((c) => c.ok)).toBe(true);
    expect(report.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
    expect(report.workingLeft).toEqual([]);
    expect(report.exchange.seed).toBe(7);
    expect(report.positions.AAPL?.qty).toBe('7');
    expect(report.cash).toBe(report.exchange.cash);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  }, 40_000);

  it('reads standard input, indents with --pretty, and exits 1 with one line on stderr for a refused command', async () => {
    const { code, stdout, stderr } = await blotter(['run', '--seed', '3', '--deadline', '5s', '--pretty'], 'buy 1 AAPL\nbuy 1 ZZZZ\n');

    expect(code).toBe(1);
    expect(stderr).toMatch(/^blotter run: command 2 rejected: buy 1 ZZZZ — unknown symbol ZZZZ.*\n$/);
    expect(stdout).toMatch(/^\{\n {2}"ok": false,/);
    const report = JSON.parse(stdout) as RunReport;
    expect(report.commands.map((c) => c.ok)).toEqual([true, false]);
    expect(report.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
  });

  it('answers a bad fault spec with one line and exit status 2', async () => {
    const { code, stdout, stderr } = await blotter(['run', '--faults', 'mayhem']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown preset mayhem/);
  });

  it('answers a broker it does not know with one line naming the known ones, and exit status 2', async () => {
    const { code, stdout, stderr } = await blotter(['run', '--broker', 'ib']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown broker "ib"; known brokers: sim, alpaca/);
  });

  it('refuses Alpaca without keys in one line saying where keys go, and exit status 1', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'blotter-e2e-config-'));
    dirs.push(configDir);
    const { APCA_API_KEY_ID: _key, APCA_API_SECRET_KEY: _secret, ...env } = process.env;
    const { code, stdout, stderr } = await new Promise<Finished>((resolve) => {
      execFile(process.execPath, [BLOTTER_BIN, 'run', '--broker', 'alpaca'], { env: { ...env, CI: 'true', BLOTTER_CONFIG_DIR: configDir }, timeout: 30_000 }, (error, out, err) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout: out, stderr: err });
      }).stdin?.end('');
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`no Alpaca keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or write {"keyId": "PK…", "secret": "…"} to ${join(configDir, 'alpaca-credentials.json')} (chmod 600)`);
  });
});
