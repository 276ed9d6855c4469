import { readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { lock } from 'proper-lockfile';
import { FILE_MODE } from './atomic-file.js';
import { errorCode } from './error-code.js';
import { StoreIoError, StoreLockedError, StoreLockLostError } from './errors.js';

/** A lock whose holder died (SIGKILL, power loss) is taken over once its mtime is this old. */
export const LOCK_STALE_MS = 10_000;
/** How often a live holder touches its lock; well inside the stale time so a busy event loop is tolerated. */
export const LOCK_UPDATE_MS = 1_000;
/**
 * A lock whose holder is known to be dead (its process is gone from this machine) is taken over once
 * nobody has touched it for this long: a live holder touches it every second, so a lock this quiet
 * with a dead owner is not a newer holder's that has yet to write its name.
 */
export const DEAD_HOLDER_QUIET_MS = 1_500;

export type ReleaseLock = () => Promise<void>;

/** Who holds a lock, written beside it so a restart after a crash need not wait out the stale time. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function ownerFile(path: string): string {
  return `${path}.owner`;
}

/**
 * Takes the single-writer lock on `path` (a `<path>.lock` directory, so it works before the file
 * exists). Refuses at once if a live process holds it; if its holder has died on this machine, waits
 * until the lock has been quiet for DEAD_HOLDER_QUIET_MS and takes it over. `onLost` is called if
 * another process later takes the lock over; proper-lockfile would otherwise throw from a timer.
 */
export async function acquireStoreLock(path: string, onLost: (error: StoreLockLostError) => void): Promise<ReleaseLock> {
  const take = (): Promise<() => Promise<void>> =>
    lock(path, {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: 0,
      onCompromised: (cause) => onLost(new StoreLockLostError(path, cause)),
    });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (error) {
    if (errorCode(error) !== 'ELOCKED') throw new StoreIoError(path, 'lock', error);
    if (!(await takeOverFromDeadHolder(path))) throw new StoreLockedError(path);
    try {
      release = await take();
    } catch (again) {
      if (errorCode(again) === 'ELOCKED') throw new StoreLockedError(path);
      throw new StoreIoError(path, 'lock', again);
    }
  }
  await writeFile(ownerFile(path), JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockOwner), { mode: FILE_MODE }).catch(
    () => undefined,
  );
  return async () => {
    await rm(ownerFile(path), { force: true }).catch(() => undefined);
    await release();
  };
}

/**
 * Removes the lock if its recorded holder is a process of this machine that no longer exists and the
 * lock has gone quiet; returns whether it did. Anything uncertain (no owner record, another host, a
 * live pid, a lock still being touched) leaves the lock alone.
 */
async function takeOverFromDeadHolder(path: string): Promise<boolean> {
  const owner = await readOwner(path);
  if (owner === undefined || owner.host !== hostname() || isAlive(owner.pid)) return false;
  const deadline = Date.now() + DEAD_HOLDER_QUIET_MS + LOCK_UPDATE_MS;
  for (;;) {
    let touchedAt: number;
    try {
      touchedAt = (await stat(`${path}.lock`)).mtimeMs;
    } catch (error) {
      return errorCode(error) === 'ENOENT';
    }
    const quietFor = Date.now() - touchedAt;
    if (quietFor >= DEAD_HOLDER_QUIET_MS) break;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(DEAD_HOLDER_QUIET_MS - quietFor, 250) + 10));
  }
  const still = await readOwner(path);
  if (still?.pid !== owner.pid) return false;
  try {
    await rmdir(`${path}.lock`);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return false;
  }
  return true;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const raw = JSON.parse(await readFile(ownerFile(path), 'utf8')) as Partial<LockOwner>;
    return typeof raw.pid === 'number' && typeof raw.host === 'string' ? { pid: raw.pid, host: raw.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}
