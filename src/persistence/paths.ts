import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { InvalidProfileNameError } from './errors.js';

export const DATA_DIR_ENV = 'BLOTTER_DATA_DIR';

const PROFILE_NAME = /^[a-z0-9-]{1,64}$/;

/**
 * Where profiles live: an explicit directory (the CLI's --data-dir) wins, then $BLOTTER_DATA_DIR,
 * then the platform's data directory (on Linux $XDG_DATA_HOME/blotter or ~/.local/share/blotter).
 */
export function resolveDataDir(explicit?: string): string {
  const chosen = nonEmpty(explicit) ?? nonEmpty(process.env[DATA_DIR_ENV]) ?? envPaths('blotter', { suffix: '' }).data;
  return resolve(chosen);
}

export function isValidProfileName(profile: string): boolean {
  return PROFILE_NAME.test(profile);
}

/** `<dir>/<profile>.json`; the name is checked so it can never climb out of the directory. */
export function profileFile(dir: string, profile: string): string {
  if (!isValidProfileName(profile)) throw new InvalidProfileNameError(profile);
  return join(dir, `${profile}.json`);
}

/** Trading history is private: a directory we create is readable by its owner only. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
