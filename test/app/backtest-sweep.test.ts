import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestCommand, type BacktestIo } from '../../src/app/backtest-cli.js';
import { parseArgs } from '../../src/app/config.js';
import { runBacktest } from '../../src/backtest/backtest.js';
import { parseCsvBars } from '../../src/backtest/data/csv-bars.js';
import { computeStatistics } from '../../src/backtest/statistics.js';
import { dec } from '../../src/domain/decimal.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';

const GOOG = resolve('test/fixtures/GOOG.csv');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'backtest-sweep-'));
  await mkdir(join(dir, 'bars'));
  await mkdir(join(dir, 'strategies'));
  const rows = [100, 101, 102, 103, 104, 105].map((price, i) => `2024-01-0${i + 1},${price},${price},${price},${price},1000`);
  await writeFile(join(dir, 'bars', 'UP.csv'), `,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
  await writeFile(join(dir, 'bars', 'SIDE.csv'), `,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
  // Throws on its first bar when n is 3, to stand for a strategy with a bug in one corner of the grid.
  await writeFile(
    join(dir, 'strategies', 'boom.mjs'),
    `export default { name: 'boom', description: 'fails at n=3', params: { n: { type: 'integer', default: 1, min: 1, max: 9, description: 'n' } },
      warmUpBars: () => 1, create: ({ n }) => ({ onBar: () => { if (n === 3) throw new Error('n=3 is broken'); } }) };\n`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function backtest(argv: readonly string[], extra: Partial<BacktestIo> & { stderrIsTTY?: boolean; onStderr?: (text: string) => void } = {}): Promise<Outcome> {
  const parsed = parseArgs(['backtest', ...argv], '1.2.3');
  if (parsed.kind !== 'backtest') throw new Error(`not a backtest: ${JSON.stringify(parsed)}`);
  let stdout = '';
  let stderr = '';
  const { stderrIsTTY, onStderr, ...io } = extra;
  const code = await runBacktestCommand(parsed.config, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => ((stderr += text), onStderr?.(text)), isTTY: stderrIsTTY === true },
    strategiesDir: join(dir, 'strategies'),
    barCacheDir: join(dir, 'cache'),
    ...io,
  });
  return { code, stdout, stderr };
}

function oneLineError(outcome: Outcome, code: number): string {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr.replace(/\r\u001b\[K/g, '').trimEnd().split('\n')).toHaveLength(1);
  return outcome.stderr.replace(/^.*\r\u001b\[K/s, '').trimEnd();
}

interface SweepJson {
  readonly parameterSets: number;
  readonly skipped: ReadonlyArray<{ params: Record<string, string>; problem: string }>;
  readonly results: ReadonlyArray<{ params: Record<string, string | number>; statistics: Record<string, unknown> }>;
}

describe('blotter backtest --sweep', () => {
  it('gives every parameter set the statistics its single run gives, sorted by the statistic', async () => {
    const { code, stdout, stderr } = await backtest(['--strategy', 'sma-cross', '--data', GOOG, 'mode=reverse', 'size=all', '--sweep', 'fast=5,10', 'slow=20,30', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SweepJson;
    expect(report.parameterSets).toBe(4);
    expect(report.results).toHaveLength(4);
    const bars = parseCsvBars(await readFile(GOOG, 'utf8'), GOOG);
    if (!bars.ok) throw new Error(bars.problem);
    for (const { params, statistics } of report.results) {
      const reading = resolveStrategyParams(smaCross, Object.entries(params).map(([name, value]) => `${name}=${value}`));
      if (!reading.ok) throw new Error(reading.problem);
      const single = runBacktest({ definition: smaCross, params: reading.values, symbol: 'GOOG', bars: bars.bars, cash: dec('10000') });
      expect(statistics).toEqual({ ...computeStatistics(single), equityFinal: single.equityFinal.toFixed(2) });
    }
    expect(report.results.find(({ params }) => params.fast === 10 && params.slow === 30)?.statistics.equityFinal).toBe('51959.95');
    const sharpes = report.results.map(({ statistics }) => statistics.sharpe as number);
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));
  });

  it('skips the sets the strategy refuses and says how many, then prints the table and the heat map', async () => {
    const { code, stdout } = await backtest(['--strategy', 'sma-cross', '--data', GOOG, '--sweep', 'fast=10..30:10', 'slow=20,30', '--sort', 'returnPct', '--top', '1']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe('6 parameter sets (fast 3 × slow 2): 3 run, 3 skipped: sma-cross refuses them (fast (20) must be below slow (20), …)');
    expect(lines[3]).toBe('Top 1 of 3 by Return %, highest first:');
    expect(lines[5]).toMatch(/^# +fast +slow +Return % +Sharpe ratio/);
    expect(lines[6]).toMatch(/^1 +10 +20 /);
    expect(lines[7]).toBe('');
    expect(lines[8]).toBe('Return % by fast (rows) and slow (columns): █ highest … ░ lowest, · refused');
    expect(lines[9]).toBe('fast\\slow     20     30');
    expect(lines.slice(10, 13).map((line) => line.replace(/\d[\d.,]*/g, 'N'))).toEqual(['       N █ N ▓ N', '       N      · ░ N', '       N      ·      ·']);
    expect(lines[13]).toBe('');
  });

  it('refuses a swept value the strategy cannot take before running anything', async () => {
    expect(oneLineError(await backtest(['--strategy', 'sma-cross', '--data', GOOG, '--sweep', 'fast=1..5']), 2)).toBe(
      'blotter backtest: sma-cross: fast must be a whole number from 2 to 200, not 1 (in --sweep fast)',
    );
    expect(oneLineError(await backtest(['--strategy', 'sma-cross', '--data', GOOG, '--sweep', 'fast=30,40', 'slow=20,30']), 2)).toBe(
      'blotter backtest: sma-cross refuses every one of the 4 parameter sets (fast (30) must be below slow (20)); change the ranges',
    );
    expect(oneLineError(await backtest(['--strategy', 'boom', '--data', join(dir, 'bars'), '--sweep', 'n=1,2']), 2)).toMatch(
      /^blotter backtest: --sweep runs on one symbol, and the data has SIDE, UP; give --symbols one of them$/,
    );
  });

  it('names the parameter set whose run failed in a worker, in one line', async () => {
    expect(oneLineError(await backtest(['--strategy', 'boom', '--data', join(dir, 'bars', 'UP.csv'), '--sweep', 'n=1..5']), 1)).toBe(
      'blotter backtest: boom on UP with n=3 stopped: strategy boom failed in onBar at bar 0: n=3 is broken',
    );
  });

  it('stops the workers on Ctrl-C and says how far it got, exit 130', async () => {
    const interrupt = new AbortController();
    const outcome = await backtest(['--strategy', 'sma-cross', '--data', GOOG, '--sweep', 'fast=5..40', 'slow=41..45'], {
      signal: interrupt.signal,
      stderrIsTTY: true,
      onStderr: (text) => {
        if (text.includes('parameter sets')) interrupt.abort();
      },
    });
    expect(oneLineError(outcome, 130)).toMatch(/^blotter backtest: sweep stopped by Ctrl-C after [1-9]\d* of 180 parameter sets; nothing to report$/);
    expect(outcome.stderr).toContain('sweep  [');
  });
});
