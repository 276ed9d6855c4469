import { rename } from 'node:fs/promises';
import { SnapshotReplay, type SimDelta } from '../../broker/sim/delta.js';
import type { SimArchived, SimDurability } from '../../broker/sim/sim-options.js';
import type { SimSnapshot } from '../../broker/sim/snapshot.js';
import { openArchive, type Archive } from '../../persistence/archive.js';
import { errorCode } from '../../persistence/error-code.js';
import { StoreCorruptError, StoreError, StoreIoError, type StoreLockLostError } from '../../persistence/errors.js';
import { asArray, asObject, readString, type JsonObject } from '../../persistence/fields.js';
import { journalPathFor, openJournaledStore, type JournaledStore } from '../../persistence/journaled-store.js';
import type { StoreFs } from '../../persistence/store-fs.js';

/**
 * The simulated exchange's own files. Like a real venue it keeps its book across restarts, and like
 * a real venue it never forgets what it has told anyone: its snapshot (`NAME.exchange.json`) plus a
 * journal of every change since (`NAME.exchange.journal`), written before the change is announced.
 * Finished orders older than the retention move to `archive/NAME.exchange/`.
 */
export interface ExchangeStore {
  readonly path: string;
  readonly journalPath: string;
  /** False when there was no exchange file: a new exchange starts. */
  readonly existed: boolean;
  /** The exchange as it was last made durable: the snapshot with the journal replayed onto it. */
  readonly saved: SimSnapshot | undefined;
  /** Handed to the exchange, which writes through it before it announces anything. */
  readonly durability: SimDurability;
  readonly archive: Archive;
  /** Closes the journal and lets go of the lock (the exchange has written its final snapshot). */
  close(): Promise<void>;
}

export interface ExchangeStoreOptions {
  readonly path: string;
  readonly archiveDir: string;
  /** Move an existing exchange aside and start a new one (`--reset-exchange`). */
  readonly reset?: boolean;
  /** A write failed (it is retried) or the lock was lost. */
  readonly onError: (error: StoreError) => void;
  /** A write succeeded after one failed. */
  readonly onRecovered?: (path: string) => void;
  readonly now?: () => number;
  readonly fs?: StoreFs;
}

/** The version this build writes: 2 added the journal (1 was a snapshot rewritten whole). */
const SCHEMA_VERSION = 2;

/** Past this size the next write is a whole snapshot and the journal starts over. */
export const JOURNAL_SNAPSHOT_BYTES = 4 * 1024 * 1024;

export async function openExchangeStore(options: ExchangeStoreOptions): Promise<ExchangeStore> {
  const now = options.now ?? Date.now;
  if (options.reset === true) await moveAside(options.path, now());
  const store = await openJournaledStore<SimSnapshot | null, SimDelta>({
    path: options.path,
    schemaVersion: SCHEMA_VERSION,
    decodeSnapshot: decodeExchange,
    encodeSnapshot: (exchange) => (exchange === null ? '{"exchange":null}' : `{"exchange":${snapshotText(exchange)}}`),
    decodeEntry: decodeDelta,
    onLockLost: (error: StoreLockLostError) => options.onError(error),
    ...(options.fs !== undefined && { fs: options.fs }),
  });
  const saved = replay(store);
  const archive = openArchive(options.archiveDir, options.fs);
  let failing = false;
  const written = async (write: Promise<void>): Promise<void> => {
    await write;
    if (!failing) return;
    failing = false;
    options.onRecovered?.(store.journalPath);
  };
  return {
    path: store.path,
    journalPath: store.journalPath,
    existed: store.snapshot !== undefined,
    saved,
    archive,
    durability: {
      append: (delta) => written(store.append(delta)),
      replace: (snapshot: SimSnapshot, archived: SimArchived) =>
        written(
          (async () => {
            // Archived first: if the snapshot without them is then not written, they are still live.
            await archive.append('orders', archived.orders, (o) => Date.parse(o.updatedAt));
            await archive.append('fills', archived.fills, (f) => Date.parse(f.at));
            await store.replace(snapshot);
          })(),
        ),
      get wantsSnapshot() {
        return store.journalBytes > JOURNAL_SNAPSHOT_BYTES;
      },
      failed: (error) => {
        failing = true;
        options.onError(asStoreError(error, store.journalPath));
      },
    },
    close: () => store.close(),
  };
}

/**
 * The snapshot's text, each order, fill and position written once: their stored forms are shared
 * from one snapshot to the next (see writeSnapshot), so their text is too, and a whole snapshot
 * costs what changed since the last rather than the size of the book.
 */
const texts = new WeakMap<object, string>();

function textOf(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

function snapshotText(snapshot: SimSnapshot): string {
  const { orders, fills, positions, ...rest } = snapshot;
  const list = (items: readonly object[]): string => `[${items.map(textOf).join(',')}]`;
  return `${JSON.stringify(rest).slice(0, -1)},"orders":${list(orders)},"fills":${list(fills)},"positions":${list(positions)}}`;
}

function replay(store: JournaledStore<SimSnapshot | null, SimDelta>): SimSnapshot | undefined {
  const base = store.snapshot ?? undefined;
  if (base === undefined) {
    if (store.entries.length > 0) throw new StoreCorruptError('the journal has entries but there is no snapshot they follow', store.journalPath);
    return undefined;
  }
  if (store.entries.length === 0) return base;
  const replayed = new SnapshotReplay(base);
  for (const delta of store.entries) replayed.apply(delta);
  return replayed.result();
}

/** `--reset-exchange`: the old exchange's files are kept under a dated name, never deleted. */
async function moveAside(path: string, at: number): Promise<void> {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  for (const file of [path, journalPathFor(path)]) {
    try {
      await rename(file, `${file}.replaced-${stamp}`);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw new StoreIoError(file, 'move aside', error);
    }
  }
}

function asStoreError(error: unknown, path: string): StoreError {
  return error instanceof StoreError ? error : new StoreIoError(path, 'write', error);
}

function decodeExchange(raw: JsonObject): SimSnapshot | null {
  const exchange = raw['exchange'];
  if (exchange === null || exchange === undefined) return null;
  const snapshot = asObject(exchange, 'exchange');
  for (const field of ['orders', 'fills', 'positions', 'quotes', 'rngState'] as const) asArray(snapshot[field], `exchange.${field}`);
  return snapshot as unknown as SimSnapshot;
}

function decodeDelta(raw: JsonObject): SimDelta {
  for (const field of ['orders', 'fills', 'positions'] as const) asArray(raw[field], field);
  readString(raw, 'cash', '');
  readString(raw, 'lastEquity', '');
  asObject(raw['ids'], 'ids');
  return raw as unknown as SimDelta;
}
