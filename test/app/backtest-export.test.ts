import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { equityCsv, tradesCsv, writeBacktestExports } from '../../src/app/backtest-export.js';
import { handMadeRun } from './backtest-fixtures.js';

describe('tradesCsv', () => {
  it('writes one row per trade: ISO times, bars held, signed size, exact money, the return in percent', () => {
    expect(tradesCsv([handMadeRun()]).split('\r\n')).toEqual([
      'symbol,entryTime,exitTime,bars,size,entryPrice,exitPrice,commission,pnl,returnPct,reason,closedAtEnd',
      'TEST,2024-01-02T00:00:00.000Z,2024-01-04T00:00:00.000Z,2,10,110,110,1.1,-1.1,-0.1,cross up,no',
      'TEST,2024-01-04T00:00:00.000Z,2024-01-05T00:00:00.000Z,1,-5,110,99,0,55,10,"cross down, ""fast"" < slow",yes',
      '',
    ]);
  });

  it('puts several runs one after the other, told apart by symbol', () => {
    const other = { ...handMadeRun(), symbol: 'OTHER' };
    const rows = tradesCsv([handMadeRun(), other]).trim().split('\r\n');
    expect(rows.map((row) => row.split(',')[0])).toEqual(['symbol', 'TEST', 'TEST', 'OTHER', 'OTHER']);
  });

  it('writes a header alone for a run without trades', () => {
    expect(tradesCsv([{ ...handMadeRun(), trades: [] }]).trim().split('\r\n')).toHaveLength(1);
  });
});

describe('equityCsv', () => {
  it('writes the equity at every close to the cent and its drawdown from the peak so far, in percent', () => {
    expect(equityCsv([handMadeRun()]).split('\r\n')).toEqual([
      'symbol,time,equity,drawdownPct',
      'TEST,2024-01-01T00:00:00.000Z,10000,0',
      'TEST,2024-01-02T00:00:00.000Z,9999.45,-0.0055',
      'TEST,2024-01-03T00:00:00.000Z,10109.45,0',
      // 9998.90 / 10109.45 − 1
      'TEST,2024-01-04T00:00:00.000Z,9998.9,-1.0935',
      'TEST,2024-01-05T00:00:00.000Z,10053.9,-0.5495',
      '',
    ]);
  });
});

describe('writeBacktestExports', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes --trades and --equity to their files, and only those asked for', async () => {
    dir = await mkdtemp(join(tmpdir(), 'backtest-export-'));
    const run = handMadeRun();
    await writeBacktestExports([run], { tradesFile: join(dir, 'trades.csv') });
    expect(await readFile(join(dir, 'trades.csv'), 'utf8')).toBe(tradesCsv([run]));
    await expect(readFile(join(dir, 'equity.csv'), 'utf8')).rejects.toThrow(/ENOENT/);
    await writeBacktestExports([run], { equityFile: join(dir, 'equity.csv') });
    expect(await readFile(join(dir, 'equity.csv'), 'utf8')).toBe(equityCsv([run]));
  });
});
