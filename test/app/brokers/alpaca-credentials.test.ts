import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, readAlpacaCredentials } from '../../../src/app/brokers/alpaca-credentials.js';
import { StartupError } from '../../../src/app/startup-error.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configDir(file?: { text: string; mode: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-credentials-'));
  dirs.push(dir);
  if (file !== undefined) {
    writeFileSync(join(dir, CREDENTIALS_FILE), file.text);
    chmodSync(join(dir, CREDENTIALS_FILE), file.mode);
  }
  return dir;
}

async function refusal(env: Record<string, string>, dir: string): Promise<string> {
  const failed = await readAlpacaCredentials(env, dir).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(StartupError);
  return (failed as Error).message;
}

const SECRET = 'sEcReT-value-0123456789';

describe("Alpaca's keys", () => {
  it('come from APCA_API_KEY_ID and APCA_API_SECRET_KEY first, whatever the file says', async () => {
    const dir = configDir({ text: JSON.stringify({ keyId: 'PKFILE', secret: 'from-file' }), mode: 0o600 });
    await expect(readAlpacaCredentials({ APCA_API_KEY_ID: ' PKENV ', APCA_API_SECRET_KEY: SECRET }, dir)).resolves.toEqual({ keyId: 'PKENV', secret: SECRET, source: 'the environment' });
  });

  it('refuse half a pair in the environment, naming the missing variable', async () => {
    expect(await refusal({ APCA_API_KEY_ID: 'PKTEST' }, configDir())).toBe('APCA_API_KEY_ID is set but APCA_API_SECRET_KEY is not; set both to your Alpaca key pair');
    expect(await refusal({ APCA_API_SECRET_KEY: SECRET }, configDir())).toMatch(/^APCA_API_SECRET_KEY is set but APCA_API_KEY_ID is not/);
  });

  it('come from the credentials file when the environment has none, if only its owner can read it', async () => {
    const dir = configDir({ text: JSON.stringify({ keyId: 'PKFILE', secret: SECRET }), mode: 0o600 });
    await expect(readAlpacaCredentials({}, dir)).resolves.toEqual({ keyId: 'PKFILE', secret: SECRET, source: join(dir, CREDENTIALS_FILE) });
  });

  it('refuse a credentials file others can read, saying how to fix it', async () => {
    const dir = configDir({ text: JSON.stringify({ keyId: 'PKFILE', secret: SECRET }), mode: 0o644 });
    const path = join(dir, CREDENTIALS_FILE);
    expect(await refusal({}, dir)).toBe(`${path} can be read by others (mode 644); run chmod 600 ${path} and start again`);
  });

  it('refuse a file that is not JSON without quoting it (it holds the secret), and one missing a half', async () => {
    const broken = configDir({ text: `{"keyId": "PKFILE", "secret": "${SECRET}"`, mode: 0o600 });
    const message = await refusal({}, broken);
    expect(message).toMatch(/is not valid JSON; it should read \{"keyId": "PK…", "secret": "…"\}$/);
    expect(message).not.toContain(SECRET);
    const half = configDir({ text: JSON.stringify({ keyId: 'PKFILE' }), mode: 0o600 });
    expect(await refusal({}, half)).toMatch(/needs both "keyId" and "secret" as strings/);
  });

  it('say where keys go when there are none', async () => {
    const dir = configDir();
    expect(await refusal({}, dir)).toBe(
      `no Alpaca keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or write {"keyId": "PK…", "secret": "…"} to ${join(dir, CREDENTIALS_FILE)} (chmod 600)`,
    );
  });
});
