import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFrames, logCounts, memory } from './history-console.js';
import { measureSaves, SAVES_PER_KIND, type SaveCost } from './history-saves.js';
import { buildYear } from './history-year.js';
import { median } from './loop-cost.js';

const RUNS = 5;

interface Case {
  readonly name: string;
  /** Fills the data directory; returns what it holds, for the line. */
  readonly prepare: (dir: string) => Promise<string>;
}

const CASES: readonly Case[] = [
  { name: 'empty', prepare: () => Promise.resolve('a new data directory') },
  {
    name: 'a year',
    prepare: async (dir) => {
      const year = await buildYear({ dir });
      const n = (v: number): string => v.toLocaleString('en-US');
      return (
        `${n(year.fills)} fills, ${n(year.orders)} orders over 365 days (live: ${n(year.liveOrders)} orders, ${n(year.liveFills)} fills, ` +
        `${year.workingOrders} working; built in ${(year.ms / 1000).toFixed(1)} s)`
      );
    },
  },
];

/**
 * Bounded history: startup, save cost and memory with a year of trading stored, beside the same
 * figures for an empty profile. Per case: the first frame (built console in a PTY, median of 5
 * runs), the console's RSS ~3 s after it and after a few fills, the event-loop cost of one save of
 * the profile and of the exchange (journal entry, whole snapshot), ERROR lines the consoles logged,
 * and the sizes of the live files and the archive. Targets: first frame ≤ 1 s, a save ≤ 5 ms of the
 * event loop, RSS < 200 MB.
 */
export async function benchHistory(): Promise<void> {
  for (const c of CASES) {
    const dir = mkdtempSync(join(tmpdir(), 'blotter-bench-history-'));
    try {
      const holds = await c.prepare(dir);
      const frames = await firstFrames(dir, RUNS);
      const mem = await memory(dir);
      const log = logCounts(dir);
      const sizes = fileSizes(dir);
      const saves = await measureSaves(dir);
      const save = (cost: SaveCost): string => `${ms(cost.activeMs)} (longest block ${ms(cost.longestMs)}, max ${ms(cost.worstLongestMs)})`;
      console.log(
        `history, ${c.name} [${holds}]: ` +
          `first frame median ${median(frames).toFixed(0)} ms (min ${Math.min(...frames).toFixed(0)}, max ${Math.max(...frames).toFixed(0)}, ${RUNS} runs); ` +
          `one save, event-loop time (median of ${SAVES_PER_KIND}): books ${save(saves.books)}, exchange journal entry ${save(saves.journal)}, ` +
          `exchange snapshot ${save(saves.snapshot)}; ` +
          `RSS ${mem.upMb.toFixed(0)} MB 3 s after the first frame, ${mem.tradedMb.toFixed(0)} MB after ${mem.orders} orders filled (peak ${mem.peakMb.toFixed(0)} MB); ` +
          `log: ${log.errors} ERROR lines${log.firstError === undefined ? '' : ` (first: ${log.firstError})`}, ${log.fixes} reconcile fixes; ` +
          `live files ${size(sizes.live)} (books ${size(sizes.books)}, exchange ${size(sizes.exchange)}), archive ${size(sizes.archive)} in ${sizes.archiveFiles} files; ` +
          `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

interface Sizes {
  readonly books: number;
  readonly exchange: number;
  readonly live: number;
  readonly archive: number;
  readonly archiveFiles: number;
}

/** The live files are what startup reads (profile, exchange snapshot and journal); the archive is everything under archive/. */
function fileSizes(dir: string, profile = 'sim'): Sizes {
  const bytes = (path: string): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  const books = bytes(join(dir, `${profile}.json`));
  const exchange = bytes(join(dir, `${profile}.exchange.json`)) + bytes(join(dir, `${profile}.exchange.journal`));
  let archive = 0;
  let archiveFiles = 0;
  const walk = (path: string): void => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(path, entry.name));
      else {
        archive += bytes(join(path, entry.name));
        archiveFiles++;
      }
    }
  };
  walk(join(dir, 'archive'));
  return { books, exchange, live: books + exchange, archive, archiveFiles };
}
