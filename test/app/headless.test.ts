import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, type RunConfig } from '../../src/app/config.js';
import { runHeadless } from '../../src/app/headless.js';
import type { RunReport, SimRunReport } from '../../src/app/report.js';
import { openScript } from '../../src/app/script.js';
import { SIM_DEFAULTS } from '../../src/broker/sim/sim-options.js';
import { DEFAULT_UNIVERSE } from '../../src/broker/sim/universe.js';
import { dec } from '../../src/domain/decimal.js';
import { logFilePath } from '../../src/persistence/paths.js';

const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-headless-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A run configured the way the command line would configure it. */
function runConfig(...argv: string[]): RunConfig {
  const parsed = parseArgs(['run', ...argv], 'test');
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${parsed.kind === 'exit' ? parsed.output : parsed.kind}`);
  return parsed.config;
}

const script = (text: string): string[] => text.split('\n');

const ALL_MATCH = { orders: true, fills: true, positions: true, cash: true };

/** A report of a run on the simulator, with its books and the comparison with them. */
function onSim(report: RunReport): SimRunReport {
  if (report.exchange === undefined || typeof report.matches === 'string') throw new Error(`expected the simulator's books in the report of ${report.broker}`);
  return { ...report, exchange: report.exchange, matches: report.matches };
}

