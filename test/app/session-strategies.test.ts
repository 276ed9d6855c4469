import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, RETENTION_MS, type Session } from '../../src/app/session.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { sourceOfClientOrderId } from '../../src/domain/client-order-id.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

const dirs: string[] = [];
const open: Session[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-session-strategies-'));
  dirs.push(dir);
  return dir;
}

async function session(dir: string, clock: ManualClock): Promise<Session> {
  const s = await openSession({ broker: 'sim', dataDir: dir, profile: 'sim', seed: 11, tickMs: 100 }, { clock, configDir: join(dir, 'config') });
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Moves time on until `ready` holds, in steps, or fails after `limitMs`. */
async function until(s: Session, clock: ManualClock, ready: () => boolean, limitMs = 120_000): Promise<void> {
  for (let waited = 0; !ready(); waited += 500) {
    if (waited > limitMs) throw new Error(`not ready after ${limitMs} ms of fake time`);
    await advanceSession(clock, simControls(s), 500, 50);
  }
}

const ofSma1Fills = (s: Session) => s.profile.load().fills.filter((f) => sourceOfClientOrderId(f.clientOrderId) === 'sma1');
const row = (s: Session, id: string) => s.strategies.list().find((r) => r.id === id);

describe('strategies in a session', () => {
  it('come back paused after a restart with their own position and P&L, kept in the books and past the archive', async () => {
    const dir = freshDir();
    const clock = new ManualClock(Date.parse('2026-12-01T15:00:00Z'));
    const first = await session(dir, clock);
    const started = await first.runCommand('strategy start sma-cross AAPL fast=2 slow=3 size=10 bar=1s mode=reverse');
    expect(started).toMatchObject({ ok: true, text: expect.stringMatching(/^started sma1 on AAPL/) });
    // A manual order in another symbol: the account holds it, the strategy's books do not.
    expect((await first.runCommand('buy 5 MSFT')).ok).toBe(true);
    await until(first, clock, () => first.engine.orders().filter((o) => o.source === 'sma1' && o.status === 'filled').length >= 3 && first.engine.workingOrders().length === 0);
    expect(ofSma1Fills(first).length).toBeGreaterThanOrEqual(3);
    const before = row(first, 'sma1');
    expect(before?.state).toBe('running');
    // At least two signals: a reversal sends two orders for one signal.
    expect(before?.sent).toBeGreaterThanOrEqual(2);
    // Stored as it trades, in place: one record, its position as its fills left it.
    const stored = first.profile.load().strategies;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 'sma1', name: 'sma-cross', symbol: 'AAPL', state: 'running', args: ['fast=2', 'slow=3', 'size=10', 'bar=1s', 'mode=reverse'] });
    await first.close();
    const position = first.profile.load().strategies[0]?.position.toFixed();
    const realized = first.profile.load().strategies[0]?.realized.toFixed();

    // Two days later the fills have moved to the archive; the strategy's books have not changed.
    clock.advance(RETENTION_MS + 60 * 60 * 1000);
    const second = await session(dir, clock);
    expect(ofSma1Fills(second)).toEqual([]);
    const after = row(second, 'sma1');
    expect(after).toMatchObject({ state: 'paused', symbol: 'AAPL', timeframe: '1s' });
    expect(after?.position.toFixed()).toBe(position);
    expect(after?.realized.toFixed()).toBe(realized);
    // Still the owner of its symbol, and a new instance never takes its id.
    expect((await second.runCommand('strategy start breakout AAPL')).text).toMatch(/AAPL is already traded by sma1 \(sma-cross\)/);
    expect((await second.runCommand('strategy start breakout MSFT')).text).toMatch(/^started brk2 on MSFT/);
    expect((await second.runCommand('strategy resume sma1')).ok).toBe(true);
    expect(row(second, 'sma1')?.state).toBe('running');
    expect((await second.runCommand('strategy stop all')).ok).toBe(true);
    await second.close();

    // Stopped by the trader: it stays stopped, and is not brought back.
    const third = await session(dir, clock);
    expect(third.strategies.list()).toEqual([]);
    expect(third.profile.load().strategies.map((s) => [s.id, s.state])).toEqual([
      ['sma1', 'stopped'],
      ['brk2', 'stopped'],
    ]);
    await third.close();

    // Three days on, the stopped instances and their fills are archived; sma1's books live on in the
    // balances brought forward, so its id is never given again (brk2 left no books behind).
    clock.advance(3 * 24 * 60 * 60 * 1000);
    const fourth = await session(dir, clock);
    expect(fourth.profile.load().strategies).toEqual([]);
    expect((await fourth.runCommand('strategy start sma-cross AAPL')).text).toMatch(/^started sma2 on AAPL/);
  }, 60_000);
});
