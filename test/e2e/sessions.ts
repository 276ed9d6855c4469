import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { TerminalSession } from './terminal.js';

export interface Terminals {
  /** The console on `dataDir` (seeded market) in a cols×rows pseudo-terminal; killed after the test. */
  start(dataDir: string, cols?: number, rows?: number): TerminalSession;
  /** A new data directory, removed after the test. */
  freshDir(): string;
}

/** Consoles and data directories for one test file, cleaned up after each test. */
export function useTerminals(): Terminals {
  const dirs: string[] = [];
  const sessions: TerminalSession[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.kill();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    start(dataDir, cols = 120, rows = 32) {
      const session = new TerminalSession({ args: ['--data-dir', dataDir, '--seed', '5'], cols, rows });
      sessions.push(session);
      return session;
    },
    freshDir() {
      const dir = mkdtempSync(join(tmpdir(), 'blotter-e2e-'));
      dirs.push(dir);
      return dir;
    },
  };
}

/** The line of the orders pane that shows order `#n` (not the command row's answer that names it). */
export function orderRow(screen: string, seq: number): string {
  return screen.split('\n').find((line) => new RegExp(`│ #${seq} `).test(line)) ?? '';
}
