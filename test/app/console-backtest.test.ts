import { describe, expect, it } from 'vitest';
import { ConsoleBacktests } from '../../src/app/console-backtest.js';
import { thinSeries } from '../../src/app/console-backtest-worker.js';
import type { BacktestIntent } from '../../src/command/intent.js';
import { parse } from '../../src/command/parse.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function intentOf(text: string): BacktestIntent {
  const parsed = parse(text);
  if (!parsed.ok || parsed.intent.kind !== 'backtest') throw new Error(`not a backtest: ${text}`);
  return parsed.intent;
}

function desk() {
  const notes: string[] = [];
  const backtests = new ConsoleBacktests({
    definitions: BUILTIN_STRATEGIES,
    strategiesDir: join(tmpdir(), 'no-strategies-here'),
    note: (level, text) => notes.push(`${level}: ${text}`),
    barCacheDir: mkdtempSync(join(tmpdir(), 'blotter-bars-')),
  });
  return { backtests, notes };
}

const GOOG = 'backtest sma-cross --data test/fixtures/GOOG.csv fast=10 slow=30 mode=reverse size=all';

describe('backtests from the console', () => {
  it('answers at once, runs in a thread while the event loop keeps turning, and ends with the CLI reference to the cent', async () => {
    const { backtests, notes } = desk();
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    const start = await backtests.start(intentOf(GOOG));
    expect(start).toMatchObject({ ok: true, text: 'backtest of sma-cross on GOOG running… the result opens over the panes when done' });
    if (!start.ok) return;
    const outcome = await start.job.ended;
    clearInterval(ticking);
    expect(ticks).toBeGreaterThan(0);
    if (outcome.kind !== 'done') expect.fail(JSON.stringify(outcome));
    expect(outcome.result.equityFinal).toBe('51959.95');
    expect(outcome.result.statistics.trades).toBe(66);
    // On a busy machine the run may last long enough to log its progress (at most once a second) first.
    expect(notes.at(-1)).toMatch(/^info: backtest of sma-cross on GOOG done in .*: return \+419\.60%, 66 trades, final equity \$51,959\.95$/);
    expect(notes.slice(0, -1).every((note) => /^info: backtest of sma-cross on GOOG: \d+%/.test(note))).toBe(true);
    expect(backtests.running()).toBeUndefined();
  });

  it('refuses a second backtest while one runs, naming the first; stopping it ends it as stopped', async () => {
    const { backtests, notes } = desk();
    const first = await backtests.start(intentOf('backtest breakout --data synthetic:7'));
    if (!first.ok) expect.fail(first.text);
    const second = await backtests.start(intentOf(GOOG));
    expect(second).toEqual({ ok: false, text: 'backtest of breakout on SYNTH is still running (starting); wait for its result before starting another' });
    first.job.stop();
    expect(await first.job.ended).toEqual({ kind: 'stopped' });
    expect(notes.at(-1)).toBe('info: backtest of breakout on SYNTH stopped');
    const third = await backtests.start(intentOf(GOOG));
    expect(third.ok).toBe(true);
    if (third.ok) expect((await third.job.ended).kind).toBe('done');
  });

  it.each([
    ['backtest nope --data synthetic:1', 'no strategy named nope; known are sma-cross, bollinger, breakout'],
    ['backtest sma-cross --data synthetic:1 fast=50 slow=10', 'sma-cross: fast (50) must be below slow (10)'],
    ['backtest sma-cross --data no-such.csv', '--data no-such.csv: no such file; give a CSV file of bars or synthetic:SEED'],
    ['backtest sma-cross --data test/fixtures', '--data test/fixtures is a folder; give one CSV file of bars, e.g. --data test/fixtures/GOOG.csv'],
  ])('refuses %s at once, in one line', async (text, problem) => {
    const { backtests } = desk();
    expect(await backtests.start(intentOf(text))).toEqual({ ok: false, text: problem });
    expect(backtests.running()).toBeUndefined();
  });

  it('ends a run that cannot go on with one log line', async () => {
    const { backtests, notes } = desk();
    const start = await backtests.start(intentOf('backtest sma-cross --data test/fixtures/GOOG.csv --from 2030-01-01'));
    if (!start.ok) expect.fail(start.text);
    expect(await start.job.ended).toEqual({ kind: 'failed', problem: 'GOOG has no bars between --from and --to; its bars run from 2004-08-19 to 2013-03-01' });
    expect(notes).toEqual(['error: backtest of sma-cross on GOOG failed: GOOG has no bars between --from and --to; its bars run from 2004-08-19 to 2013-03-01']);
  });
});

describe('thinSeries', () => {
  it('keeps the first and last points and every stretch’s lowest and highest, in time order', () => {
    const values = Float64Array.from({ length: 1_000 }, (_, i) => (i === 500 ? 50 : i === 700 ? 900 : 100));
    const times = Float64Array.from({ length: 1_000 }, (_, i) => i);
    const thinned = thinSeries(values, times, 20);
    expect(thinned.values.length).toBeLessThanOrEqual(20);
    expect([thinned.times[0], thinned.times[thinned.times.length - 1]]).toEqual([0, 999]);
    expect(Math.min(...thinned.values)).toBe(50);
    expect(Math.max(...thinned.values)).toBe(900);
    expect([...thinned.times]).toEqual([...thinned.times].sort((a, b) => a - b));
  });
});
