import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { assertOwnerWritable, FILE_MODE, removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
import { errorCode } from './error-code.js';
import { StoreClosedError, StoreCorruptError, StoreIoError, StoreWriteError, type StoreLockLostError } from './errors.js';
import { describeValue, isPlainObject, readInteger, type JsonObject } from './fields.js';
import { ensureDir } from './paths.js';
import { readDocument } from './read-document.js';
import { acquireStoreLock } from './store-lock.js';
import { nodeFs, type StoreFs } from './store-fs.js';

/**
 * A document kept as a snapshot file plus an append-only journal of changes since it. Appending a
 * change costs one small write (and a datasync) whatever the document's size; now and then the
 * owner writes a whole new snapshot, and the journal starts over. Every journal line carries a
 * sequence number and every snapshot the number of the last line it includes, so a crash between
 * writing a snapshot and emptying the journal replays nothing twice.
 */
export interface JournaledStoreOptions<S, E> {
  /** The snapshot file; the journal is `<path minus .json>.journal`. */
  readonly path: string;
  readonly schemaVersion: number;
  /** Reads the snapshot document (without its schemaVersion and journalSeq), throwing StoreCorruptError. */
  readonly decodeSnapshot: (raw: JsonObject, version: number) => S;
  /** The snapshot document's JSON text (an object; its schemaVersion and journalSeq are added here). */
  readonly encodeSnapshot: (snapshot: S) => string;
  readonly decodeEntry: (raw: JsonObject) => E;
  /** Another process took the lock over: from now on nothing is written. */
  readonly onLockLost: (error: StoreLockLostError) => void;
  readonly fs?: StoreFs;
}

export interface JournaledStore<S, E> {
  readonly path: string;
  readonly journalPath: string;
  /** The snapshot read at open, if there was a file. */
  readonly snapshot: S | undefined;
  /** The journal's entries after that snapshot, oldest first. */
  readonly entries: readonly E[];
  /** Bytes in the journal now: the owner writes a snapshot when it has grown large. */
  readonly journalBytes: number;
  /** Appends one entry; resolves once it is on disk. */
  append(entry: E): Promise<void>;
  /** Writes a whole snapshot (including every entry so far) and empties the journal. */
  replace(snapshot: S): Promise<void>;
  /** Closes the journal and lets go of the lock; writes nothing. */
  close(): Promise<void>;
}

/** `NAME.exchange.json` → `NAME.exchange.journal`. */
export function journalPathFor(path: string): string {
  return `${path.replace(/\.json$/, '')}.journal`;
}

export async function openJournaledStore<S, E>(options: JournaledStoreOptions<S, E>): Promise<JournaledStore<S, E>> {
  const path = resolve(options.path);
  const fs = options.fs ?? nodeFs;
  try {
    await ensureDir(dirname(path));
  } catch (error) {
    throw new StoreIoError(dirname(path), 'create the directory', error);
  }
  let store: FileJournaledStore<S, E> | undefined;
  let lostWhileOpening: StoreLockLostError | undefined;
  const release = await acquireStoreLock(path, (error) => {
    if (store === undefined) lostWhileOpening = error;
    else store.lockLost(error);
  });
  const journalPath = journalPathFor(path);
  try {
    await Promise.all([assertOwnerWritable(path, fs), assertOwnerWritable(journalPath, fs)]);
    await removeStaleTemporaries(path, fs);
    let seq = 0;
    const snapshot = await readDocument(path, options.schemaVersion, (raw) => {
      // Files from before the journal carry no number: nothing in a journal follows them yet.
      seq = raw['journalSeq'] === undefined ? 0 : readInteger(raw, 'journalSeq', '', 0);
      const { schemaVersion: version, journalSeq: _seq, ...rest } = raw;
      return { schemaVersion: version as number, value: options.decodeSnapshot(rest, version as number) };
    });
    const journal = await readJournal(journalPath, seq, options.decodeEntry, fs);
    const handle = await fs.open(journalPath, constants.O_RDWR | constants.O_CREAT, FILE_MODE);
    try {
      // A line cut short by a crash was never acknowledged to anyone: it goes.
      await handle.truncate(journal.goodBytes);
    } catch (error) {
      await handle.close();
      throw new StoreIoError(journalPath, 'repair', error);
    }
    store = new FileJournaledStore(path, journalPath, snapshot?.value, journal, handle, release, options);
    if (lostWhileOpening !== undefined) store.lockLost(lostWhileOpening);
    return store;
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}

interface JournalRead<E> {
  readonly entries: E[];
  /** The sequence number of the last entry, or the snapshot's when the journal adds nothing. */
  readonly lastSeq: number;
  /** Length of the journal up to the end of its last whole line. */
  readonly goodBytes: number;
}

async function readJournal<E>(path: string, snapshotSeq: number, decode: (raw: JsonObject) => E, fs: StoreFs): Promise<JournalRead<E>> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { entries: [], lastSeq: snapshotSeq, goodBytes: 0 };
    throw new StoreIoError(path, 'read', error);
  }
  const entries: E[] = [];
  let lastSeq = snapshotSeq;
  let offset = 0;
  let lineNo = 0;
  for (;;) {
    const end = text.indexOf('\n', offset);
    // No newline: the tail of a write the crash interrupted.
    if (end === -1) break;
    lineNo += 1;
    const line = text.slice(offset, end);
    const isLast = text.indexOf('\n', end + 1) === -1 && end + 1 >= text.length;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      if (isLast) break;
      throw new StoreCorruptError(`line ${lineNo} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, path);
    }
    if (!isPlainObject(raw) || typeof raw['seq'] !== 'number' || !isPlainObject(raw['entry'])) {
      throw new StoreCorruptError(`line ${lineNo}: expected {"seq":n,"entry":{…}}, found ${describeValue(raw)}`, path);
    }
    const seq = raw['seq'];
    if (seq > snapshotSeq) {
      if (seq !== lastSeq + 1) throw new StoreCorruptError(`line ${lineNo}: entry ${seq} follows ${lastSeq}; entries are missing`, path);
      try {
        entries.push(decode(raw['entry']));
      } catch (error) {
        throw error instanceof StoreCorruptError ? new StoreCorruptError(`line ${lineNo}: ${error.detail}`, path) : error;
      }
      lastSeq = seq;
    }
    offset = end + 1;
  }
  return { entries, lastSeq, goodBytes: Buffer.byteLength(text.slice(0, offset), 'utf8') };
}

class FileJournaledStore<S, E> implements JournaledStore<S, E> {
  private seq: number;
  private bytes: number;
  private lost: StoreLockLostError | undefined;
  private closing: Promise<void> | undefined;
  private readonly fs: StoreFs;
  readonly entries: readonly E[];

  constructor(
    readonly path: string,
    readonly journalPath: string,
    readonly snapshot: S | undefined,
    journal: JournalRead<E>,
    private readonly handle: FileHandle,
    private readonly release: () => Promise<void>,
    private readonly options: JournaledStoreOptions<S, E>,
  ) {
    this.seq = journal.lastSeq;
    this.bytes = journal.goodBytes;
    this.entries = journal.entries;
    this.fs = options.fs ?? nodeFs;
  }

  get journalBytes(): number {
    return this.bytes;
  }

  lockLost(error: StoreLockLostError): void {
    this.lost = error;
    this.options.onLockLost(error);
  }

  /**
   * Writes at the journal's known end rather than appending: if a write fails half way (a full
   * disk), the next one lands over the fragment instead of after it.
   */
  async append(entry: E): Promise<void> {
    this.assertWritable();
    const line = Buffer.from(`${JSON.stringify({ seq: this.seq + 1, entry })}\n`, 'utf8');
    try {
      await this.handle.write(line, 0, line.length, this.bytes);
      await this.handle.datasync();
    } catch (error) {
      throw new StoreWriteError(this.journalPath, error);
    }
    this.seq += 1;
    this.bytes += line.length;
  }

  async replace(snapshot: S): Promise<void> {
    this.assertWritable();
    const body = this.options.encodeSnapshot(snapshot);
    const text = `{"schemaVersion":${this.options.schemaVersion},"journalSeq":${this.seq}${body.length > 2 ? ',' : ''}${body.slice(1)}`;
    try {
      await writeFileAtomic(this.path, text, this.fs);
    } catch (error) {
      throw new StoreWriteError(this.path, error);
    }
    // The snapshot holds every entry so far; if emptying the journal fails, replay skips them anyway.
    try {
      await this.handle.truncate(0);
      this.bytes = 0;
    } catch {
      // Left as it is: the next entries follow the old ones and only they are replayed.
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.handle.close().catch(() => undefined);
      if (this.lost === undefined) await this.release();
    })();
    return this.closing;
  }

  private assertWritable(): void {
    if (this.closing !== undefined) throw new StoreClosedError(this.path);
    if (this.lost !== undefined) throw this.lost;
  }
}
