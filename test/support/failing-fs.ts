import type { FileHandle } from 'node:fs/promises';
import { nodeFs, type StoreFs } from '../../src/persistence/store-fs.js';

/**
 * The real file system, with writes that fail on demand the way a full disk fails them: while
 * `failing` names an error code, every write through a handle (a profile's temporary file, a
 * journal append) throws it, after writing nothing.
 */
export interface FailingFs {
  readonly fs: StoreFs;
  /** Set to e.g. 'ENOSPC' to fail writes, undefined to let them through. */
  failing: string | undefined;
  /** Writes refused so far. */
  readonly refused: number;
}

export function failingFs(): FailingFs {
  let refused = 0;
  const state: { failing: string | undefined } = { failing: undefined };
  const fail = (): void => {
    if (state.failing === undefined) return;
    refused += 1;
    throw Object.assign(new Error(`${state.failing}: no space left on device, write`), { code: state.failing });
  };
  const wrap = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (property === 'write' || property === 'writeFile' || property === 'appendFile') {
          return async (...args: unknown[]) => {
            fail();
            return method.apply(target, args);
          };
        }
        return method.bind(target);
      },
    });
  const fs: StoreFs = {
    ...nodeFs,
    open: (async (...args: Parameters<StoreFs['open']>) => wrap(await nodeFs.open(...args))) as StoreFs['open'],
  };
  return {
    fs,
    get failing() {
      return state.failing;
    },
    set failing(code: string | undefined) {
      state.failing = code;
    },
    get refused() {
      return refused;
    },
  };
}
