import { BlotterError } from '../domain/errors.js';

/** Base of every store failure, so startup can catch them all, print the message and exit. */
export class StoreError extends BlotterError {}

/**
 * The file is not a document this build can read. Codecs raise it without a path (they only know
 * the field); the store names the file before it reaches the trader.
 */
export class StoreCorruptError extends StoreError {
  constructor(
    readonly detail: string,
    readonly path?: string,
  ) {
    super(
      path === undefined
        ? `invalid stored data: ${detail}`
        : `${path} is not a valid Blotter store (${detail}); it was left untouched: repair it or move it aside, or use --data-dir`,
    );
  }

  inFile(path: string): StoreCorruptError {
    return this.path === undefined ? new StoreCorruptError(this.detail, path) : this;
  }
}

export class StoreNewerSchemaError extends StoreError {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(`${path} was written by a newer Blotter (schema ${found}, this build reads up to ${supported}); upgrade Blotter`);
  }
}

export class StoreLockedError extends StoreError {
  constructor(readonly path: string) {
    super(`another Blotter is using ${path}; close it, use --data-dir, or wait 10 s if the last one crashed`);
  }
}

/** Another process took the lock over (ours looked stale to it); this store stops writing. */
export class StoreLockLostError extends StoreError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`lost the lock on ${path} to another process; stopped saving to it, restart Blotter`);
    this.cause = cause;
  }
}

export class StoreWriteError extends StoreError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`could not save ${path}: ${oneLine(cause)}`);
    this.cause = cause;
  }
}

/** Reading the file, creating its directory or taking its lock failed for a reason other than the above. */
export class StoreIoError extends StoreError {
  constructor(
    readonly path: string,
    readonly action: string,
    cause: unknown,
  ) {
    super(`could not ${action} ${path}: ${oneLine(cause)}`);
    this.cause = cause;
  }
}

/** The owner made the file read-only; Blotter never replaces such a file. */
export class StoreReadOnlyError extends StoreError {
  constructor(
    readonly path: string,
    readonly mode: number,
  ) {
    super(`${path} is read-only (mode ${mode.toString(8).padStart(4, '0')}); Blotter will not replace it: make it writable (chmod u+w) or use --data-dir`);
  }
}

export class StoreClosedError extends StoreError {
  constructor(readonly path: string) {
    super(`the store for ${path} is closed`);
  }
}

export class InvalidProfileNameError extends BlotterError {
  constructor(readonly profile: string) {
    super(`invalid profile name ${JSON.stringify(profile)}: use 1-64 lowercase letters, digits and dashes`);
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
