import { afterEach, describe, expect, it } from 'vitest';
import { expectBooksEqualToLedger } from '../../support/chaos-checks.js';
import { parseEmulatorFaults } from '../../../src/broker/emulator/emulator-faults.js';
import { SeededRandom } from '../../../src/broker/sim/rng.js';
import { CHAOS_KEY_ID, startAlpacaChaosSession, settleAlpaca, type AlpacaChaosSession } from '../../support/alpaca-chaos-session.js';
import { drive, randomOrder } from '../../support/chaos-session.js';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY', 'QQQ', 'AMD', 'JPM', 'V', 'NFLX', 'INTC', 'KO', 'PEP', 'WMT', 'XOM', 'COST', 'ORCL'];
/** As in the sim's chaos test: a timed-out order's final check and cancel retry through outages and lost updates. */
const TIMEOUT_GRACE_MS = 23_000;

let session: AlpacaChaosSession | undefined;

afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('chaos through the official SDK and the emulator: 2,000 random orders with every fault on', () => {
  it('market seed 20261121, fault seed 99: local state equals the emulator ledger, no override, no id sent twice', async () => {
    const marketSeed = 20261121;
    const faultSeed = 99;
    // Alpaca refuses upgrades in a reconnect storm; at the preset's 10 % a run's few dozen reconnects could all get through.
    const chaos = parseEmulatorFaults('chaos,upgrade429=30%');
    const s = (session = await startAlpacaChaosSession({
      seed: marketSeed,
      faults: { sim: { ...chaos.sim, seed: faultSeed }, alpaca: chaos.alpaca },
      config: { orderTimeoutMs: 15_000 },
    }));
    const random = SeededRandom.fromSeed(marketSeed + faultSeed);
    const placing: Promise<unknown>[] = [];
    for (let i = 0; i < 2_000; i++) {
      const { spec, options } = randomOrder(random, s.sim, SYMBOLS);
      placing.push(s.engine.place(spec, options).catch((error: Error) => s.refused.push(error.message)));
      if (random.chanceOf(0.15)) {
        const working = s.engine.workingOrders();
        const victim = working[random.int(0, Math.max(0, working.length - 1))];
        if (victim !== undefined) placing.push(s.engine.cancel({ kind: 'seq', seq: victim.seq }).catch(() => undefined));
      }
      // The preset's outage every 30 s gives a run two or three; more, at fixed moments, make reconnects common.
      if (i % 100 === 99) s.sim.startStreamOutage(1_000);
      await s.advance(random.int(0, 60));
    }
    await drive(s, Promise.all(placing));
    await settleAlpaca(s);

    // Every fault of the exchange and of Alpaca's really happened.
    const stats = s.sim.faultStats();
    expect(stats.updates.dropped).toBeGreaterThan(30);
    expect(stats.updates.duplicated).toBeGreaterThan(30);
    expect(stats.updates.reordered).toBeGreaterThan(20);
    expect(stats.updates.lostInOutage).toBeGreaterThan(50);
    expect(stats.outages.stream).toBeGreaterThanOrEqual(20);
    expect(stats.outages.rest).toBeGreaterThan(0);
    expect(Object.values(stats.executedUnanswered).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(10);
    expect(stats.cancelRaces.fill_before_request + stats.cancelRaces.fill_before_cancel).toBeGreaterThan(10);
    const alpaca = s.server.accounts.faultStats(CHAOS_KEY_ID);
    expect(alpaca.upgradesRefused).toBeGreaterThan(0);
    const account = alpaca.account;
    expect(account?.heldAnswers).toBeGreaterThan(20);
    expect(account?.replayed).toBeGreaterThan(0);
    expect(account?.terminalsTwice).toBeGreaterThan(10);
    expect(account?.silentlyLost).toBeGreaterThan(0);
    expect(account?.laggedPositionReads).toBeGreaterThan(0);

    expectBooksEqualToLedger(s, { timeoutGraceMs: TIMEOUT_GRACE_MS, minFills: 400 });
    // The stepping waited on real traffic: every trade-update frame sent was read, or went down with its socket.
    expect(s.wire.framesReceived).toBeGreaterThan(500);
    expect(s.wire.framesReceived + s.wire.framesLost).toBe(s.wire.framesSent);
    // Every trade update the adapter got was one it could read.
    expect(s.notices.filter((n) => !n.startsWith('warn: trade-update stream:'))).toEqual([]);
  }, 180_000);
});
