import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { systemClock, type Clock } from '../kernel/clock.js';
import { assertOwnerWritable, removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
import { StoreClosedError, StoreError, StoreIoError, StoreWriteError, type StoreLockLostError } from './errors.js';
import { ensureDir } from './paths.js';
import { readDocument, type Versioned } from './read-document.js';
import { acquireStoreLock, type ReleaseLock } from './store-lock.js';
import { nodeFs, type StoreFs } from './store-fs.js';

export const DEFAULT_WRITE_INTERVAL_MS = 200;
/**
 * Saves wait at least this many times as long as the last one took, so writing a large document
 * never takes more than about a tenth of the time while changes pour in.
 */
const WRITE_BUDGET_FACTOR = 10;
/** …but a change is on disk within a second whatever the document's size. */
const MAX_BUDGET_DELAY_MS = 1_000;
/** Retries of a failed background save back off up to this, so a full disk is not hammered. */
const MAX_RETRY_DELAY_MS = 5_000;

export interface JsonStoreOptions<T extends Versioned> {
  /** The document file. Its directory is created (owner-only) if missing. */
  readonly path: string;
  /** The document when there is no file yet; the store takes ownership of it. */
  readonly defaults: T;
  /**
   * Turns a parsed file into a document, throwing StoreCorruptError for anything malformed. It gets
   * an object whose schemaVersion is a positive integer no newer than `schemaVersion`; an older
   * version is decode's to migrate or refuse.
   */
  readonly decode: (raw: Record<string, unknown>) => T;
  /** The newest schema this build reads and writes. */
  readonly schemaVersion: number;
  /** How long after the first unsaved change the save happens. */
  readonly writeIntervalMs?: number;
  readonly clock?: Clock;
  /** Background save failures and the loss of the lock; flush() and close() reject instead. */
  readonly onError: (error: StoreError) => void;
  /** A save succeeded after failing: the file is current again. */
  readonly onRecovered?: () => void;
  /** The file-system calls to use; tests inject failing ones. */
  readonly fs?: StoreFs;
  /**
   * Runs just before each write, to bring deferred changes into the document: a caller that sees
   * thousands of changes a second encodes only the latest state, once per write.
   */
  readonly beforeWrite?: (data: T) => void;
  /** The file's text for a document; compact JSON.stringify unless the caller knows a cheaper way. */
  readonly stringify?: (data: T) => string;
}

export interface JsonStoreStats {
  /** Completed writes of the file. */
  readonly writes: number;
}

/** One JSON document on disk, owned by this process alone, saved with coalesced atomic writes. */
export interface JsonStore<T extends Versioned> {
  readonly path: string;
  /** True when the document was read from an existing file, false when it started from defaults. */
  readonly existed: boolean;
  /** The live document. Change it only inside update(), or the change may never be saved. */
  readonly data: T;
  /** Changes the document in place and schedules a save. */
  update(mutator: (data: T) => void): void;
  /** Replaces the document and schedules a save. */
  set(data: T): void;
  /** Saves now if anything is unsaved; resolves once the file on disk holds the current document. */
  flush(): Promise<void>;
  /** Flushes, stops the timer and releases the lock; the store refuses changes from then on. */
  close(): Promise<void>;
  stats(): JsonStoreStats;
}

/**
 * Opens a document for exclusive use: takes the lock, then reads the file. A corrupt, unreadable or
 * newer-schema file throws (and the lock is let go); a missing file gives the defaults and nothing
 * is written until the first change.
 */
export async function openJsonStore<T extends Versioned>(options: JsonStoreOptions<T>): Promise<JsonStore<T>> {
  const path = resolve(options.path);
  try {
    await ensureDir(dirname(path));
  } catch (error) {
    throw new StoreIoError(dirname(path), 'create the directory', error);
  }
  let store: CoalescingJsonStore<T> | undefined;
  let lostWhileOpening: StoreLockLostError | undefined;
  const release = await acquireStoreLock(path, (error) => {
    if (store === undefined) lostWhileOpening = error;
    else store.lockLost(error);
  });
  const fs = options.fs ?? nodeFs;
  let document: T | undefined;
  try {
    await assertOwnerWritable(path, fs);
    await removeStaleTemporaries(path, fs);
    document = await readDocument(path, options.schemaVersion, options.decode);
  } catch (error) {
    try {
      await release();
    } catch {
      // The read failure is what the trader must see; a lock left behind goes stale by itself.
    }
    throw error;
  }
  // Compact JSON: indenting a document of thousands of fills costs more to write than it is worth.
  const stringify = options.stringify ?? ((data: T): string => JSON.stringify(data));
  // The document was read and checked above; lowdb only ever writes it, atomically and owner-only.
  const file = { read: () => Promise.resolve(null), write: (data: T) => writeFileAtomic(path, stringify(data), fs) };
  const db = new Low<T>(file, document ?? options.defaults);
  store = new CoalescingJsonStore(path, document !== undefined, db, release, options);
  if (lostWhileOpening !== undefined) store.lockLost(lostWhileOpening);
  return store;
}

class CoalescingJsonStore<T extends Versioned> implements JsonStore<T> {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly onError: (error: StoreError) => void;
  private readonly onRecovered: (() => void) | undefined;
  private readonly beforeWrite: ((data: T) => void) | undefined;
  private dirty = false;
  /** How long the last write took; the next waits at least WRITE_BUDGET_FACTOR times that. */
  private lastWriteMs = 0;
  private cancelTimer: (() => void) | undefined;
  /** The write on the wire; at most one at a time, so each write carries the newest document. */
  private writing: Promise<void> | undefined;
  private writes = 0;
  private failures = 0;
  private lost: StoreLockLostError | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    readonly existed: boolean,
    private readonly db: Low<T>,
    private readonly release: ReleaseLock,
    options: JsonStoreOptions<T>,
  ) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS;
    this.onError = options.onError;
    this.onRecovered = options.onRecovered;
    this.beforeWrite = options.beforeWrite;
  }

  get data(): T {
    return this.db.data;
  }

  update(mutator: (data: T) => void): void {
    this.assertOpen();
    mutator(this.db.data);
    this.markDirty();
  }

  set(data: T): void {
    this.assertOpen();
    this.db.data = data;
    this.markDirty();
  }

  flush(): Promise<void> {
    return this.drain();
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  stats(): JsonStoreStats {
    return { writes: this.writes };
  }

  /** Called by the lock when another process has taken it over: from now on nothing is written. */
  lockLost(error: StoreLockLostError): void {
    this.lost = error;
    this.stopTimer();
    this.onError(error);
  }

  private async shutDown(): Promise<void> {
    this.stopTimer();
    let failure: unknown;
    try {
      await this.drain();
    } catch (error) {
      failure = error;
    }
    if (this.lost === undefined) {
      try {
        await this.release();
      } catch (error) {
        failure ??= new StoreIoError(this.path, 'release the lock on', error);
      }
    }
    if (failure !== undefined) throw failure;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new StoreClosedError(this.path);
  }

  private markDirty(): void {
    this.dirty = true;
    this.schedule(Math.max(this.intervalMs, Math.min(MAX_BUDGET_DELAY_MS, WRITE_BUDGET_FACTOR * this.lastWriteMs)));
  }

  /** A pending timer is left alone: saves are throttled, so a steady stream of changes cannot postpone them. */
  private schedule(delayMs: number): void {
    if (this.cancelTimer !== undefined || this.lost !== undefined || this.closing !== undefined) return;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.drain().catch((error: unknown) => this.backgroundFailed(error));
    }, delayMs);
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private backgroundFailed(error: unknown): void {
    if (error === this.lost) return;
    this.onError(error instanceof StoreError ? error : new StoreWriteError(this.path, error));
    this.failures += 1;
    this.schedule(Math.min(this.intervalMs * 2 ** this.failures, MAX_RETRY_DELAY_MS));
  }

  /** Writes until the file holds the document as it is now, waiting behind a write already under way. */
  private drain(): Promise<void> {
    if (this.lost !== undefined) return Promise.reject(this.lost);
    if (this.writing !== undefined) {
      const next = (): Promise<void> => this.drain();
      return this.writing.then(next, next);
    }
    if (!this.dirty) return Promise.resolve();
    this.dirty = false;
    const cycle = this.writeOnce().finally(() => {
      this.writing = undefined;
    });
    this.writing = cycle;
    return cycle;
  }

  /** lowdb stringifies synchronously inside write(), so later changes cannot leak into this write. */
  private async writeOnce(): Promise<void> {
    try {
      const started = this.clock.now();
      this.beforeWrite?.(this.db.data);
      await this.db.write();
      this.lastWriteMs = this.clock.now() - started;
    } catch (error) {
      this.dirty = true;
      throw new StoreWriteError(this.path, error);
    }
    this.writes += 1;
    if (this.failures > 0) {
      this.failures = 0;
      this.onRecovered?.();
    }
  }
}