describe('blotter run, in process', () => {
  it('runs a script in order, records a refused command and goes on, and reports state equal to the exchange', async () => {
    const dir = dataDir();
    const { exitCode, report } = await runHeadless(
      runConfig('--data-dir', dir, '--seed', '11', '--deadline', '5s'),
      script(`# a market buy, a resting limit and its cancel, a bad command
        # (the buy fills first: a sell against an open buy is refused as a potential wash trade)

        buy 10 AAPL
        wait 200ms
        sell 10 AAPL @ 9999 gtc
        cancel #2
        buy ten AAPL
        wait 100ms
        buy 1 MSFT`),
    );

    expect(exitCode).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.commands.map((c) => [c.line, c.ok])).toEqual([
      ['buy 10 AAPL', true],
      ['wait 200ms', true],
      ['sell 10 AAPL @ 9999 gtc', true],
      ['cancel #2', true],
      ['buy ten AAPL', false],
      ['wait 100ms', true],
      ['buy 1 MSFT', true],
    ]);
    expect(report.commands[4]?.text).toMatch(/'ten' is not a quantity/);
    expect(report.problems).toEqual([expect.stringMatching(/^command 5 rejected: buy ten AAPL — 'ten' is not a quantity/)]);

    expect(report.orders.map((o) => [o.seq, o.symbol, o.status, o.filledQty])).toEqual([
      [1, 'AAPL', 'filled', '10'],
      [2, 'AAPL', 'canceled', '0'],
      [3, 'MSFT', 'filled', '1'],
    ]);
    expect(report.fills.map((f) => [f.orderSeq, f.qty])).toEqual([
      [1, '10'],
      [3, '1'],
    ]);
    const aaplPrice = report.fills[0]?.price ?? '';
    expect(aaplPrice).toMatch(/^\d+(\.\d+)?$/);
    expect(report.positions.AAPL).toMatchObject({ qty: '10', avgCost: aaplPrice });
    const { exchange } = onSim(report);
    expect(report.broker).toBe('sim');
    expect(exchange.positions.AAPL).toMatchObject({ qty: '10' });
    expect(report.cash).toBe(exchange.cash);
    expect(exchange.orders.map((o) => o.status)).toEqual(['filled', 'canceled', 'filled']);
    expect(exchange.seed).toBe(11);
    expect(report.metrics.counters['fills.applied']).toBe(2);
    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.differences).toEqual([]);
    expect(report.reconciliation).toEqual({ inferredFills: 0, adoptedOrders: 0, closedOrders: 0, positionOverrides: 0, cashOverrides: 0 });
    expect(report.workingLeft).toEqual([]);
    expect(report.deadlinePassed).toBe(false);

    // The session was closed and saved: the profile holds what the report shows.
    const saved = JSON.parse(readFileSync(join(dir, 'sim.json'), 'utf8')) as { orders: unknown[]; fills: unknown[] };
    expect(saved.orders).toHaveLength(3);
    expect(saved.fills).toHaveLength(2);
  });

  it('ends with the local state equal to the ledger under chaos faults, with nothing left working', async () => {
    const symbols = DEFAULT_UNIVERSE.slice(0, 10);
    const lines = symbols.flatMap(({ symbol, price }, i) => [
      `buy ${i + 1} ${symbol}`,
      // Rests below the market until the 1s order timeout cancels it (final check first).
      `buy ${i + 2} ${symbol} @ ${(Number(price) * 0.97).toFixed(2)}`,
      `sell ${i + 1} ${symbol}`,
      ...(i % 3 === 0 ? [`cancel ${symbol}`] : []),
    ]);
    const { report } = await runHeadless(
      runConfig('--data-dir', dataDir(), '--seed', '7', '--faults', 'chaos', '--order-timeout', '1s', '--deadline', '20s'),
      lines,
    );

    expect(report.orders.length).toBeGreaterThanOrEqual(30);
    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.differences).toEqual([]);
    expect(report.workingLeft).toEqual([]);
    expect(report.deadlinePassed).toBe(false);
    expect(report.reconciliation).toMatchObject({ positionOverrides: 0, cashOverrides: 0 });
    const { errors, updates } = onSim(report).exchange.faultStats;
    const injected = Object.values(errors)
      .flatMap((byOperation) => Object.values(byOperation))
      .reduce<number>((a, b) => a + (b ?? 0), 0);
    expect(injected + updates.dropped + updates.duplicated + updates.delayed + updates.reordered).toBeGreaterThan(0);
  }, 40_000);

  it("charges --commission at the exchange: its cash pays it, and the local books, told by the fill, agree", async () => {
    const { exitCode, report } = await runHeadless(
      runConfig('--seed', '11', '--deadline', '5s', '--commission', 'per-share:0.01,min:1'),
      script('buy 10 AAPL'),
    );
    const { exchange } = onSim(report);
    const [fill] = exchange.fills;
    expect(fill?.commission).toBe('1');
    const paid = dec(10).times(dec(fill?.price ?? '0')).plus(1);
    expect(exchange.cash).toBe(dec(SIM_DEFAULTS.startingCash).minus(paid).toFixed());
    expect(report.fills.map((f) => f.commission)).toEqual(['1']);
    expect(report.cash).toBe(exchange.cash);
    expect(report.matches).toEqual(ALL_MATCH);
    expect(exitCode).toBe(0);
  });

  it('reads commands from standard input as they arrive, in a fresh directory', async () => {
    const stdin = Readable.from(['buy 3 AAPL\n', '\n', '# pause, then close\nwait 100ms\n', 'sell 3 AAPL\n']);
    const { exitCode, report } = await runHeadless(runConfig('--seed', '5', '--deadline', '5s'), await openScript('-', stdin));

    expect(report.commands.map((c) => c.text)).toEqual([
      expect.stringMatching(/^#1 BUY 3 AAPL sent/),
      'waited 100ms',
      expect.stringMatching(/^#2 SELL 3 AAPL sent/),
    ]);
    expect(report.orders.map((o) => o.status)).toEqual(['filled', 'filled']);
    expect(report.positions.AAPL?.qty).toBe('0');
    expect(report.matches).toEqual(ALL_MATCH);
    expect(exitCode).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
  });

  it('stops reading at quit, and refuses a wait without a duration', async () => {
    const { exitCode, report } = await runHeadless(
      runConfig('--data-dir', dataDir(), '--seed', '5', '--deadline', '5s'),
      script('wait soon\nbuy 1 AAPL\nquit\nbuy 2 AAPL'),
    );
    expect(report.commands.map((c) => [c.line, c.ok])).toEqual([
      ['wait soon', false],
      ['buy 1 AAPL', true],
      ['quit', true],
    ]);
    expect(report.orders).toHaveLength(1);
    expect(exitCode).toBe(1);
  });

  it('gives up at the deadline with a resting GTC order left working, and says so', async () => {
    const started = Date.now();
    const { exitCode, report } = await runHeadless(
      runConfig('--data-dir', dataDir(), '--seed', '5', '--deadline', '500ms'),
      script('buy 1 AAPL @ 1 gtc'),
    );

    expect(Date.now() - started).toBeLessThan(5000);
    expect(exitCode).toBe(1);
    expect(report.deadlinePassed).toBe(true);
    expect(report.workingLeft.map((o) => [o.seq, o.status, o.timeInForce])).toEqual([[1, 'new', 'gtc']]);
    expect(report.problems).toEqual(['the deadline passed with work left (1 order still working after the final reconciliation)']);
    // Still working on both sides: the states agree.
    expect(report.matches).toEqual(ALL_MATCH);
  });
});

describe('blotter run, when its files fail', () => {
  it("says in the report's problems that the log file could not be written, and leaves a read-only log file alone", async () => {
    const dir = dataDir();
    const logs = join(dir, 'logs');
    mkdirSync(logs, { recursive: true });
    const logFile = logFilePath(logs, 'sim', Date.now());
    writeFileSync(logFile, '');
    chmodSync(logFile, 0o444);
    const { exitCode, report } = await runHeadless(runConfig('--data-dir', dir, '--seed', '3', '--deadline', '2s'), script('buy 1 AAPL'));
    expect(exitCode).toBe(1);
    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^log file: .*${logFile.replace(/[.]/g, '\\.')}`))]);
    expect(statSync(logFile).mode & 0o777).toBe(0o444);
    expect(readFileSync(logFile, 'utf8')).toBe('');
  });
});
