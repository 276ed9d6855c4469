import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { MAX_LOG_FILE_TEXT, openLogFile } from '../../src/app/log-file.js';
import { createRedactor, secretsFromEnv } from '../../src/kernel/redact.js';
import { openSession } from '../../src/app/session.js';
import { logFilePath, resolveLogDir } from '../../src/persistence/paths.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

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

  it('redacts the configured keys and credential shapes, in the message and in fields', async () => {
    const dir = tempDir();
    const file = await openLogFile({
      dir,
      profile: 'sim',
      redact: createRedactor(secretsFromEnv({ APCA_API_KEY_ID: FAKE_KEY_ID, APCA_API_SECRET_KEY: FAKE_SECRET })),
    });
    const at = jan5(9, 0, 0);
    file.write({ at, level: 'error', source: 'core', message: `account ${FAKE_KEY_ID} is not authorized` });
    file.write({ at, level: 'warn', source: 'core', message: 'GET /stream?key=abc123def&symbols=AAPL failed' });
    file.write({
      at,
      level: 'info',
      source: 'command',
      message: `trading halted (${FAKE_SECRET})`,
      fields: {
        command: `halt ${FAKE_SECRET}`,
        headers: { authorization: 'Basic dXNlcjpwYXNz', 'APCA-API-KEY-ID': 'PKHEADER0000000' },
        secret: 'plain-field-secret',
        note: `key=${FAKE_KEY_ID}`,
      },
    });
    await file.close();

    const path = join(dir, 'blotter-sim-2026-01-05.jsonl');
    const text = readFileSync(path, 'utf8');
    for (const leaked of [FAKE_KEY_ID, FAKE_SECRET, 'abc123def', 'dXNlcjpwYXNz', 'PKHEADER0000000', 'plain-field-secret']) {
      expect(text).not.toContain(leaked);
    }
    const lines = readJsonLines(path);
    expect(lines.map((line) => line.message)).toEqual([
      'account [redacted] is not authorized',
      'GET /stream?key=[redacted]&symbols=AAPL failed',
      'trading halted ([redacted])',
    ]);
    expect(lines.at(-1)).toMatchObject({
      command: 'halt [redacted]',
      headers: { authorization: '[redacted]', 'APCA-API-KEY-ID': '[redacted]' },
      secret: '[redacted]',
      note: 'key=[redacted]',
    });
  });

  it(`cuts a message or a field longer than ${MAX_LOG_FILE_TEXT} characters, and never leaves part of a key`, async () => {
    const dir = tempDir();
    const file = await openLogFile({ dir, profile: 'sim', redact: createRedactor([FAKE_KEY_ID]) });
    // The key starts just before the cut: clipped first, its first characters would be kept.
    const message = `${'x'.repeat(MAX_LOG_FILE_TEXT - 5)}${FAKE_KEY_ID} and then a long tail ${'y'.repeat(50_000)}`;
    file.write({ at: jan5(9, 0, 0), level: 'error', source: 'core', message, fields: { command: 'z'.repeat(10_000) } });
    await file.close();
    const [line] = readJsonLines(join(dir, 'blotter-sim-2026-01-05.jsonl'));
    expect(line?.message).toBe(`${'x'.repeat(MAX_LOG_FILE_TEXT - 5)}[red…`);
    expect(line?.command).toBe(`${'z'.repeat(MAX_LOG_FILE_TEXT - 1)}…`);
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
    expect(errors[0]?.message).toMatch(/^cannot create the log directory .*not-a-directory\/logs \((ENOTDIR|EEXIST)\)/);
  });

  it('reports a file it cannot open, naming it', async () => {
    const dir = tempDir();
    const path = logFilePath(dir, 'sim', jan5(8, 0, 0));
    mkdirSync(path);
    const errors: Error[] = [];
    const file = await openLogFile({ dir, profile: 'sim', onError: (error) => errors.push(error) });
    file.write({ at: jan5(8, 0, 0), level: 'info', source: 'core', message: 'lost' });
    await file.close();
    expect(errors.map((error) => error.message)).toEqual([
      `cannot write the log file ${path} (EISDIR): check that you may write it and its directory and that the disk has room, then restart Blotter`,
    ]);
  });

  it('leaves a read-only log file as it is, and says so', async () => {
    const dir = tempDir();
    const path = logFilePath(dir, 'sim', jan5(8, 0, 0));
    writeFileSync(path, '{"message":"kept as evidence"}\n');
    chmodSync(path, 0o444);
    const errors: Error[] = [];
    const file = await openLogFile({ dir, profile: 'sim', onError: (error) => errors.push(error) });
    file.write({ at: jan5(8, 0, 0), level: 'info', source: 'core', message: 'not written' });
    file.write({ at: jan5(8, 0, 1), level: 'info', source: 'core', message: 'not written either' });
    await file.close();
    expect(errors.map((error) => error.message)).toEqual([
      `the log file ${path} is read-only and is left as it is: make it writable (chmod u+w) or move it aside, then restart Blotter`,
    ]);
    expect(readFileSync(path, 'utf8')).toBe('{"message":"kept as evidence"}\n');
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir)).toEqual(['blotter-sim-2026-01-05.jsonl']);
  });
});

