import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestCommand, type BacktestIo } from '../../src/app/backtest-cli.js';
import { parseArgs } from '../../src/app/config.js';

const GOOG = resolve('test/fixtures/GOOG.csv');
const REFERENCE = ['--strategy', 'sma-cross', '--data', GOOG, 'fast=10', 'slow=30', 'mode=reverse', 'size=all'];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'backtest-cli-'));
  await mkdir(join(dir, 'bars'));
  await mkdir(join(dir, 'strategies'));
  const rising = csv([100, 101, 102, 103, 104, 105]);
  await writeFile(join(dir, 'bars', 'UP.csv'), rising);
  await writeFile(join(dir, 'bars', 'DOWN.csv'), csv([105, 104, 103, 102, 101, 100]));
  await writeFile(join(dir, 'bad.csv'), ',Open,High,Low,Close,Volume\n2024-01-01,100,99,98,100,10\n');
  // Buys everything on the first bar it sees and holds: its return is the last open over the first.
  await writeFile(
    join(dir, 'strategies', 'hold.mjs'),
    `export default { name: 'hold', description: 'buy and hold', params: {}, warmUpBars: () => 1,
      create: () => { let done = false; return { onBar: () => { if (done) return; done = true; return { kind: 'buy', size: 'all', reason: 'hold' }; } }; } };\n`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Daily bars from 2024-01-01 opening and closing at each price. */
function csv(prices: readonly number[]): string {
  const rows = prices.map((price, i) => `2024-01-${String(i + 1).padStart(2, '0')},${price},${price},${price},${price},1000`);
  return `,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`;
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command line as the executable reads it, run with captured streams. */
async function backtest(argv: readonly string[], terminal: { columns?: number; stderrIsTTY?: boolean } = {}): Promise<Outcome> {
  const parsed = parseArgs(['backtest', ...argv], '1.2.3');
  if (parsed.kind !== 'backtest') throw new Error(`not a backtest: ${JSON.stringify(parsed)}`);
  let stdout = '';
  let stderr = '';
  const io: BacktestIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: terminal.columns !== undefined, columns: terminal.columns },
    stderr: { write: (text: string) => (stderr += text), isTTY: terminal.stderrIsTTY === true },
    strategiesDir: join(dir, 'strategies'),
    barCacheDir: join(dir, 'cache'),
  };
  const code = await runBacktestCommand(parsed.config, io);
  return { code, stdout, stderr };
}

function oneLineError(outcome: Outcome, code: number): string {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  return outcome.stderr.trimEnd();
}

