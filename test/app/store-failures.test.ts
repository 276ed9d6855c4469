import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import type { CoreEvent, StoreStatus } from '../../src/core/events.js';
import { openSession, type Session } from '../../src/app/session.js';
import type { StoreError } from '../../src/persistence/errors.js';
import { failingFs, type FailingFs } from '../support/failing-fs.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

const dirs: string[] = [];
const open: Session[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Watched {
  readonly session: Session;
  readonly clock: ManualClock;
  readonly dir: string;
  readonly disk: FailingFs;
  readonly errors: StoreError[];
  readonly events: CoreEvent[];
  storeStates(): StoreStatus['state'][];
  errorLines(): string[];
}

async function start(): Promise<Watched> {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-store-failures-'));
  dirs.push(dir);
  const clock = new ManualClock();
  const disk = failingFs();
  const errors: StoreError[] = [];
  const session = await openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 5 }, { clock, fs: disk.fs, onStoreError: (e) => errors.push(e) });
  open.push(session);
  const events: CoreEvent[] = [];
  session.engine.subscribe((event) => events.push(event));
  return {
    session,
    clock,
    dir,
    disk,
    errors,
    events,
    storeStates: () => events.flatMap((e) => (e.type === 'store' ? [e.status.state] : [])),
    errorLines: () => events.flatMap((e) => (e.type === 'log' && e.entry.level === 'error' ? [e.entry.text] : [])),
  };
}

const temporaries = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('a full disk', () => {
  it('a profile save that fails with ENOSPC is said at once, leaves no temporary file, and is saved once space returns', async () => {
    const w = await start();
    w.disk.failing = 'ENOSPC';
    // The exchange's journal fails too (same disk): the order is not even acknowledged meanwhile.
    const placing = w.session.runCommand('buy 3 AAPL');
    await advanceSession(w.clock, simControls(w.session), 300);
    expect(w.errors.length).toBeGreaterThan(0);
    expect(w.storeStates()).toContain('failing');
    expect(w.errorLines().some((t) => /could not save .*ENOSPC/.test(t) && t.includes('retrying'))).toBe(true);
    expect(temporaries(w.dir)).toEqual([]);

    w.disk.failing = undefined;
    await advanceSession(w.clock, simControls(w.session), 6_000);
    expect((await placing).ok).toBe(true);
    await advanceSession(w.clock, simControls(w.session), 500);
    expect(w.storeStates().at(-1)).toBe('ok');
    expect(w.events.some((e) => e.type === 'log' && e.entry.text.startsWith('saving works again'))).toBe(true);
    await w.session.profile.flush();
    const onDisk = JSON.parse(readFileSync(join(w.dir, 'sim.json'), 'utf8')) as { orders: { status: string }[]; fills: unknown[] };
    expect(onDisk.orders.map((o) => o.status)).toEqual(['filled']);
    expect(onDisk.fills).toHaveLength(1);
    expect(temporaries(w.dir)).toEqual([]);
  });

  it("the exchange announces nothing it could not write: with its journal failing, an order's fill waits, then arrives whole", async () => {
    const w = await start();
    w.disk.failing = 'ENOSPC';
    const placing = w.session.runCommand('buy 2 MSFT');
    await advanceSession(w.clock, simControls(w.session), 2_000, 100);
    // Nothing reached the trader while nothing could be written.
    expect(w.session.engine.orders().map((o) => o.status)).toEqual(['pending_new']);
    expect(w.events.filter((e) => e.type === 'fill')).toEqual([]);
    expect(w.disk.refused).toBeGreaterThan(1);

    w.disk.failing = undefined;
    await advanceSession(w.clock, simControls(w.session), 6_000, 50);
    expect((await placing).ok).toBe(true);
    expect(w.session.engine.orders().map((o) => o.status)).toEqual(['filled']);
    expect(simControls(w.session).ledger().fills).toHaveLength(1);
  });
});

describe('a lost lock', () => {
  it('stops new orders, says what to do, and still lets a cancel through', async () => {
    const w = await start();
    expect((await w.session.runCommand('buy 5 KO @ 1.00 gtc')).ok).toBe(true);
    await advanceSession(w.clock, simControls(w.session), 200);
    // As if another Blotter had found our lock stale and taken it: the lock's keeper notices.
    rmSync(join(w.dir, 'sim.json.lock'), { recursive: true, force: true });
    await vi.waitFor(() => expect(w.storeStates()).toContain('lost'), { timeout: 5_000, interval: 50 });
    expect(w.errorLines().some((t) => t.includes('lost the lock on') && t.includes('new orders are refused'))).toBe(true);
    expect(w.session.engine.tradingStatus()).toMatchObject({ state: 'halted' });

    const refused = await w.session.runCommand('buy 1 AAPL');
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain('quit and restart Blotter');
    const resumed = await w.session.runCommand('resume');
    expect(resumed).toMatchObject({ ok: false, text: expect.stringContaining('resume cannot lift this') });
    expect((await w.session.runCommand('cancel KO')).ok).toBe(true);
    await advanceSession(w.clock, simControls(w.session), 200);
    expect(w.session.engine.orders().map((o) => o.status)).toEqual(['canceled']);
  });
});
