import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BLOTTER_BIN = fileURLToPath(new URL('../../dist/blotter.js', import.meta.url));
const GOOG = fileURLToPath(new URL('../fixtures/GOOG.csv', import.meta.url));

function blotter(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BLOTTER_BIN, ...args], { env: { ...process.env, CI: 'true' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('blotter backtest --sweep, the built binary', () => {
  // The bundle is one file: its workers are that file again, started with the sweep's marker.
  it("runs the grid on worker threads and prints it, backtesting.py's SmaCross(10, 30) among the cells to the cent", async () => {
    const { code, stdout, stderr } = await blotter(['backtest', '--strategy', 'sma-cross', '--data', GOOG, 'mode=reverse', 'size=all', '--sweep', 'fast=5..20:5', 'slow=20..40:10', '--top', '20']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe('12 parameter sets (fast 4 × slow 3): 11 run, 1 skipped: sma-cross refuses them (fast (20) must be below slow (20), …)');
    expect(lines.find((line) => /^ *\d+ +10 +30 /.test(line))).toMatch(/ 51,959\.95$/);
    const map = lines.indexOf('Sharpe ratio by fast (rows) and slow (columns): █ highest … ░ lowest, · refused');
    expect(lines[map + 1]).toBe('fast\\slow      20      30      40');
    expect(lines.slice(map + 2, map + 6).map((line) => line.replace(/ -?\d\.\d{3}/g, ' N'))).toEqual(['        5 █ N ▓ N ▒ N', '       10 █ N █ N █ N', '       15 ▓ N ▓ N ░ N', '       20       · ░ N ▒ N']);
  });

  it('gives every cell with --json', async () => {
    const { code, stdout } = await blotter(['backtest', '--strategy', 'sma-cross', '--data', GOOG, '--sweep', 'fast=5,10', 'slow=30', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { results: Array<{ params: { fast: number } }> };
    expect(report.results.map(({ params }) => params.fast).sort()).toEqual([10, 5]);
  });
});
