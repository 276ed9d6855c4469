import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/app/config.js';
import { runEmulator } from '../../../src/app/brokers/emulator-command.js';
import type { EmulatorConfig } from '../../../src/app/emulator-config.js';

const KEY = 'PK/TEST key';
const SECRET = 'never-written-secret';

interface Running {
  readonly url: string;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Aborts, as Ctrl-C does, and resolves with the exit status. */
  readonly stop: () => Promise<number>;
  readonly exit: Promise<number>;
}

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function config(argv: readonly string[]): EmulatorConfig {
  const parsed = parseArgs(['emulator', ...argv], 'test');
  if (parsed.kind !== 'emulator') throw new Error(`not the emulator: ${JSON.stringify(parsed)}`);
  return parsed.config;
}

/** Starts `blotter emulator ARGV` in this process; resolves once it has said where it listens, or has exited. */
async function start(argv: readonly string[]): Promise<Running> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const abort = new AbortController();
  let said: (() => void) | undefined;
  const listening = new Promise<void>((resolve) => (said = resolve));
  const exit = runEmulator(config(argv), {
    stdout: { write: (text: string) => (stdout.push(text), said?.()) },
    stderr: { write: (text: string) => stderr.push(text) },
    signal: abort.signal,
  });
  await Promise.race([listening, exit]);
  const stop = (): Promise<number> => {
    abort.abort();
    return exit;
  };
  cleanups.push(stop);
  const url = /listening on (\S+)/.exec(stdout.join(''))?.[1] ?? '';
  return { url, stdout, stderr, stop, exit };
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-emulator-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).filter((path) => statSync(path).isFile());
}

describe('blotter emulator', () => {
  it('says where it listens in one line, serves an Alpaca account there, and exits 0 when stopped', async () => {
    const emulator = await start(['--port', '0']);
    expect(emulator.stdout).toEqual([expect.stringMatching(/^Alpaca emulator listening on http:\/\/127\.0\.0\.1:\d+ \(trading, data and streams; Ctrl-C stops it\)\n$/)]);
    const account = await call(emulator.url, 'GET', '/v2/account');
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ currency: 'USD', cash: '100000' });
    expect(await emulator.stop()).toBe(0);
    await expect(fetch(`${emulator.url}/v2/account`)).rejects.toThrow();
    expect(emulator.stderr).toEqual([]);
  });

  it('keeps an account\'s orders and cash across a restart with --data-dir, under a file name that is not the key, and never the secret', async () => {
    const dir = tempDir();
    const first = await start(['--port', '0', '--data-dir', dir]);
    const placed = await call(first.url, 'POST', '/v2/orders', { symbol: 'AAPL', side: 'buy', type: 'limit', limit_price: '1.00', qty: '2', time_in_force: 'gtc' });
    expect(placed.status).toBe(200);
    const cash = (await call(first.url, 'GET', '/v2/account')).body.cash;
    expect(await first.stop()).toBe(0);

    const second = await start(['--port', '0', '--data-dir', dir]);
    const orders = await call(second.url, 'GET', '/v2/orders?status=all');
    expect(orders.body.map((o: { id: string; qty: string; limit_price: string }) => [o.id, o.qty, o.limit_price])).toEqual([[placed.body.id, '2', '1']]);
    expect((await call(second.url, 'GET', '/v2/account')).body.cash).toBe(cash);
    expect(await second.stop()).toBe(0);

    const files = filesUnder(dir);
    expect(files.map((path) => path.slice(dir.length + 1))).toContainEqual(expect.stringMatching(/^key-[0-9a-f]{32}\.exchange\.json$/));
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY);
    }
  });

  it('starts a reset account on new files with --data-dir, keeping the old ones aside', async () => {
    const dir = tempDir();
    const first = await start(['--port', '0', '--data-dir', dir]);
    await call(first.url, 'POST', '/v2/orders', { symbol: 'AAPL', side: 'buy', type: 'limit', limit_price: '1.00', qty: '2', time_in_force: 'gtc' });
    expect((await fetch(`${first.url}/admin/reset?key=${encodeURIComponent(KEY)}`, { method: 'POST' })).status).toBe(204);
    expect((await call(first.url, 'GET', '/v2/orders?status=all')).body).toEqual([]);
    await call(first.url, 'POST', '/v2/orders', { symbol: 'AAPL', side: 'buy', type: 'limit', limit_price: '2.00', qty: '1', time_in_force: 'gtc' });
    expect(await first.stop()).toBe(0);

    const second = await start(['--port', '0', '--data-dir', dir]);
    expect((await call(second.url, 'GET', '/v2/orders?status=all')).body.map((o: { limit_price: string }) => o.limit_price)).toEqual(['2']);
    expect(await second.stop()).toBe(0);
    expect(readdirSync(dir).filter((name) => name.includes('.replaced-'))).toHaveLength(2);
    expect(first.stderr).toEqual([]);
  });

  it('refuses a port in use with one line and exit status 1', async () => {
    const holder = await start(['--port', '0']);
    const port = new URL(holder.url).port;
    const second = await start(['--port', port]);
    expect(await second.exit).toBe(1);
    expect(second.stdout).toEqual([]);
    expect(second.stderr).toEqual([`blotter emulator: port ${port} on 127.0.0.1 is in use; stop what holds it or give another with --port (0 picks a free one)\n`]);
  });

  it('reads its options, with port 18080 unless told', () => {
    expect(config([])).toEqual({ port: 18080, seed: undefined, faults: undefined, dataDir: undefined });
    expect(config(['--port', '9000', '--seed', '7', '--faults', 'light,positionLag=2s', '--data-dir', 'emu'])).toMatchObject({
      port: 9000,
      seed: 7,
      faults: { alpaca: { positionLagMs: 2000 } },
      dataDir: 'emu',
    });
  });

  it('refuses a bad --port or --faults with one line', () => {
    expect(parseArgs(['emulator', '--port', '70000'], 'test')).toEqual({
      kind: 'exit',
      code: 2,
      output: "error: option '--port <n>' argument '70000' is invalid. use a port from 1 to 65535, or 0 for any free one, e.g. --port 18080",
    });
    const faults = parseArgs(['emulator', '--faults', 'replay=2'], 'test');
    expect(faults).toMatchObject({ kind: 'exit', code: 2 });
    expect(faults.kind === 'exit' && faults.output).toMatch(/^error: option '--faults <spec>' argument 'replay=2' is invalid\. invalid fault spec part "replay=2"[^\n]*$/);
  });
});