describe('blotter backtest', () => {
  it("prints backtesting.py's SmaCross(10, 30) on GOOG as a table, its final equity exact, and the equity chart", async () => {
    const { code, stdout, stderr } = await backtest(REFERENCE);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`sma-cross fast=10 slow=30 mode=reverse size=all on GOOG: 2,148 bars of ${GOOG}`);
    expect(lines[1]).toBe('cash 10000.00, commission none, slippage none');
    expect(lines.filter((line) => /^Trades +\d+$/.test(line))).toHaveLength(1);
    expect(lines).toContain('Equity final             51,959.95 $');
    expect(lines).toContain('Return                      419.60 %');
    // The chart: the equity panel's top label is the peak, the drawdown panel's bottom the deepest.
    expect(lines.some((line) => /^ *75,787 ┤/.test(line))).toBe(true);
    expect(lines.some((line) => /^ *-48\.0% ┤/.test(line))).toBe(true);
    expect(lines).toContain('        2004-08-19                     2008-11-20                     2013-03-01');
    const chart = lines.filter((line) => /[┤│└]/.test(line));
    expect(chart).toHaveLength(12 + 5 + 1);
    expect(Math.max(...chart.map((line) => line.length))).toBe(80);
  });

  it('draws the chart as wide as the terminal', async () => {
    const { stdout } = await backtest(REFERENCE, { columns: 120 });
    const axis = stdout.split('\n').find((line) => line.includes('└'));
    expect(axis?.length).toBe(120);
  });

  it('gives one JSON object with every statistic by its stable name and money to the cent', async () => {
    const { code, stdout } = await backtest([...REFERENCE, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, any>;
    expect(report).toMatchObject({
      strategy: 'sma-cross',
      symbol: 'GOOG',
      params: { fast: 10, slow: 30, mode: 'reverse', size: 'all' },
      data: { source: GOOG, bars: 2148, from: '2004-08-19T00:00:00.000Z', to: '2013-03-01T00:00:00.000Z' },
      cash: '10000.00',
      commission: 'none',
      slippage: 'none',
      statistics: { equityFinal: '51959.95' },
    });
    expect(report.trades).toHaveLength(report.statistics.trades);
    expect(report.statistics.returnPct).toBeCloseTo(419.5995, 3);
    expect(report.statistics.maxDrawdownPct).toBeLessThan(0);
    expect(Object.keys(report.formulas).sort()).toEqual(Object.keys(report.statistics).sort());
    expect(report.trades[0]).toMatchObject({ entryPrice: expect.stringMatching(/^\d+(\.\d+)?$/), pnl: expect.stringMatching(/^-?\d+\.\d\d$/) });
    expect(report).not.toHaveProperty('equity');
  });

  it('writes --trades and --equity: one row per trade, one per bar', async () => {
    const trades = join(dir, 'goog-trades.csv');
    const equity = join(dir, 'goog-equity.csv');
    const { code, stdout } = await backtest([...REFERENCE, '--json', '--trades', trades, '--equity', equity]);
    expect(code).toBe(0);
    const tradeRows = (await readFile(trades, 'utf8')).trim().split('\r\n');
    expect(tradeRows).toHaveLength(1 + (JSON.parse(stdout) as { trades: unknown[] }).trades.length);
    expect(tradeRows[0]).toBe('symbol,entryTime,exitTime,bars,size,entryPrice,exitPrice,commission,pnl,returnPct,reason,closedAtEnd');
    const equityRows = (await readFile(equity, 'utf8')).trim().split('\r\n');
    expect(equityRows).toHaveLength(1 + 2148);
    expect(equityRows[1]).toBe('GOOG,2004-08-19T00:00:00.000Z,10000,0');
    expect(equityRows.at(-1)).toBe('GOOG,2013-03-01T00:00:00.000Z,51959.95,-31.4399');
  });

  it('runs only the bars from --from to --to', async () => {
    const { stdout } = await backtest([...REFERENCE, '--json', '--from', '2010-01-01', '--to', '2010-12-31']);
    const report = JSON.parse(stdout) as { data: { bars: number; from: string; to: string } };
    expect(report.data).toMatchObject({ bars: 252, from: '2010-01-04T00:00:00.000Z', to: '2010-12-31T00:00:00.000Z' });
  });

  it('runs each CSV of a folder, one after the other; --json gives an array', async () => {
    const { code, stdout } = await backtest(['--strategy', 'hold', '--data', join(dir, 'bars'), '--json']);
    expect(code).toBe(0);
    const reports = JSON.parse(stdout) as Array<{ symbol: string; statistics: { equityFinal: string } }>;
    // Day 2's open: 96 shares of DOWN at 104 leave 16 in cash, sold at day 6's open, 100; 99 of UP at
    // 101 leave 1, sold at 105.
    expect(reports.map((report) => [report.symbol, report.statistics.equityFinal])).toEqual([
      ['DOWN', '9616.00'],
      ['UP', '10396.00'],
    ]);
  });

  it('prints one table and chart per symbol in the order --symbols gives', async () => {
    const { stdout } = await backtest(['--strategy', 'hold', '--data', join(dir, 'bars'), '--symbols', 'up,down']);
    const titles = stdout.split('\n').filter((line) => line.startsWith('hold on '));
    expect(titles).toEqual([`hold on UP: 6 bars of ${join(dir, 'bars', 'UP.csv')}`, `hold on DOWN: 6 bars of ${join(dir, 'bars', 'DOWN.csv')}`]);
  });

  it('runs a strategy file given by path', async () => {
    const byPath = await backtest(['--strategy', join(dir, 'strategies', 'hold.mjs'), '--data', join(dir, 'bars', 'UP.csv'), '--json']);
    expect(byPath.code).toBe(0);
    expect(JSON.parse(byPath.stdout)).toMatchObject({ strategy: 'hold', symbol: 'UP', statistics: { trades: 1 } });
  });

  it('runs on synthetic bars offline, the same report for the same seed', async () => {
    const first = await backtest(['--strategy', 'sma-cross', '--data', 'synthetic:7', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ symbol: 'SYNTH', data: { source: 'synthetic:7', bars: 2520 } });
    expect((await backtest(['--strategy', 'sma-cross', '--data', 'synthetic:7', '--json'])).stdout).toBe(first.stdout);
    const two = JSON.parse((await backtest(['--strategy', 'sma-cross', '--data', 'synthetic:7', '--symbols', 'AAA,BBB', '--json'])).stdout) as Array<{ symbol: string }>;
    expect(two.map((report) => report.symbol)).toEqual(['AAA', 'BBB']);
  });

  it('draws a progress bar on a terminal, and clears it before the report', async () => {
    const { stderr, stdout } = await backtest(REFERENCE, { stderrIsTTY: true });
    expect(stderr).toContain('GOOG  [');
    expect(stderr).toContain('100%  2,148/2,148 bars');
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(stdout).not.toContain('█');
  });

  it('draws no progress bar for --json, even on a terminal', async () => {
    expect((await backtest([...REFERENCE, '--json'], { stderrIsTTY: true })).stderr).toBe('');
  });

  it.each([
    [['--strategy', 'sma-crossing', '--data', GOOG], 2, 'blotter backtest: unknown strategy sma-crossing; known are sma-cross, bollinger, breakout, hold, or give a .js, .mjs or .ts strategy file'],
    [['--strategy', 'sma-cross', '--data', GOOG, 'fast=30', 'slow=10'], 2, 'blotter backtest: sma-cross: fast (30) must be below slow (10)'],
    [['--strategy', 'sma-cross', '--data', GOOG, 'speed=3'], 2, 'blotter backtest: sma-cross: unknown parameter speed; known are fast, slow, mode, size'],
    [['--strategy', './missing.ts', '--data', GOOG], 2, 'blotter backtest: --strategy ./missing.ts: no such file; give a strategy name such as sma-cross, or a .js, .mjs or .ts strategy file'],
    [['--strategy', 'sma-cross', '--data', 'nowhere.csv'], 2, 'blotter backtest: --data nowhere.csv: no such file or folder; give a CSV file, a folder of CSV files or synthetic:SEED'],
    [['--strategy', 'sma-cross', '--data', GOOG, '--symbols', 'A,B'], 2, `blotter backtest: --data ${GOOG} is one file (GOOG), so it cannot be A, B; give a folder of CSV files for several symbols`],
    [['--strategy', 'sma-cross', '--data', GOOG, '--from', '2020-01-01'], 2, 'blotter backtest: GOOG has no bars between --from and --to; its bars run from 2004-08-19 to 2013-03-01'],
  ])('refuses %j in one line, exit %i', async (argv, code, message) => {
    expect(oneLineError(await backtest(argv), code)).toBe(message);
  });

  it('names a symbol the folder lacks and the ones it has', async () => {
    expect(oneLineError(await backtest(['--strategy', 'hold', '--data', join(dir, 'bars'), '--symbols', 'UP,SIDE']), 2)).toBe(
      `blotter backtest: --symbols SIDE: ${join(dir, 'bars')} has no SIDE.csv; it has DOWN, UP`,
    );
  });

  it('says which export could not be written, exit 1, and prints no report', async () => {
    const nowhere = join(dir, 'no-such-folder', 'trades.csv');
    expect(oneLineError(await backtest([...REFERENCE, '--trades', nowhere]), 1)).toMatch(
      new RegExp(`^blotter backtest: --trades ${nowhere} could not be written \\(.*ENOENT.*\\); give a file in a folder you can write to$`),
    );
  });

  it('refuses a malformed CSV with its line, exit 1, and writes no export', async () => {
    const trades = join(dir, 'never.csv');
    const outcome = await backtest(['--strategy', 'sma-cross', '--data', join(dir, 'bad.csv'), '--trades', trades]);
    expect(oneLineError(outcome, 1)).toMatch(/^blotter backtest: .*bad\.csv.* line 2/);
    await expect(readFile(trades, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
