import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { openLogFile, type LogRecord } from '../../src/app/log-file.js';
import { secretsFromEnv } from '../../src/app/redact.js';
import { openSession } from '../../src/app/session.js';
import { logFilePath, resolveLogDir } from '../../src/persistence/paths.js';

const dirs: string[] = [];
const ENV_NAMES = ['BLOTTER_DATA_DIR', 'XDG_STATE_HOME', 'APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-log-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  // In place: env-paths holds on to the process.env object itself.
  for (const name of ENV_NAMES) {
    const value = savedEnv[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A local wall-clock time on 5 January 2026, so file names are the same in any time zone. */
function jan5(hours: number, minutes: number, seconds: number): number {
  return new Date(2026, 0, 5, hours, minutes, seconds).getTime();
}

function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// Fake credentials shaped like Alpaca's: a key id and a secret key.
const FAKE_KEY_ID = 'PKTEST0FAKE0KEY0ID42';
const FAKE_SECRET = 'fAkEsEcReT0123456789abcdefGHIJKLMNOPqrst';

describe('the JSON-lines log file', () => {
  it('writes one JSON object per line: ISO time, level, source, message and fields', async () => {
    const dir = join(tempDir(), 'logs');
    const file = await openLogFile({ dir, profile: 'sim' });
    file.write({ at: jan5(10, 31, 5), level: 'warn', source: 'core', message: 'submit #13 503 — retry 2/5 in 0.4s' });
    file.write({ at: jan5(10, 31, 6), level: 'info', source: 'command', message: '#14 BUY 10 AAPL sent (new)', fields: { command: 'buy 10 AAPL', ok: true } });
    await file.close();

    const path = join(dir, 'blotter-sim-2026-01-05.jsonl');
    expect(readJsonLines(path)).toEqual([
      { time: new Date(jan5(10, 31, 5)).toISOString(), level: 'warn', source: 'core', message: 'submit #13 503 — retry 2/5 in 0.4s' },
      {
        time: new Date(jan5(10, 31, 6)).toISOString(),
        level: 'info',
        source: 'command',
        command: 'buy 10 AAPL',
        ok: true,
        message: '#14 BUY 10 AAPL sent (new)',
      },
    ]);
    // Trading history is private.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('redacts keys, secrets, tokens and authorization headers, in text and in fields', async () => {
    const dir = tempDir();
    const file = await openLogFile({
      dir,
      profile: 'sim',
      secrets: secretsFromEnv({ APCA_API_KEY_ID: FAKE_KEY_ID, APCA_API_SECRET_KEY: FAKE_SECRET }),
    });
    const at = jan5(9, 0, 0);
    const records: LogRecord[] = [
      { at, level: 'error', source: 'core', message: `account ${FAKE_KEY_ID} is not authorized` },
      { at, level: 'error', source: 'core', message: `headers APCA-API-KEY-ID: ${FAKE_KEY_ID}, APCA-API-SECRET-KEY: ${FAKE_SECRET}` },
      { at, level: 'error', source: 'core', message: 'env APCA_API_KEY_ID=PKOTHERKEY000000 APCA_API_SECRET_KEY="s3cr3t-other-value"' },
      { at, level: 'warn', source: 'core', message: 'GET /stream?key=abc123def&secret=zzz999yyy&symbols=AAPL failed' },
      { at, level: 'warn', source: 'core', message: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig rejected' },
      { at, level: 'warn', source: 'core', message: 'auth reply {"token":"tok_live_123456","apiKey":"AKIAFAKE99"}' },
      { at, level: 'warn', source: 'core', message: 'x-api-key: abcdef0123456789 refused' },
      {
        at,
        level: 'info',
        source: 'command',
        message: 'connected',
        fields: { headers: { authorization: 'Basic dXNlcjpwYXNz', 'APCA-API-KEY-ID': 'PKHEADER0000000' }, secret: 'plain-field-secret', note: `key=${FAKE_SECRET}` },
      },
    ];
    for (const record of records) file.write(record);
    await file.close();

    const text = readFileSync(join(dir, 'blotter-sim-2026-01-05.jsonl'), 'utf8');
    for (const leaked of [
      FAKE_KEY_ID,
      FAKE_SECRET,
      'PKOTHERKEY000000',
      's3cr3t-other-value',
      'abc123def',
      'zzz999yyy',
      'eyJhbGciOiJIUzI1NiJ9',
      'tok_live_123456',
      'AKIAFAKE99',
      'abcdef0123456789',
      'dXNlcjpwYXNz',
      'PKHEADER0000000',
      'plain-field-secret',
    ]) {
      expect(text).not.toContain(leaked);
    }
    const messages = readJsonLines(join(dir, 'blotter-sim-2026-01-05.jsonl')).map((line) => line.message);
    expect(messages).toEqual([
      'account [redacted] is not authorized',
      'headers APCA-API-KEY-ID: [redacted], APCA-API-SECRET-KEY: [redacted]',
      'env APCA_API_KEY_ID=[redacted] APCA_API_SECRET_KEY="[redacted]"',
      'GET /stream?key=[redacted]&secret=[redacted]&symbols=AAPL failed',
      'Authorization: [redacted] rejected',
      'auth reply {"token":"[redacted]","apiKey":"[redacted]"}',
      'x-api-key: [redacted] refused',
      'connected',
    ]);
    expect(readJsonLines(join(dir, 'blotter-sim-2026-01-05.jsonl')).at(-1)).toMatchObject({
      headers: { authorization: '[redacted]', 'APCA-API-KEY-ID': '[redacted]' },
      secret: '[redacted]',
      note: 'key=[redacted]',
    });
  });

  it("leaves a trader's ordinary lines as they are", async () => {
    const dir = tempDir();
    const file = await openLogFile({ dir, profile: 'sim', secrets: [FAKE_KEY_ID] });
    const lines = [
      '#1 BUY 10 AAPL filled 10 @ 187.44 (10/10)',
      'submit #2 429 — retry 2/5 in 1.0s',
      'reconcile (startup): 2 differences found and fixed',
      'position mismatch AAPL: here 10, broker 12 — the broker\'s figure wins',
      'metrics: lane wait p99 3 ms, keyed queue depth 2',
    ];
    for (const message of lines) file.write({ at: jan5(12, 0, 0), level: 'info', source: 'core', message });
    await file.close();
    expect(readJsonLines(join(dir, 'blotter-sim-2026-01-05.jsonl')).map((line) => line.message)).toEqual(lines);
  });

  it('starts a new file at local midnight', async () => {
    const dir = tempDir();
    const file = await openLogFile({ dir, profile: 'paper-1' });
    file.write({ at: jan5(23, 59, 59), level: 'info', source: 'core', message: 'before midnight' });
    file.write({ at: jan5(24, 0, 1), level: 'info', source: 'core', message: 'after midnight' });
    await file.close();
    expect(readdirSync(dir).sort()).toEqual(['blotter-paper-1-2026-01-05.jsonl', 'blotter-paper-1-2026-01-06.jsonl']);
    expect(readJsonLines(join(dir, 'blotter-paper-1-2026-01-06.jsonl')).map((line) => line.message)).toEqual(['after midnight']);
  });

  it('returns from a write before touching the disk, and has every line on disk once closed', async () => {
    const dir = tempDir();
    const file = await openLogFile({ dir, profile: 'sim' });
    const path = logFilePath(dir, 'sim', jan5(8, 0, 0));
    for (let i = 0; i < 2000; i++) file.write({ at: jan5(8, 0, 0) + i, level: 'info', source: 'core', message: `line ${i}` });
    expect(existsSync(path) ? readFileSync(path, 'utf8') : '').toBe('');
    await file.close();
    const written = readJsonLines(path);
    expect(written).toHaveLength(2000);
    expect(written.at(-1)?.message).toBe('line 1999');
    file.write({ at: jan5(8, 1, 0), level: 'info', source: 'core', message: 'after close' });
    await file.close();
    expect(readJsonLines(path)).toHaveLength(2000);
  });

  it('reports once when it cannot write, and gives up without failing anything else', async () => {
    const blocker = join(tempDir(), 'not-a-directory');
    writeFileSync(blocker, '');
    const errors: Error[] = [];
    const file = await openLogFile({ dir: join(blocker, 'logs'), profile: 'sim', onError: (error) => errors.push(error) });
    file.write({ at: jan5(8, 0, 0), level: 'info', source: 'core', message: 'lost' });
    file.write({ at: jan5(8, 0, 1), level: 'info', source: 'core', message: 'lost too' });
    await file.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('where the log file goes', () => {
  it('beside the profile when a data directory is chosen, else in the state directory', () => {
    delete process.env.BLOTTER_DATA_DIR;
    process.env.XDG_STATE_HOME = '/home/trader/.local/state';
    expect(resolveLogDir('/srv/trading')).toBe('/srv/trading/logs');
    expect(resolveLogDir(undefined)).toBe(process.platform === 'linux' ? '/home/trader/.local/state/blotter/logs' : expect.stringMatching(/logs$/));
    process.env.BLOTTER_DATA_DIR = '/tmp/blotter-trial';
    expect(resolveLogDir(undefined)).toBe('/tmp/blotter-trial/logs');
  });

  it('names the file for the profile and the local day', () => {
    expect(logFilePath('/logs', 'sim', jan5(0, 0, 0))).toBe('/logs/blotter-sim-2026-01-05.jsonl');
    expect(() => logFilePath('/logs', '../etc', jan5(0, 0, 0))).toThrow();
  });
});

describe('a session', () => {
  it("writes the core's log and the commands' answers to <data dir>/logs, with the configured keys redacted", async () => {
    process.env.APCA_API_KEY_ID = FAKE_KEY_ID;
    process.env.APCA_API_SECRET_KEY = FAKE_SECRET;
    const dataDir = tempDir();
    const clock = new ManualClock(jan5(10, 0, 0));
    const session = await openSession({ dataDir, profile: 'sim', seed: 11 }, { clock });
    try {
      expect((await session.runCommand('buy 10 AAPL')).ok).toBe(true);
      expect((await session.runCommand('buy -5 AAPL')).ok).toBe(false);
      await clock.advanceAsync(500);
      session.engine.note('error', `broker said: key ${FAKE_KEY_ID} unknown`);
    } finally {
      await session.close();
    }
    const path = join(dataDir, 'logs', 'blotter-sim-2026-01-05.jsonl');
    const lines = readJsonLines(path);
    expect(lines).toContainEqual({
      time: new Date(jan5(10, 0, 0)).toISOString(),
      level: 'info',
      source: 'command',
      command: 'buy 10 AAPL',
      ok: true,
      message: expect.stringMatching(/^#1 BUY 10 AAPL sent/),
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', source: 'command', command: 'buy -5 AAPL', ok: false }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', source: 'core', message: expect.stringMatching(/^#1 BUY 10 AAPL filled 10 @ /) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', source: 'core', message: 'broker said: key [redacted] unknown' }));
    expect(readFileSync(path, 'utf8')).not.toContain(FAKE_KEY_ID);
  });
});
