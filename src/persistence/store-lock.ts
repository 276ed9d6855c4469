import { lock } from 'proper-lockfile';
import { errorCode } from './error-code.js';
import { StoreIoError, StoreLockedError, StoreLockLostError } from './errors.js';

/** A lock whose holder died (SIGKILL, power loss) is taken over once its mtime is this old. */
export const LOCK_STALE_MS = 10_000;
/** How often a live holder touches its lock; well inside the stale time so a busy event loop is tolerated. */
export const LOCK_UPDATE_MS = 1_000;

export type ReleaseLock = () => Promise<void>;

/**
 * Takes the single-writer lock on `path` (a `<path>.lock` directory, so it works before the file
 * exists). Refuses at once if someone else holds a fresh lock. `onLost` is called if another
 * process later takes the lock over; proper-lockfile would otherwise throw from a timer.
 */
export async function acquireStoreLock(path: string, onLost: (error: StoreLockLostError) => void): Promise<ReleaseLock> {
  try {
    return await lock(path, {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: 0,
      onCompromised: (cause) => onLost(new StoreLockLostError(path, cause)),
    });
  } catch (error) {
    if (errorCode(error) === 'ELOCKED') throw new StoreLockedError(path);
    throw new StoreIoError(path, 'lock', error);
  }
}
