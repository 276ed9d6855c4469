import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/app/report.js';
import { dec, sumDec } from '../../src/domain/decimal.js';
import { fillOf, keepBooks, order } from '../app/export-fixtures.js';

const BLOTTER_BIN = fileURLToPath(new URL('../../dist/blotter.js', import.meta.url));

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-export-'));
  dirs.push(dir);
  return dir;
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function blotter(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BLOTTER_BIN, ...args], { env: { ...process.env, CI: 'true', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('blotter export, the built binary', () => {
  it('prints the fills of the live profile and its archive as CSV on standard output, selecting by local day', async () => {
    const dir = tempDir();
    const bought = order(1, 'AAPL', 'buy', '10', Date.UTC(2026, 10, 30, 20));
    const sold = order(2, 'AAPL', 'sell', '10', Date.UTC(2026, 11, 1, 3));
    const again = order(3, 'AAPL', 'buy', '2', Date.UTC(2026, 11, 3, 15));
    await keepBooks(dir, {
      orders: [bought, sold, again],
      fills: [
        fillOf(bought, 'e1', '10', '187.42', Date.UTC(2026, 10, 30, 20, 0, 1), { commission: dec('0.01') }),
        fillOf(sold, 'e2', '10', '190.1', Date.UTC(2026, 11, 1, 3, 0, 1), { detectedBy: 'poll' }),
        fillOf(again, 'e3', '2', '189', Date.UTC(2026, 11, 3, 15, 0, 1)),
      ],
      archiveBefore: Date.UTC(2026, 11, 2),
    });

    const all = await blotter(['export', 'fills', '--data-dir', dir, '--format', 'csv'], { TZ: 'UTC' });
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(
      [
        'time,orderSeq,symbol,side,qty,price,value,commission,detectedBy,executionId,clientOrderId',
        '2026-11-30T20:00:01.000Z,1,AAPL,buy,10,187.42,1874.2,0.01,stream,e1,blt-0001',
        '2026-12-01T03:00:01.000Z,2,AAPL,sell,10,190.1,1901,0,poll,e2,blt-0002',
        '2026-12-03T15:00:01.000Z,3,AAPL,buy,2,189,378,0,stream,e3,blt-0003',
        '',
      ].join('\r\n'),
    );
    // 03:00 UTC on 1 December is still 30 November in New York: the day is the trader's.
    const december = (tz: string) => blotter(['export', 'fills', '--data-dir', dir, '--from', '2026-12-01', '--to', '2026-12-31'], { TZ: tz });
    expect((await december('UTC')).stdout.split('\r\n').map((line) => line.split(',')[9])).toEqual(['executionId', 'e2', 'e3', undefined]);
    expect((await december('America/New_York')).stdout.split('\r\n').map((line) => line.split(',')[9])).toEqual(['executionId', 'e3', undefined]);
  }, 40_000);

  it('exports the trades of a headless session: their realized P&L adds up to the positions’ exactly', async () => {
    const dir = tempDir();
    const script = join(dir, 'orders.txt');
    writeFileSync(script, [
        'buy 10 AAPL', 'buy 5 AAPL', 'wait 300ms', 'sell 12 AAPL', 'wait 300ms', 'sell 3 AAPL', 'wait 300ms', 'sell 4 AAPL', 'wait 300ms',
        'buy 4 AAPL', 'wait 300ms', 'buy 2 AAPL', 'buy 7 MSFT', 'wait 300ms', 'sell 3 MSFT', '',
      ].join('\n'));
    const run = await blotter(['run', '--data-dir', dir, '--seed', '11', '--deadline', '10s', '--script', script]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as RunReport;

    const { code, stdout, stderr } = await blotter(['export', 'trades', '--data-dir', dir, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const trades = JSON.parse(stdout) as Array<{ symbol: string; status: string; realizedPnl: string; commissions: string; fills: number }>;
    // Long and closed, short and covered (the exchange refuses a sale through zero), long again and still open; MSFT still open.
    expect(trades.map((t) => `${t.symbol} ${t.status}`).sort()).toEqual(['AAPL closed', 'AAPL closed', 'AAPL open', 'MSFT open']);
    const realized = sumDec(trades.map((t) => dec(t.realizedPnl)));
    const positions = sumDec(Object.values(report.positions).map((p) => dec(p.realizedPnl)));
    expect(realized.toFixed()).toBe(positions.toFixed());
    // Bought at the ask and sold at the bid: the spread alone makes it non-zero.
    expect(positions.isZero()).toBe(false);
    const commissions = sumDec(report.fills.map((f) => dec(f.commission)));
    expect(sumDec(trades.map((t) => dec(t.commissions))).toFixed()).toBe(commissions.toFixed());
  }, 60_000);

  it('fails with one line on standard error and nothing on standard output: 1 for a missing profile, 2 for a bad command line', async () => {
    const dir = tempDir();

    const missing = await blotter(['export', 'orders', '--data-dir', dir]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `blotter export: no profile sim in ${dir}; name the directory that holds it with --data-dir (or $BLOTTER_DATA_DIR)\n` });

    const badDate = await blotter(['export', 'orders', '--data-dir', dir, '--from', '2026-12-32']);
    expect(badDate.code).toBe(2);
    expect(badDate.stdout).toBe('');
    expect(badDate.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(badDate.stderr).toContain("'2026-12-32' is invalid. use a date such as 2026-12-01");
  }, 40_000);
});
