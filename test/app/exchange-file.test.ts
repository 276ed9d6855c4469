import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { openSession, type Session } from '../../src/app/session.js';
import { StartupError } from '../../src/app/startup-error.js';
import type { SessionConfig } from '../../src/app/config.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

const dirs: string[] = [];
const open: Session[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-exchange-file-'));
  dirs.push(dir);
  return dir;
}

async function session(dir: string, clock: ManualClock, extra: Partial<SessionConfig> = {}): Promise<Session> {
  const s = await openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 21, ...extra }, { clock });
  open.push(s);
  return s;
}

/** A profile that has traded: a filled buy and a resting GTC sell at the exchange. */
async function tradedProfile(dir: string, clock: ManualClock): Promise<void> {
  const s = await session(dir, clock);
  expect((await s.runCommand('buy 10 AAPL')).ok).toBe(true);
  // Filled before the sell: a sell against an open buy would be refused as a potential wash trade.
  await advanceSession(clock, simControls(s), 300);
  expect((await s.runCommand('sell 10 AAPL @ 9999 gtc')).ok).toBe(true);
  await advanceSession(clock, simControls(s), 300);
  await s.close();
  open.splice(open.indexOf(s), 1);
}

describe("the exchange's file", () => {
  it('missing beside books kept against it: refused, naming the file and the way out; nothing is written', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    await tradedProfile(dir, clock);
    const profileText = readFileSync(join(dir, 'sim.json'), 'utf8');
    rmSync(join(dir, 'sim.exchange.json'));
    rmSync(join(dir, 'sim.exchange.journal'), { force: true });

    const error = await openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 21 }, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(new RegExp(`^${join(dir, 'sim.exchange.json')} is missing, but the profile \\(kept against sim-[0-9a-f]+\\) holds 2 orders`));
    expect((error as Error).message).toContain('--reset-exchange');
    expect(readFileSync(join(dir, 'sim.json'), 'utf8')).toBe(profileText);
    expect(existsSync(join(dir, 'sim.exchange.json'))).toBe(false);
  });

  it("another exchange's file in its place is refused too", async () => {
    const dir = dataDir();
    const other = dataDir();
    const clock = new ManualClock();
    await tradedProfile(dir, clock);
    const s = await session(other, clock, { seed: 99 });
    await s.close();
    open.splice(open.indexOf(s), 1);
    renameSync(join(other, 'sim.exchange.json'), join(dir, 'sim.exchange.json'));
    rmSync(join(dir, 'sim.exchange.journal'), { force: true });
    await expect(openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: undefined }, { clock })).rejects.toThrow(/holds exchange sim-[0-9a-f]+, but the profile is kept against sim-[0-9a-f]+/);
  });

  it('--reset-exchange starts a new exchange on purpose: the old files are kept aside, and the books correct themselves loudly', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    await tradedProfile(dir, clock);
    const s = await session(dir, clock, { resetExchange: true, seed: 22 });
    // Two passes, as the periodic ones would: the first closes the sell the new exchange never had,
    // the second (once that symbol is quiet) corrects the position.
    for (let pass = 0; pass < 2; pass++) {
      await advanceSession(clock, simControls(s), 6_000, 50);
      await s.engine.reconcile('periodic');
    }
    await advanceSession(clock, simControls(s), 100);
    expect(readdirSync(dir).filter((name) => name.startsWith('sim.exchange.json.replaced-'))).toHaveLength(1);
    // The old exchange's working sell is gone; the position the new exchange does not hold is corrected by an adjustment.
    expect(s.engine.workingOrders()).toEqual([]);
    expect(s.engine.portfolio().positions.AAPL?.qty.toString() ?? '0').toBe('0');
    expect(s.engine.booksStatus().adjustments).toBeGreaterThan(0);
  });

  it('a brand-new profile and exchange start together, and the books name the exchange', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    const s = await session(dir, clock);
    const stored = JSON.parse(readFileSync(join(dir, 'sim.json'), 'utf8')) as { meta: { exchange?: string } };
    expect(stored.meta.exchange).toBe(s.broker.id);
    expect(existsSync(join(dir, 'sim.exchange.json'))).toBe(true);
  });
});
