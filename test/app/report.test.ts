import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKER_NOT_READ, buildReport, LEDGER_NOT_AVAILABLE } from '../../src/app/report.js';
import { openSession, type Session } from '../../src/app/session.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { advanceSession } from '../support/session-time.js';
import { simControls } from './sim-controls.js';

const dirs: string[] = [];
const open: Session[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function tradedSession(): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-report-'));
  dirs.push(dataDir);
  const clock = new ManualClock();
  const session = await openSession({ broker: 'sim', dataDir, profile: 'sim', seed: 11 }, { clock });
  open.push(session);
  expect((await session.runCommand('buy 10 AAPL')).ok).toBe(true);
  await advanceSession(clock, simControls(session), 300);
  return session;
}

describe('the run report', () => {
  it("compares the local view with the simulator's ledger, and carries the simulator's books", async () => {
    const session = await tradedSession();
    const report = buildReport({ session, commands: [], deadlinePassed: false });
    expect(report.broker).toBe('sim');
    expect(report.comparedWith).toBe('exchange ledger');
    expect(report).not.toHaveProperty('comparedParts');
    expect(report.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
    expect(report.exchange?.fills).toHaveLength(1);
    expect(report.exchange?.cash).toBe(report.cash);
    expect(report.reconciliation).toMatchObject({ positionOverrides: 0, cashOverrides: 0 });
    expect(report.ok).toBe(true);
  });

  it('says the comparison is not available for a broker that shows no ledger, rather than claiming matches', async () => {
    const session = await tradedSession();
    const withoutLedger = { ...session, broker: { ...session.broker, controls: undefined } };
    const report = buildReport({ session: withoutLedger, commands: [], deadlinePassed: false });
    expect(report.matches).toBe(LEDGER_NOT_AVAILABLE);
    expect(report).not.toHaveProperty('exchange');
    expect(report).not.toHaveProperty('comparedWith');
    expect(report.differences).toEqual([]);
    expect(report.orders.map((o) => o.status)).toEqual(['filled']);
    expect(report.problems).toEqual([]);
  });

  it("makes a failed read of the broker's API a problem, and claims no matches", async () => {
    const session = await tradedSession();
    const withoutLedger = { ...session, broker: { ...session.broker, controls: undefined } };
    const broker = { ok: false, problem: 'could not read the broker to compare the books with: 503 Service Unavailable' } as const;
    const report = buildReport({ session: withoutLedger, commands: [], deadlinePassed: false, broker });
    expect(report.matches).toBe(BROKER_NOT_READ);
    expect(report).not.toHaveProperty('comparedWith');
    expect(report.problems).toEqual([broker.problem]);
    expect(report.ok).toBe(false);
  });
});
