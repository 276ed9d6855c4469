import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/app/config.js';
import type { BarsFetchConfig } from '../../src/app/bars-config.js';
import { runBarsFetch } from '../../src/app/bars-fetch.js';
import { AlpacaMarketData } from '../../src/broker/alpaca/alpaca-market-data.js';
import { parseCsvBars } from '../../src/backtest/data/csv-bars.js';
import { emulator, type Emulator } from '../broker/emulator/helpers.js';

const KEY = 'PKFETCH';
const SECRET = 'secret-PKFETCH';
const MINUTE = 60_000;
const OPENED = Date.UTC(2026, 0, 5, 15, 0, 0);

const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function session(): Promise<{ e: Emulator; dataDir: string }> {
  const e = await emulator();
  expect((await e.call('GET', '/v2/account', { key: KEY, secret: SECRET })).status).toBe(200);
  const dataDir = await mkdtemp(join(tmpdir(), 'blotter-bars-'));
  dirs.push(dataDir);
  return { e, dataDir };
}

/** `blotter bars fetch …` as typed, run against the emulator with its keys in the environment. */
async function fetch(words: string[], secret = SECRET): Promise<{ code: number; stdout: string; stderr: string }> {
  const parsed = parseArgs(['bars', 'fetch', ...words], 'test');
  if (parsed.kind !== 'bars') throw new Error(`not a bars fetch: ${JSON.stringify(parsed)}`);
  return fetchConfig(parsed.config, secret);
}

async function fetchConfig(config: BarsFetchConfig, secret = SECRET): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runBarsFetch(config, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: secret },
    configDir: '/nonexistent',
  });
  return { code, stdout, stderr };
}

describe('blotter bars fetch against the emulator, through the SDK', () => {
  it('writes the range as the CSV the backtest reads, in the cache, and prints its path', async () => {
    const { e, dataDir } = await session();
    const result = await fetch(['aapl', '--from', '2026-01-03', '--to', '2026-01-05', '--timeframe', '1Min', '--data-dir', dataDir, '--alpaca-url', e.server.url]);
    const path = join(dataDir, 'bars', 'AAPL-1Min-2026-01-03-2026-01-05.csv');
    expect(result).toEqual({ code: 0, stdout: `${path}\n`, stderr: '' });
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe('Date,Open,High,Low,Close,Volume');
    const parsed = parseCsvBars(text, path);
    if (!parsed.ok) throw new Error(parsed.problem);
    const sim = e.server.accounts.exchange(KEY);
    // The emulator's history, begun inside the range: two days of minutes before its first print,
    // then the minute of that print, still forming, as Alpaca gives it too.
    expect(parsed.bars.length).toBe(2 * 24 * 60 + 1);
    const expected = (await sim?.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: OPENED, count: 2 * 24 * 60 })) ?? [];
    const whole = (column: Float64Array): number[] => Array.from(column).slice(0, -1);
    expect(whole(parsed.bars.start)).toEqual(expected.map((bar) => bar.start));
    expect(whole(parsed.bars.open)).toEqual(expected.map((bar) => bar.open));
    expect(whole(parsed.bars.close)).toEqual(expected.map((bar) => bar.close));
    expect(whole(parsed.bars.volume)).toEqual(expected.map((bar) => bar.volume));
  });

  it('writes day bars as dates, and a second fetch of the range reuses the file without asking Alpaca', async () => {
    const { e, dataDir } = await session();
    const words = ['AAPL', '--from', '2026-01-03', '--to', '2026-01-04', '--data-dir', dataDir];
    const first = await fetch([...words, '--alpaca-url', e.server.url]);
    expect(first.code).toBe(0);
    const text = await readFile(first.stdout.trim(), 'utf8');
    expect(text.split('\n').map((line) => line.split(',')[0])).toEqual(['Date', '2026-01-03', '2026-01-04', '']);
    // Nothing listens on port 9: asking Alpaca again would fail.
    const again = await fetch([...words, '--alpaca-url', 'http://127.0.0.1:9']);
    expect(again).toEqual(first);
    const out = join(dataDir, 'copy.csv');
    const copied = await fetch([...words, '--alpaca-url', 'http://127.0.0.1:9', '--out', out]);
    expect(copied).toEqual({ code: 0, stdout: `${out}\n`, stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(text);
  });

  it('says in one line, without the keys, when Alpaca refuses them or has no bars', async () => {
    const { e, dataDir } = await session();
    const refused = await fetch(['AAPL', '--from', '2026-01-03', '--to', '2026-01-04', '--data-dir', dataDir, '--alpaca-url', e.server.url], 'wrong-secret');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^blotter bars fetch: Alpaca at http:\/\/127\.0\.0\.1:\d+ refused the keys from the environment \(401\); check both halves of the pair\n$/);
    expect(refused.stderr).not.toMatch(/wrong-secret|PKFETCH/);
    const none = await fetch(['NOPE', '--from', '2026-01-03', '--to', '2026-01-04', '--data-dir', dataDir, '--alpaca-url', e.server.url]);
    expect(none).toEqual({ code: 1, stdout: '', stderr: 'blotter bars fetch: Alpaca has no 1Day bars of NOPE from 2026-01-03 to 2026-01-04; check the symbol and the days\n' });
  });

  it('pages through Alpaca: small pages give the same bars as one', async () => {
    const { e } = await session();
    const data = new AlpacaMarketData({ dataUrl: e.server.url, streamUrl: 'ws://127.0.0.1:9', keyId: KEY, secret: SECRET, clock: e.clock, notice: () => undefined });
    try {
      const from = Date.UTC(2026, 0, 4);
      const whole = await data.bars('AAPL', MINUTE, from, OPENED);
      expect(whole.length).toBe((OPENED - from) / MINUTE);
      expect(await data.bars('AAPL', MINUTE, from, OPENED, 100)).toEqual(whole);
    } finally {
      await data.close();
    }
  });
});

describe('blotter bars fetch on the command line', () => {
  it('refuses a reversed range, a bad day and a timeframe Alpaca does not make, each in one line', () => {
    expect(parseArgs(['bars', 'fetch', 'AAPL', '--from', '2026-01-05', '--to', '2026-01-04'], 'test')).toEqual({
      kind: 'exit',
      code: 2,
      output: 'error: --from 2026-01-05 is after --to 2026-01-04; give the earlier day to --from',
    });
    expect(parseArgs(['bars', 'fetch', 'AAPL', '--from', '2026-02-30', '--to', '2026-03-01'], 'test')).toMatchObject({ kind: 'exit', code: 2, output: expect.stringContaining('use a day such as 2024-01-31') });
    expect(parseArgs(['bars', 'fetch', 'AAPL', '--from', '2026-01-01', '--to', '2026-01-02', '--timeframe', '90Min'], 'test')).toMatchObject({
      kind: 'exit',
      code: 2,
      output: expect.stringContaining('use 1Day, 1Hour or 1Min'),
    });
  });

  it('reads the range as whole UTC days, the last included, and the timeframe in Alpaca’s names', () => {
    expect(parseArgs(['bars', 'fetch', 'brk.b', '--from', '2024-01-01', '--to', '2024-01-31', '--timeframe', '1hour'], 'test')).toEqual({
      kind: 'bars',
      config: { symbol: 'BRK.B', from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 1, 1), fromDay: '2024-01-01', toDay: '2024-01-31', timeframe: { label: '1Hour', ms: 3_600_000 } },
    });
  });
});
