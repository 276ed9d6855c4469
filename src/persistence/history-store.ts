import { join } from 'node:path';
import type { Clock } from '../kernel/clock.js';
import { InvalidProfileNameError, type StoreError } from './errors.js';
import { readStrings } from './fields.js';
import { openJsonStore, type JsonStore } from './json-store.js';
import { isValidProfileName } from './paths.js';

/** Command lines kept on disk; the oldest go first. */
export const COMMAND_HISTORY_LIMIT = 500;

const HISTORY_SCHEMA_VERSION = 1;

/** The console's command history: a small file of its own, so ↑ works the same after a restart. */
export interface HistoryDocument {
  readonly schemaVersion: 1;
  readonly entries: string[];
}

/** `<dir>/<profile>.history.json`, beside the profile it belongs to. */
export function historyFile(dir: string, profile: string): string {
  if (!isValidProfileName(profile)) throw new InvalidProfileNameError(profile);
  return join(dir, `${profile}.history.json`);
}

function decodeHistory(raw: Record<string, unknown>): HistoryDocument {
  return { schemaVersion: 1, entries: readStrings(raw, 'entries', '').slice(-COMMAND_HISTORY_LIMIT) };
}

export interface HistoryStore {
  /** The lines read at open, oldest first. */
  readonly entries: readonly string[];
  /** Replaces what is stored (saved shortly after, coalesced like every store write). */
  save(entries: readonly string[]): void;
  /** Saves what is pending and lets go of the file. */
  close(): Promise<void>;
}

export interface HistoryStoreOptions {
  readonly path: string;
  readonly onError: (error: StoreError) => void;
  /** A save succeeded after failing. */
  readonly onRecovered?: () => void;
  readonly clock?: Clock;
}

/**
 * Opens the history file for exclusive use. Like the profile, a corrupt or newer file throws and is
 * never overwritten; a missing one starts empty and is written at the first command.
 */
export async function openHistoryStore(options: HistoryStoreOptions): Promise<HistoryStore> {
  const store: JsonStore<HistoryDocument> = await openJsonStore<HistoryDocument>({
    path: options.path,
    defaults: { schemaVersion: 1, entries: [] },
    decode: decodeHistory,
    schemaVersion: HISTORY_SCHEMA_VERSION,
    onError: options.onError,
    ...(options.onRecovered !== undefined && { onRecovered: options.onRecovered }),
    ...(options.clock !== undefined && { clock: options.clock }),
  });
  return {
    entries: [...store.data.entries],
    save(entries) {
      store.set({ schemaVersion: 1, entries: entries.slice(-COMMAND_HISTORY_LIMIT) });
    },
    close: () => store.close(),
  };
}
