import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKER_COMPARISON_SCOPE } from '../../src/app/broker-ledger.js';
import { parseArgs, type RunConfig } from '../../src/app/config.js';
import { runHeadless } from '../../src/app/headless.js';
import { createEmulatorServer, type EmulatorServer } from '../../src/broker/emulator/emulator-server.js';
import { createSimExchange } from '../../src/broker/sim/sim-exchange.js';
import { dec } from '../../src/domain/decimal.js';

const KEY_ID = 'PKHEADLESS42';
const SECRET = 'headless-secret-98765';
const ALL_MATCH = { orders: true, fills: true, positions: true, cash: true };

const dirs: string[] = [];
const servers: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-headless-alpaca-'));
  dirs.push(dir);
  return dir;
}

/** An emulator on real time (a run waits in real time), its accounts' AAPL pinned at 100.00 x 100.02. */
async function emulator(): Promise<EmulatorServer> {
  const server = await createEmulatorServer({
    createExchange: (seed) => {
      const sim = createSimExchange({
        seed,
        universe: [
          { symbol: 'AAPL', price: '100.00' },
          { symbol: 'MSFT', price: '400.00' },
        ],
        ackLatencyMs: 5,
        fillLatencyMs: 10,
      });
      sim.setQuote('AAPL', { bid: dec('100.00'), ask: dec('100.02'), last: dec('100.00'), bidSize: dec(500), askSize: dec(500) });
      return sim;
    },
    rateLimitPerMinute: 100_000,
  });
  servers.push(server);
  return server;
}