describe('the size of the log file', () => {
  const line = (i: number): string => `line ${i} ${'x'.repeat(50)}`;
  const partsOf = (dir: string): string[] => {
    const names = readdirSync(dir);
    const part = (name: string): number => Number(/\.(\d+)\.jsonl$/.exec(name)?.[1] ?? 0);
    return names.sort((a, b) => part(a) - part(b)).map((name) => join(dir, name));
  };

  it('goes on in the next file of the day once a file is full, each line whole', async () => {
    const dir = tempDir();
    const file = await openLogFile({ dir, profile: 'sim', maxFileBytes: 1_000 });
    for (let i = 0; i < 20; i++) file.write({ at: jan5(9, 0, i), level: 'info', source: 'core', message: line(i) });
    await file.close();

    const parts = partsOf(dir);
    expect(parts.map((path) => path.slice(dir.length + 1))).toEqual([
      'blotter-sim-2026-01-05.jsonl',
      'blotter-sim-2026-01-05.1.jsonl',
      'blotter-sim-2026-01-05.2.jsonl',
    ]);
    for (const path of parts) {
      expect(statSync(path).size).toBeLessThanOrEqual(1_000);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    expect(parts.flatMap(readJsonLines).map((record) => record.message)).toEqual(Array.from({ length: 20 }, (_, i) => line(i)));
  });

  it("goes on in the day's newest file after a restart", async () => {
    const dir = tempDir();
    const first = await openLogFile({ dir, profile: 'sim', maxFileBytes: 1_000 });
    for (let i = 0; i < 20; i++) first.write({ at: jan5(9, 0, i), level: 'info', source: 'core', message: line(i) });
    await first.close();
    const before = partsOf(dir).map((path) => readFileSync(path, 'utf8'));

    const second = await openLogFile({ dir, profile: 'sim', maxFileBytes: 1_000 });
    second.write({ at: jan5(10, 0, 0), level: 'info', source: 'core', message: 'after the restart' });
    await second.close();
    const after = partsOf(dir);
    expect(after.slice(0, 2).map((path) => readFileSync(path, 'utf8'))).toEqual(before.slice(0, 2));
    expect(after.flatMap(readJsonLines).map((record) => record.message)).toEqual([...Array.from({ length: 20 }, (_, i) => line(i)), 'after the restart']);
  });

  it("stops, keeping the day's first lines, once the day's last file is full, and says so", async () => {
    const dir = tempDir();
    const errors: Error[] = [];
    const file = await openLogFile({ dir, profile: 'sim', maxFileBytes: 1_000, maxFilesPerDay: 2, onError: (error) => errors.push(error) });
    for (let i = 0; i < 40; i++) file.write({ at: jan5(9, 0, i), level: 'info', source: 'core', message: line(i) });
    await file.close();

    const parts = partsOf(dir);
    expect(parts).toHaveLength(2);
    const kept = parts.flatMap(readJsonLines).map((record) => record.message);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => line(i)));
    expect(errors.map((error) => error.message)).toEqual([
      `${parts[1]} is full, and 2 log files are the most kept for one day: find what is logging so much (the log pane shows it), then move the day's files aside and restart Blotter`,
    ]);
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
    const session = await openSession({ broker: 'sim', dataDir, profile: 'sim', seed: 11 }, { clock });
    try {
      expect((await session.runCommand('buy 10 AAPL')).ok).toBe(true);
      expect((await session.runCommand('buy -5 AAPL')).ok).toBe(false);
      await advanceSession(clock, simControls(session), 500);
      session.engine.note('error', `broker said: key ${FAKE_KEY_ID} unknown`);
      // Pasted by mistake after `halt`: the answer shown, the log pane and the files all get it redacted.
      const halted = await session.runCommand(`halt ${FAKE_SECRET}`);
      expect(halted.ok).toBe(true);
      expect(halted.text).not.toContain(FAKE_SECRET);
      expect(session.profile.load().log.map((entry) => entry.text)).toContainEqual(expect.stringMatching(/^trading halted \(\[redacted\]\)/));
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
    expect(lines).toContainEqual(expect.objectContaining({ source: 'command', command: 'halt [redacted]', ok: true }));
    for (const file of [path, join(dataDir, 'sim.json')]) {
      expect(readFileSync(file, 'utf8')).not.toContain(FAKE_KEY_ID);
      expect(readFileSync(file, 'utf8')).not.toContain(FAKE_SECRET);
    }
  });
});
