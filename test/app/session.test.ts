import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { openSession, type Session } from '../../src/app/session.js';
import { runCommand } from '../../src/app/command-runner.js';
import { StoreLockedError } from '../../src/persistence/errors.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

const dirs: string[] = [];
const open: Session[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-session-'));
  dirs.push(dir);
  return dir;
}

async function session(dir: string, clock: ManualClock): Promise<Session> {
  const s = await openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 11 }, { clock });
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a session', () => {
  it('keeps orders, fills and positions across a restart, and the exchange keeps resting orders working', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const first = await session(dir, clock);
    expect((await runCommand(first.engine, 'buy 10 AAPL')).ok).toBe(true);
    await advanceSession(clock, simControls(first), 500);
    expect((await runCommand(first.engine, 'sell 10 AAPL @ 9999 gtc')).ok).toBe(true);
    await advanceSession(clock, simControls(first), 200);
    const before = first.engine.orders().map((o) => [o.seq, o.status, o.filledQty.toString()]);
    const position = first.engine.portfolio().positions.AAPL;
    expect(position?.qty.toString()).toBe('10');
    await first.close();

    const second = await session(dir, clock);
    const after = second.engine.orders().map((o) => [o.seq, o.status, o.filledQty.toString()]);
    expect(after.sort()).toEqual(before.sort());
    expect(second.engine.portfolio().positions.AAPL?.avgCost.toString()).toBe(position?.avgCost.toString());
    expect(second.profile.load().fills).toHaveLength(1);
    // The resting sell is still working at the exchange, so it can be cancelled after the restart.
    expect((await runCommand(second.engine, 'cancel #2')).ok).toBe(true);
    await advanceSession(clock, simControls(second), 200);
    expect(second.engine.orders().find((o) => o.seq === 2)?.status).toBe('canceled');
    // Row numbers continue; they are never reused.
    expect((await runCommand(second.engine, 'buy 1 MSFT')).text).toMatch(/^#3 /);
  });

  // A crash before the first save must not leave books without their opening cash while the
  // exchange already holds fills: a restart would open from the cash after those fills.
  it('has new books, their opening cash and balances, on disk before it takes the first command', async () => {
    const dir = dataDir();
    const s = await session(dir, new ManualClock());
    const onDisk = JSON.parse(readFileSync(join(dir, 'sim.json'), 'utf8')) as { portfolio?: { cash: string }; brought?: { cash: string } };
    expect(onDisk.portfolio?.cash).toBe(s.engine.portfolio().cash.toFixed());
    expect(onDisk.brought?.cash).toBe(s.engine.portfolio().cash.toFixed());
  });

  it('applies the configured faults and engine settings over the simulator defaults', async () => {
    const clock = new ManualClock();
    const s = await openSession(
      { broker: 'sim', dataDir: dataDir(), profile: 'sim', seed: 11, faults: { drop: 1 }, engine: { orderTimeoutMs: 1234 } },
      { clock },
    );
    open.push(s);
    expect(s.engine.config.orderTimeoutMs).toBe(1234);
    expect(s.engine.config.rateLimit).toEqual({ limit: 6000, intervalMs: 60_000 });
    expect((await runCommand(s.engine, 'buy 1 AAPL')).ok).toBe(true);
    // The first read of the fills comes 10 s after startup while the stream is healthy.
    await advanceSession(clock, simControls(s), 10_100, 100);
    expect(simControls(s).faultStats().updates.dropped).toBeGreaterThan(0);
    // Every update was dropped, and polling still found the fill.
    expect(s.engine.orders()[0]?.status).toBe('filled');
  });

  it('refuses a second session on the same data while the first is open', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    await session(dir, clock);
    await expect(openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 11 }, { clock })).rejects.toThrow(StoreLockedError);
  });
});

describe('books that do not balance', () => {
  it('are said at startup: an ERROR line per difference, and the books status the status bar marks', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const first = await session(dir, clock);
    expect((await runCommand(first.engine, 'buy 10 AAPL')).ok).toBe(true);
    await advanceSession(clock, simControls(first), 500);
    await first.close();
    open.splice(open.indexOf(first), 1);
    // Edited by hand: the position no longer equals the fill behind it.
    const file = join(dir, 'sim.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { portfolio: { positions: Record<string, { qty: string }> } };
    (doc.portfolio.positions['AAPL'] as { qty: string }).qty = '12';
    writeFileSync(file, JSON.stringify(doc));

    const second = await session(dir, clock);
    expect(second.engine.booksStatus().unbalanced).toEqual(['AAPL: position 12, fills and adjustments sum to 10']);
    const books = second.engine.currentState().flatMap((e) => (e.type === 'books' ? [e.status] : []));
    expect(books[0]?.unbalanced).toHaveLength(1);
    expect(second.profile.log().filter((e) => e.level === 'error').map((e) => e.text)).toContain(
      'books do not balance: AAPL: position 12, fills and adjustments sum to 10',
    );
  });
});
