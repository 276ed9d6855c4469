import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBroker, type BrokerOptions, type OpenedBroker } from '../../../src/app/brokers/open-broker.js';
import { StartupError } from '../../../src/app/startup-error.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { emulator } from '../../broker/emulator/helpers.js';
import { until } from '../../support/until.js';

const dirs: string[] = [];
const open: OpenedBroker[] = [];

afterEach(async () => {
  for (const broker of open.splice(0)) await broker.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'emulator-secret-0123';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-alpaca-broker-'));
  dirs.push(dir);
  return dir;
}

function options(url: string, extra: Partial<BrokerOptions> = {}, env: Record<string, string> = {}): BrokerOptions {
  return {
    clock: new ManualClock(),
    dataDir: tempDir(),
    profile: 'paper',
    books: undefined,
    retentionMs: 48 * 3_600_000,
    onStoreError: () => {},
    onStoreRecovered: () => {},
    alpaca: { live: false, url },
    env: { APCA_API_KEY_ID: 'PKTEST', APCA_API_SECRET_KEY: SECRET, ...env },
    configDir: tempDir(),
    ...extra,
  };
}

async function opened(broker: BrokerOptions): Promise<OpenedBroker> {
  const result = await openBroker('alpaca', broker);
  open.push(result);
  return result;
}

async function refusal(broker: BrokerOptions): Promise<string> {
  const failed = await openBroker('alpaca', broker).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(StartupError);
  return (failed as Error).message;
}


describe('opening Alpaca', () => {
  it('binds the profile to the paper account the keys belong to, and writes nothing beside the profile', async () => {
    const e = await emulator();
    const settings = options(e.server.url);
    const broker = await opened(settings);
    expect(broker).toMatchObject({ name: 'alpaca', mode: 'paper', engineDefaults: {} });
    expect(broker.id).toMatch(/^alpaca-PA[0-9A-F]{10}$/);
    expect(broker.controls).toBeUndefined();
    expect(broker.secrets).toContain(SECRET);
    expect((await broker.trading.getAccount()).cash.toString()).toBe('100000');
    expect(readdirSync(settings.dataDir)).toEqual([]);
  });

  it('connects the trade-update stream when started, and is healthy once Alpaca listens', async () => {
    const e = await emulator();
    const broker = await opened(options(e.server.url));
    expect(broker.trading.connection().stream).toBe('connecting');
    broker.start();
    await until(() => broker.trading.connection().stream === 'ok', 'the stream');
    expect(broker.trading.connection()).toEqual({ rest: 'ok', stream: 'ok' });
  });

  it('takes the URL from BLOTTER_ALPACA_URL when --alpaca-url is not given', async () => {
    const e = await emulator();
    const broker = await opened(options(e.server.url, { alpaca: { live: false } }, { BLOTTER_ALPACA_URL: e.server.url }));
    expect(broker.id).toMatch(/^alpaca-PA/);
  });

  it('refuses keys Alpaca does not accept with the reason, never the secret', async () => {
    const e = await emulator();
    await opened(options(e.server.url));
    const message = await refusal(options(e.server.url, {}, { APCA_API_SECRET_KEY: 'another-secret-456' }));
    expect(message).toBe(
      `Alpaca at ${e.server.url} refused the keys from the environment (401); check both halves of the pair, and that paper keys are used on paper (PK…) and live keys with --live (AK…)`,
    );
    expect(message).not.toContain('another-secret-456');
  });

  it('says when Alpaca cannot be reached', async () => {
    const e = await emulator();
    const url = e.server.url;
    await e.server.close();
    expect(await refusal(options(url))).toMatch(new RegExp(`^cannot reach Alpaca at ${url} \\(.*\\); check the network, or --alpaca-url$`));
  });

  it('refuses a live key without --live and a paper key with it, before any request', async () => {
    const nowhere = 'http://127.0.0.1:9';
    expect(await refusal(options(nowhere, {}, { APCA_API_KEY_ID: 'AKLIVE' }))).toBe(
      'the key in the environment is a live-trading key (AK…), and Blotter trades on paper unless --live is given; use a paper key (PK…), or add --live to trade real money',
    );
    expect(await refusal(options(nowhere, { alpaca: { live: true, url: nowhere } }))).toBe(
      '--live needs a live-trading key (AK…), but the key in the environment is a paper key (PK…); drop --live to trade on paper',
    );
  });

  it('trades live only once the account number is typed, and only from the console', async () => {
    const e = await emulator();
    const live = (confirmLive?: (account: string) => Promise<string>): BrokerOptions =>
      options(e.server.url, { alpaca: { live: true, url: e.server.url, ...(confirmLive !== undefined && { confirmLive }) } }, { APCA_API_KEY_ID: 'AKLIVE' });
    expect(await refusal(live())).toMatch(/^live trading is started from the console only/);
    const shown: string[] = [];
    const wrong = await refusal(
      live(async (account) => {
        shown.push(account);
        return 'PA0000000000';
      }),
    );
    expect(wrong).toMatch(/^live trading not confirmed: what was typed is not account PA[0-9A-F]{10}; nothing was traded$/);
    const broker = await opened(live(async (account) => ` ${account} `));
    expect(broker.mode).toBe('live');
    expect(broker.id).toBe(`alpaca-${shown[0]}`);
  });

  it("refuses a profile kept against another account or broker, by name", async () => {
    const e = await emulator();
    const books = (keptAgainst: string) => ({ books: { keptAgainst, orders: 3 } });
    expect(await refusal(options(e.server.url, books('alpaca-PA9999999999')))).toMatch(
      /^profile paper is kept against alpaca-PA9999999999, not Alpaca account PA[0-9A-F]{10}; open it with the broker and keys it was made with, or give this account its own --profile$/,
    );
    expect(await refusal(options(e.server.url, books('sim-00000000002a')))).toBe(
      'profile paper is kept against sim-00000000002a (broker sim), so it cannot trade on alpaca; use --broker sim, or another --profile for alpaca',
    );
    const broker = await opened(options(e.server.url));
    await expect(opened(options(e.server.url, books(broker.id)))).resolves.toMatchObject({ id: broker.id });
  });

  it("refuses the simulator's settings rather than ignoring them", async () => {
    expect(await refusal(options('http://127.0.0.1:9', { seed: 7, faults: {} }))).toBe(
      '--seed, --faults are settings of the simulator, not of Alpaca; drop them, or give faults and a seed to `blotter emulator` and point --alpaca-url at it',
    );
  });
});
