import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from '../startup-error.js';

/** An Alpaca API key pair. Held only in memory: never written, logged or shown. */
export interface AlpacaCredentials {
  readonly keyId: string;
  readonly secret: string;
  /** Where they came from, for messages: the environment or the file's path. */
  readonly source: string;
}

export const CREDENTIALS_FILE = 'alpaca-credentials.json';

const EXAMPLE = '{"keyId": "PK…", "secret": "…"}';

/**
 * The keys from APCA_API_KEY_ID and APCA_API_SECRET_KEY (the SDK's names), else from
 * `<configDir>/alpaca-credentials.json`, which must be readable by its owner only (mode 0600), as
 * ssh insists of a private key: a file others can read is refused, not trusted.
 */
export async function readAlpacaCredentials(env: Readonly<Record<string, string | undefined>>, configDir: string): Promise<AlpacaCredentials> {
  const keyId = env.APCA_API_KEY_ID?.trim() ?? '';
  const secret = env.APCA_API_SECRET_KEY?.trim() ?? '';
  if (keyId !== '' || secret !== '') {
    if (keyId === '') throw new StartupError('APCA_API_SECRET_KEY is set but APCA_API_KEY_ID is not; set both to your Alpaca key pair');
    if (secret === '') throw new StartupError('APCA_API_KEY_ID is set but APCA_API_SECRET_KEY is not; set both to your Alpaca key pair');
    return { keyId, secret, source: 'the environment' };
  }
  return readCredentialsFile(join(configDir, CREDENTIALS_FILE));
}

async function readCredentialsFile(path: string): Promise<AlpacaCredentials> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StartupError(
        `no Alpaca keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or write ${EXAMPLE} to ${path} (chmod 600)`,
      );
    }
    throw new StartupError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new StartupError(`${path} can be read by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path} and start again`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // The parser's message may quote the file's text, which holds the secret.
    throw new StartupError(`${path} is not valid JSON; it should read ${EXAMPLE}`);
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const keyId = typeof fields.keyId === 'string' ? fields.keyId.trim() : '';
  const secret = typeof fields.secret === 'string' ? fields.secret.trim() : '';
  if (keyId === '' || secret === '') throw new StartupError(`${path} needs both "keyId" and "secret" as strings: ${EXAMPLE}`);
  return { keyId, secret, source: path };
}