/** A request on the emulator's REST as the run's own account, behind the run's back. */
async function call(server: EmulatorServer, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

function runConfig(server: EmulatorServer, dataDir: string): RunConfig {
  const parsed = parseArgs(['run', '--broker', 'alpaca', '--alpaca-url', server.url, '--data-dir', dataDir, '--deadline', '5s'], 'test');
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${parsed.kind}`);
  return parsed.config;
}

/** The run's keys, given the way the environment gives them. */
function keys(): { env: Record<string, string>; configDir: string } {
  return { env: { APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: SECRET }, configDir: tempDir() };
}

/** Everything the run wrote under `dir`, the log files included. */
function writtenUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('blotter run --broker alpaca', () => {
  it("compares the local view with what Alpaca's REST reports: orders, legs, fills, positions and cash all match", async () => {
    const server = await emulator();
    const dir = tempDir();
    const { exitCode, report } = await runHeadless(
      runConfig(server, dir),
      [
        'buy 10 AAPL',
        'wait 300ms',
        'sell 4 AAPL',
        'wait 300ms',
        'buy 5 AAPL @ 90 gtc',
        'cancel #3',
        // A bracket whose entry is cancelled before it fills: its nested legs end with it.
        'buy 2 MSFT @ 300 tp 420 sl 280',
        'wait 200ms',
        'cancel #4',
      ],
      keys(),
    );

    expect(report.problems).toEqual([]);
    expect(report.broker).toBe('alpaca');
    expect(report.comparedWith).toBe('broker REST');
    expect(report.comparedParts).toEqual(BROKER_COMPARISON_SCOPE);
    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.differences).toEqual([]);
    expect(report).not.toHaveProperty('exchange');
    expect(exitCode).toBe(0);
    expect(report.orders.map((o) => [o.seq, o.status, o.filledQty])).toEqual([
      [1, 'filled', '10'],
      [2, 'filled', '4'],
      [3, 'canceled', '0'],
      [4, 'canceled', '0'],
      [5, 'canceled', '0'],
      [6, 'canceled', '0'],
    ]);
    const account = await call(server, 'GET', '/v2/account');
    expect(report.cash).toBe(dec(account.cash).toFixed());
    expect(report.positions.AAPL?.qty).toBe('6');
    expect(report.reconciliation).toMatchObject({ positionOverrides: 0, cashOverrides: 0 });

    // The keys reach neither the report nor any file the run wrote (profile, log).
    const written = `${JSON.stringify(report)}\n${writtenUnder(dir)}`;
    expect(written).toContain('BUY 10 AAPL');
    expect(written).not.toContain(KEY_ID);
    expect(written).not.toContain(SECRET);
  }, 20_000);

  it("matches a kept profile's second run in full, with an order placed outside Blotter between the runs adopted", async () => {
    const server = await emulator();
    const dir = tempDir();
    const first = await runHeadless(runConfig(server, dir), ['buy 10 AAPL'], keys());
    expect(first.report.matches).toEqual(ALL_MATCH);
    // Bought on Alpaca's web page, say: the books learn of it only from the broker.
    await call(server, 'POST', '/v2/orders', { symbol: 'MSFT', qty: '3', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'outside-blotter' });
    await sleep(200);

    const { exitCode, report } = await runHeadless(runConfig(server, dir), ['sell 4 AAPL'], keys());

    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.reconciliation).toMatchObject({ adoptedOrders: 1, positionOverrides: 0, cashOverrides: 0 });
    expect(report.orders.map((o) => [o.seq, o.symbol, o.status, o.filledQty])).toEqual([
      [1, 'AAPL', 'filled', '10'],
      [2, 'MSFT', 'filled', '3'],
      [3, 'AAPL', 'filled', '4'],
    ]);
    expect([report.positions.AAPL?.qty, report.positions.MSFT?.qty]).toEqual(['6', '3']);
    expect(report.cash).toBe(dec((await call(server, 'GET', '/v2/account')).cash).toFixed());
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
  }, 20_000);

  it("opens new books on an account with earlier trading: its earlier order is not the run's, its position and cash match in full", async () => {
    const server = await emulator();
    await call(server, 'POST', '/v2/orders', { symbol: 'MSFT', qty: '3', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'before-the-run' });
    await sleep(200);

    const { exitCode, report } = await runHeadless(runConfig(server, tempDir()), ['buy 10 AAPL'], keys());

    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.orders.map((o) => [o.seq, o.symbol, o.status])).toEqual([[1, 'AAPL', 'filled']]);
    expect([report.positions.AAPL?.qty, report.positions.MSFT?.qty]).toEqual(['10', '3']);
    expect(report.cash).toBe(dec((await call(server, 'GET', '/v2/account')).cash).toFixed());
    expect(report.reconciliation).toMatchObject({ adoptedOrders: 0, positionOverrides: 0, cashOverrides: 0 });
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
  }, 20_000);

  it('takes in a working order from before the books opened with what it had filled brought forward, and compares only its later fills', async () => {
    const server = await emulator();
    // 500 shown at the ask: the GTC buy of 800 fills 500 before the run and waits for more.
    const working = await call(server, 'POST', '/v2/orders', { symbol: 'AAPL', qty: '800', side: 'buy', type: 'limit', limit_price: '100.02', time_in_force: 'gtc' });
    await sleep(200);
    expect((await call(server, 'GET', `/v2/orders/${working.id}`)).filled_qty).toBe('500');
    async function* script(): AsyncGenerator<string> {
      yield 'wait 300ms';
      await call(server, 'POST', `/admin/price?key=${KEY_ID}`, { symbol: 'AAPL', bid: '100.00', ask: '100.02', askSize: '500' });
      yield 'wait 500ms';
    }

    const { exitCode, report } = await runHeadless(runConfig(server, tempDir()), script(), keys());

    expect(report.orders.map((o) => [o.seq, o.status, o.filledQty])).toEqual([[1, 'filled', '800']]);
    expect(report.fills.map((f) => f.qty)).toEqual(['300']);
    expect(report.positions.AAPL?.qty).toBe('800');
    expect(report.matches).toEqual(ALL_MATCH);
    expect(report.reconciliation).toMatchObject({ adoptedOrders: 1, inferredFills: 0, positionOverrides: 0, cashOverrides: 0 });
    expect(exitCode).toBe(0);
  }, 20_000);

  it("says what differs when the account changed behind the run's back, and exits 1", async () => {
    const server = await emulator();
    async function* script(): AsyncGenerator<string> {
      yield 'buy 10 AAPL';
      yield 'wait 300ms';
      // Alpaca's account is wiped between two commands: the run's order and fill are gone from it.
      await call(server, 'POST', `/admin/reset?key=${KEY_ID}`);
      yield 'wait 100ms';
    }

    const { exitCode, report } = await runHeadless(runConfig(server, tempDir()), script(), keys());

    expect(exitCode).toBe(1);
    expect(report.comparedWith).toBe('broker REST');
    // The order and its fill cannot be found again; positions and cash differ too until reconciliation overrides them.
    expect(report.matches).toMatchObject({ orders: false, fills: false });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        '#1: filled here, unknown to the broker',
        expect.stringMatching(/^fills of #1: 10 for 1000\.2 here, 0 for 0 at the broker$/),
      ]),
    );
    expect(report.problems).toContainEqual(expect.stringMatching(/^local state differs from the broker's: orders, fills\b/));
  }, 20_000);
});
