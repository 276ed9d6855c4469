import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimExchange } from '../src/broker/sim/sim-exchange.js';
import { DEFAULT_UNIVERSE } from '../src/broker/sim/universe.js';
import { dec } from '../src/domain/decimal.js';
import { KEY, TerminalSession } from '../test/e2e/terminal.js';

const BIN = fileURLToPath(new URL('blotter.js', import.meta.url));
const ORDERS = 200;
const SEED = 11;
/** The simulated market's step for this benchmark; measured below in quotes per second. */
const TICK_MS = 20;
const CPU_WINDOW_MS = 10_000;
const KEYSTROKES = 150;
const CLOCK_TICKS_PER_SECOND = 100;

/** Resting buy orders far under the market (half the previous close), spread over every symbol. */
function restingOrders(): string {
  const lines: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const entry = DEFAULT_UNIVERSE[i % DEFAULT_UNIVERSE.length];
    if (entry === undefined) continue;
    // Distinct prices: the same order twice within seconds is refused as a likely double entry.
    const price = dec(entry.price).div(2).toDecimalPlaces(2).minus(dec(i).div(100));
    lines.push(`buy 1 ${entry.symbol} @ ${price.toFixed(2)} gtc`);
  }
  return `${lines.join('\n')}\n`;
}

function prepareProfile(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, 'run', '--data-dir', dir, '--seed', String(SEED), '--deadline', '0', '--script', '-'],
      { timeout: 60_000 },
      (error, stdout) => {
        // Exit status 1 is expected: the orders are still working when the deadline (0) passes.
        const report = JSON.parse(stdout || '{}') as { commands?: Array<{ ok: boolean; text: string }> };
        const refused = (report.commands ?? []).filter((c) => !c.ok);
        if (report.commands === undefined) reject(error ?? new Error('no report from blotter run'));
        else if (refused.length > 0) reject(new Error(`${refused.length} orders refused, e.g. ${refused[0]?.text}`));
        else resolve();
      },
    );
    child.stdin?.end(restingOrders());
  });
}

/** Quotes per second the simulated market makes at TICK_MS over all its symbols, on the wall clock. */
async function measureQuoteRate(): Promise<number> {
  const sim = createSimExchange({ seed: SEED, tickIntervalMs: TICK_MS });
  sim.start();
  let quotes = 0;
  const stop = sim.subscribeMarketData(
    DEFAULT_UNIVERSE.map((e) => e.symbol),
    { quote: () => quotes++ },
  );
  await new Promise((r) => setTimeout(r, 3000));
  stop();
  await sim.close();
  return quotes / 3;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat; 12 and 13 after the command name is cut off.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * The console under load, as a trader runs it: the built binary in a 200×60 pseudo-terminal with
 * 200 working orders on its profile and the simulated market ticking every 20 ms. Reports the share
 * of one core the whole process uses (market, core and screen together) and how long a typed
 * character takes to show on the screen.
 */
export async function benchConsoleLoad(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-bench-load-'));
  try {
    await prepareProfile(dir);
    const quoteRate = await measureQuoteRate();
    const term = new TerminalSession({ bin: BIN, args: ['--data-dir', dir, '--tick', `${TICK_MS}ms`], cols: 200, rows: 60 });
    try {
      await term.waitFor(`(${ORDERS} open)`, 20_000);
      await new Promise((r) => setTimeout(r, 2000));
      const cpuBefore = cpuSeconds(term.pid);
      const wallBefore = performance.now();
      await new Promise((r) => setTimeout(r, CPU_WINDOW_MS));
      const share = (cpuSeconds(term.pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000);

      // The metrics pane reports how long frames took to draw since the console started.
      term.press('\t');
      term.press('m');
      const metrics = await term.waitFor(/frames\s+drawn in p50 \S+ p99 \S+/, 5000);
      const frames = /frames\s+drawn in (p50 \S+ p99 \S+)/.exec(metrics)?.[1] ?? '?';
      // Alone, or the terminal would read Esc and the next key together as Alt+key.
      term.press(KEY.escape);
      await term.waitFor((screen) => !screen.includes('▸'), 5000);

      const echoes: number[] = [];
      let typed = '';
      // Letters in an order that never repeats a 16-letter run: once the line is wider than the
      // prompt, it shows only its end, and the end must say which keystroke it is.
      let state = 7;
      const prompt = (screen: string): string => screen.split('\n').find((line) => line.startsWith(' > ')) ?? '';
      for (let i = 0; i < KEYSTROKES; i++) {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        const ch = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(state / 65_536) % 26] as string;
        typed += ch;
        const sent = performance.now();
        term.press(ch);
        const tail = typed.slice(-16);
        await term.waitFor((screen) => prompt(screen).includes(i < 16 ? `> ${typed}` : tail), 5000);
        echoes.push(performance.now() - sent);
        await new Promise((r) => setTimeout(r, 30 + (i % 7) * 10));
      }
      echoes.sort((a, b) => a - b);
      console.log(
        `console: ${ORDERS} working orders at 200×60, sim market ${Math.round(quoteRate).toLocaleString('en-US')} quotes/s (--tick ${TICK_MS}ms): ` +
          `${(share * 100).toFixed(1)}% of one core over ${CPU_WINDOW_MS / 1000} s; frames drawn in ${frames}; ` +
          `keypress echo p50 ${percentile(echoes, 0.5).toFixed(1)} ms, p99 ${percentile(echoes, 0.99).toFixed(1)} ms (${KEYSTROKES} keys)`,
      );
    } finally {
      term.kill();
      await term.waitForExit().catch(() => undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
