import * as fs from 'node:fs/promises';

/**
 * The few file-system calls the stores make, as one object: tests hand the stores a copy whose calls
 * fail the way disks fail (ENOSPC, EACCES), so every failure path is driven by a real error.
 */
export interface StoreFs {
  readonly open: typeof fs.open;
  readonly rename: typeof fs.rename;
  readonly rm: typeof fs.rm;
  readonly stat: typeof fs.stat;
  readonly readFile: typeof fs.readFile;
}

export const nodeFs: StoreFs = {
  open: fs.open,
  rename: fs.rename,
  rm: fs.rm,
  stat: fs.stat,
  readFile: fs.readFile,
};
