import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { StoreError } from '../../src/persistence/errors.js';

/** A fresh directory under the OS temp dir for each test, removed afterwards. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blotter-store-'));
  });
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error('temp dir used outside a test');
    return dir;
  };
}

export interface ErrorSink {
  readonly errors: StoreError[];
  readonly onError: (error: StoreError) => void;
}

export function errorSink(): ErrorSink {
  const errors: StoreError[] = [];
  return { errors, onError: (error) => errors.push(error) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
