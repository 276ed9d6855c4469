import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adjustment } from '../domain/adjustment.js';
import { BlotterError } from '../domain/errors.js';
import type { Fill } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import { monthOf, openArchive, type Archive, type MonthRange } from '../persistence/archive.js';
import { StoreCorruptError } from '../persistence/errors.js';
import { isPlainObject } from '../persistence/fields.js';
import { archiveDir, profileFile } from '../persistence/paths.js';
import { decodeAdjustment, decodeFill, decodeOrder, decodeProfileDocument, fillKey } from '../persistence/profile-codec.js';
import { PROFILE_SCHEMA_VERSION } from '../persistence/profile-schema.js';
import { readDocument } from '../persistence/read-document.js';

export class ExportError extends BlotterError {}

/**
 * A profile's whole history: the live file's orders, fills and adjustments, and the archive's.
 * The archived ones come a month file at a time and leave out every record the live file also
 * holds (a crash between archiving and saving leaves both copies; the live one is the newer).
 */
export interface History {
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly adjustments: readonly Adjustment[];
  /** Archived orders, filed by the month they were last updated in. */
  archivedOrders(range?: MonthRange): AsyncIterable<Order>;
  /** Archived fills, filed by the month they were made in. */
  archivedFills(range?: MonthRange): AsyncIterable<Fill>;
  /** Archived adjustments, filed by the month they were booked in. */
  archivedAdjustments(range?: MonthRange): AsyncIterable<Adjustment>;
}

/**
 * Reads a profile without taking its lock and without writing anything, so it works while a
 * Blotter trades on it. The live file is read first and the archive after: records archived in
 * between are then in both (and counted once), where the other order could miss them.
 */
export async function readHistory(dataDir: string, profile: string): Promise<History> {
  const doc = await readDocument(profileFile(dataDir, profile), PROFILE_SCHEMA_VERSION, decodeProfileDocument);
  if (doc === undefined) throw new ExportError(await missingProfile(dataDir, profile));
  const orders = doc.orders.map((order) => decodeOrder(order));
  const fills = doc.fills.map((fill) => decodeFill(fill));
  const adjustments = doc.adjustments.map((adjustment) => decodeAdjustment(adjustment));
  const archive = openArchive(archiveDir(dataDir, profile));
  const liveOrders = new Set(orders.map((order) => order.clientOrderId));
  const liveFills = new Set(fills.map(fillKey));
  const liveAdjustments = new Set(adjustments.map((adjustment) => adjustment.id));
  return {
    orders,
    fills,
    adjustments,
    archivedOrders: (range) => archived(archive, 'orders', ['clientOrderId'], 'updatedAt', liveOrders, decodeOrder, range),
    archivedFills: (range) => archived(archive, 'fills', ['clientOrderId', 'executionId'], 'at', liveFills, decodeFill, range),
    archivedAdjustments: (range) => archived(archive, 'adjustments', ['id'], 'at', liveAdjustments, decodeAdjustment, range),
  };
}

async function* archived<T>(
  archive: Archive,
  kind: string,
  keyFields: readonly string[],
  filedBy: string,
  live: ReadonlySet<string>,
  decode: (raw: unknown) => T,
  range: MonthRange = {},
): AsyncIterable<T> {
  // The same key as the live records' (fillKey joins with a newline too), read off records not yet checked.
  const key = (record: unknown): string =>
    isPlainObject(record) ? keyFields.map((name) => String(record[name])).join('\n') : JSON.stringify(record);
  for await (const raw of archive.read(kind, key, range)) {
    if (live.has(key(raw))) continue;
    let record: T;
    try {
      record = decode(raw);
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      throw error.inFile(join(archive.dir, archiveFileName(kind, raw, filedBy)));
    }
    yield record;
  }
}

/** The month file a bad record came from, when its filing time can still be read. */
function archiveFileName(kind: string, raw: unknown, filedBy: string): string {
  const at = isPlainObject(raw) ? raw[filedBy] : undefined;
  return typeof at === 'number' && Number.isFinite(at) && at >= 0 ? `${kind}-${monthOf(at)}.jsonl` : `${kind}-*.jsonl`;
}

async function missingProfile(dataDir: string, profile: string): Promise<string> {
  let names: string[] = [];
  try {
    names = (await readdir(dataDir)).flatMap((name) => /^([a-z0-9-]+)\.json$/.exec(name)?.[1] ?? []).sort();
  } catch {
    // Only read to suggest names: a directory that cannot be listed holds none to suggest.
  }
  const hint =
    names.length > 0
      ? `it holds ${names.join(', ')}: choose one with --profile`
      : 'name the directory that holds it with --data-dir (or $BLOTTER_DATA_DIR)';
  return `no profile ${profile} in ${dataDir}; ${hint}`;
}
