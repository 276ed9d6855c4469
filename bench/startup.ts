import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TerminalSession } from '../test/e2e/terminal.js';

/** The benchmarks run bundled from dist/, next to the console they start. */
const BIN = fileURLToPath(new URL('blotter.js', import.meta.url));

/** Time from spawning the built binary in a PTY to the first frame that shows quotes. */
export async function benchStartup(runs = 7): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'blotter-bench-'));
    const started = performance.now();
    const term = new TerminalSession({ bin: BIN, args: ['--data-dir', dir, '--seed', String(i + 1)], cols: 120, rows: 32 });
    await term.waitFor('Orders', 15_000);
    times.push(performance.now() - started);
    await term.ctrlCTwice();
    await term.waitForExit();
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`startup: first frame median ${median.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)}, ${runs} runs)`);
}
