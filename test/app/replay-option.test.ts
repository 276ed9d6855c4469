import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSimBroker, type SimBrokerOptions } from '../../src/app/brokers/sim-broker.js';
import type { OpenedBroker } from '../../src/app/brokers/opened-broker.js';
import { parseArgs } from '../../src/app/config.js';
import { StartupError } from '../../src/app/startup-error.js';
import type { MarketTrade } from '../../src/broker/port.js';
import { ManualClock } from '../../src/kernel/clock.js';

const dirs: string[] = [];
const open: OpenedBroker[] = [];

afterEach(async () => {
  for (const broker of open.splice(0)) await broker.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-replay-'));
  dirs.push(dir);
  return dir;
}

function options(clock: ManualClock, dataDir: string, replay: SimBrokerOptions['replay']): SimBrokerOptions {
  return { clock, dataDir, profile: 'sim', books: undefined, retentionMs: 48 * 3_600_000, onStoreError: () => {}, onStoreRecovered: () => {}, seed: 3, replay };
}

describe('--replay and --replay-bar on the command line', () => {
  it('names the symbol after the file unless it follows a colon, plays a bar a second by default, and takes the strategies’ bar lengths', () => {
    const console = parseArgs(['--replay', 'data/GOOG.csv', '--replay', './prices.csv:msft'], 'test');
    expect(console).toMatchObject({ kind: 'console', config: { replay: { files: [{ path: 'data/GOOG.csv', symbol: 'GOOG' }, { path: './prices.csv', symbol: 'MSFT' }], barMs: 1000 } } });
    const run = parseArgs(['run', '--replay', 'GOOG.csv', '--replay-bar', '5s'], 'test');
    expect(run).toMatchObject({ kind: 'run', config: { replay: { files: [{ path: 'GOOG.csv', symbol: 'GOOG' }], barMs: 5000 } } });
    const plain = parseArgs([], 'test');
    expect(plain.kind === 'console' && 'replay' in plain.config).toBe(false);
  });

  it('refuses, in one line, a file whose name is no symbol, a bar length no strategy can take, and --replay-bar alone', () => {
    const noSymbol = parseArgs(['--replay', 'goog-daily.csv'], 'test');
    expect(noSymbol).toMatchObject({ kind: 'exit', code: 2 });
    expect((noSymbol as { output: string }).output).toContain('"GOOG-DAILY" (from goog-daily.csv) is not a symbol; name the file after it (GOOG.csv) or add it after a colon, e.g. --replay goog-daily.csv:GOOG');
    const badBar = parseArgs(['--replay', 'GOOG.csv', '--replay-bar', '7s'], 'test');
    expect(badBar).toMatchObject({ kind: 'exit', code: 2 });
    expect((badBar as { output: string }).output).toContain('does not divide a day into whole bars');
    expect(parseArgs(['run', '--replay-bar', '5s'], 'test')).toEqual({
      kind: 'exit',
      code: 2,
      output: 'error: --replay-bar sets how long a replayed bar lasts; give the bars too, e.g. --replay GOOG.csv --replay-bar 5s',
    });
  });
});

describe('the simulator opened with a replay', () => {
  it('reads the CSV and plays it from the market’s start: the symbol waits at the first open, then prints the bars', async () => {
    const dataDir = tempDir();
    const csv = join(dataDir, 'GOOG.csv');
    writeFileSync(csv, ',Open,High,Low,Close,Volume\n2004-08-19,100,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.5,108.31,11428600\n');
    const clock = new ManualClock();
    const broker = await openSimBroker(options(clock, dataDir, { files: [{ path: csv, symbol: 'GOOG' }], barMs: 1000 }));
    open.push(broker);
    expect((await broker.marketData.getLatestQuotes(['GOOG']))[0]?.bid.toFixed()).toBe('100');
    const trades: string[] = [];
    broker.marketData.subscribeMarketData(['GOOG'], { trade: (trade: MarketTrade) => trades.push(trade.price.toFixed()) });
    broker.start();
    clock.advance(2000);
    expect(trades).toEqual(['100', '95.96', '104.06', '100.34', '101.01', '100.5', '109.08', '108.31']);
    // The parsed columns are cached beside the profiles, as the backtest's are.
    expect(readdirSync(join(dataDir, 'bars-cache')).length).toBe(1);
  });

  it('refuses to start on a CSV it cannot read, with the line at fault, before any file is locked', async () => {
    const dataDir = tempDir();
    const csv = join(dataDir, 'GOOG.csv');
    writeFileSync(csv, ',Open,High,Low,Close\n2004-08-19,100,104.06,95.96,oops\n');
    const failed = await openSimBroker(options(new ManualClock(), dataDir, { files: [{ path: csv, symbol: 'GOOG' }], barMs: 1000 })).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StartupError);
    expect((failed as Error).message).toMatch(/^--replay: .*line 2/);
    expect(readdirSync(dataDir).filter((name) => name !== 'GOOG.csv' && name !== 'bars-cache')).toEqual([]);
  });
});
