import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './error-code.js';
import { StoreIoError, StoreReadOnlyError } from './errors.js';
import { nodeFs, type StoreFs } from './store-fs.js';

/** Trading history is private: every file Blotter writes is readable and writable by its owner only. */
export const FILE_MODE = 0o600;

/**
 * Replaces `path` with `content` (text, or bytes such as a bar cache's columns) so that a crash at any instant leaves either the old file or the new
 * one: the content goes to a temporary file beside it (owner-only, created exclusively), reaches the
 * disk (fdatasync), and is renamed over the target. A write that fails on the way removes its
 * temporary file, so a full disk is not left fuller.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, fs: StoreFs = nodeFs): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  let written = false;
  try {
    const handle = await fs.open(temporary, 'wx', FILE_MODE);
    try {
      await (typeof content === 'string' ? handle.writeFile(content, 'utf8') : handle.writeFile(content));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
    written = true;
  } finally {
    if (!written) await fs.rm(temporary, { force: true }).catch(() => undefined);
  }
}

/**
 * Refuses a file its owner has made read-only. Replacing it by rename would succeed (the directory
 * is writable) and silently undo the owner's choice, so Blotter stops instead and says so.
 */
export async function assertOwnerWritable(path: string, fs: StoreFs = nodeFs): Promise<void> {
  let mode: number;
  try {
    mode = (await fs.stat(path)).mode;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new StoreIoError(path, 'read', error);
  }
  if ((mode & 0o200) === 0) throw new StoreReadOnlyError(path, mode & 0o777);
}

/**
 * Removes temporary files a killed process left beside `path` mid-save. Called by the holder of the
 * file's lock, so no live writer owns them.
 */
export async function removeStaleTemporaries(path: string, fs: StoreFs = nodeFs): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await fs.rm(join(dirname(path), name), { force: true }).catch(() => undefined);
  }
}
