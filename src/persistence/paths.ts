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

/**
 * Where a profile's finished history is archived: `<dir>/archive/<profile>`. The simulated
 * exchange of a profile keeps its own beside it (exchangeArchiveDir).
 */
export function archiveDir(dir: string, profile: string): string {
  if (!isValidProfileName(profile)) throw new InvalidProfileNameError(profile);
  return join(dir, 'archive', profile);
}

/** `<dir>/archive/<profile>.exchange`: the simulated exchange's own finished orders and executions. */
export function exchangeArchiveDir(dir: string, profile: string): string {
  return `${archiveDir(dir, profile)}.exchange`;
}

/**
 * Where log files go: `<dir>/logs` when the data directory was chosen (--data-dir or
 * $BLOTTER_DATA_DIR), so a trial directory keeps its logs beside its profile; else the platform's
 * state directory (on Linux $XDG_STATE_HOME/blotter/logs or ~/.local/state/blotter/logs).
 */
export function resolveLogDir(explicitDataDir?: string): string {
  const chosen = nonEmpty(explicitDataDir) ?? nonEmpty(process.env[DATA_DIR_ENV]) ?? envPaths('blotter', { suffix: '' }).log;
  return resolve(chosen, 'logs');
}

/** `<dir>/blotter-<profile>-YYYY-MM-DD.jsonl`, dated by the trader's local day of `at`. */
export function logFilePath(dir: string, profile: string, at: number): string {
  if (!isValidProfileName(profile)) throw new InvalidProfileNameError(profile);
  const day = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return join(dir, `blotter-${profile}-${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}.jsonl`);
}

/** Trading history is private: a directory we create is readable by its owner only. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export const CONFIG_DIR_ENV = 'BLOTTER_CONFIG_DIR';

/**
 * Where the trader's own settings live (Alpaca keys, strategies): $BLOTTER_CONFIG_DIR, else the
 * platform's config directory (on Linux $XDG_CONFIG_HOME/blotter or ~/.config/blotter).
 */
export function resolveConfigDir(): string {
  return resolve(nonEmpty(process.env[CONFIG_DIR_ENV]) ?? envPaths('blotter', { suffix: '' }).config);
}
