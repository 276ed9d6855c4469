import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_PRESETS } from '../../src/broker/sim/fault-presets.js';
import { openSessionStrategies, type SessionStrategies } from '../../src/app/session-strategies.js';
import { sourceOfClientOrderId } from '../../src/domain/client-order-id.js';
import { ZERO } from '../../src/domain/decimal.js';
import { SourcePositions } from '../../src/domain/source-positions.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { expectBooksEqualToLedger } from '../support/chaos-checks.js';
import { drive, settle, startChaosSession, type ChaosSession } from '../support/chaos-session.js';

/** Ten instances on ten symbols, quick to signal (1 s bars, short windows), competing for 3 slots. */
const INSTANCES: readonly [name: string, symbol: string, args: string[]][] = [
  ['sma-cross', 'AAPL', ['fast=2', 'slow=4', 'mode=reverse', 'size=7', 'bar=1s']],
  ['sma-cross', 'MSFT', ['fast=2', 'slow=3', 'mode=reverse', 'size=3', 'bar=1s']],
  ['sma-cross', 'NVDA', ['fast=2', 'slow=5', 'mode=long', 'size=11', 'bar=1s']],
  ['sma-cross', 'AMZN', ['fast=3', 'slow=6', 'mode=reverse', 'size=5', 'bar=2s']],
  ['sma-cross', 'META', ['fast=2', 'slow=4', 'mode=reverse', 'size=4', 'bar=1s']],
  ['breakout', 'TSLA', ['entry=3', 'exit=2', 'mode=reverse', 'size=6', 'bar=1s']],
  ['breakout', 'SPY', ['entry=4', 'exit=2', 'size=2', 'bar=1s']],
  ['bollinger', 'QQQ', ['period=5', 'width=1', 'mode=reverse', 'size=9', 'bar=1s']],
  ['bollinger', 'AMD', ['period=4', 'width=0.5', 'size=8', 'bar=1s']],
  ['sma-cross', 'JPM', ['fast=2', 'slow=3', 'mode=reverse', 'size=all', 'max-pos=50', 'bar=1s']],
];

let session: ChaosSession | undefined;
let strategies: SessionStrategies | undefined;

afterEach(async () => {
  await strategies?.close();
  await session?.stop();
  session = strategies = undefined;
});

describe('chaos: strategies trading on the sim with every fault on', () => {
  it.each([
    [20261202, 5],
    [31, 4242],
  ])('market seed %i, fault seed %i: books equal the ledger, each source’s fills add up to the account, no slot over the cap or left held', async (marketSeed, faultSeed) => {
    const s = (session = await startChaosSession({ seed: marketSeed, faults: { ...FAULT_PRESETS.chaos, seed: faultSeed }, config: { orderTimeoutMs: 15_000 } }));
    const live = (strategies = await openSessionStrategies({
      engine: s.engine,
      marketData: s.sim,
      clock: s.clock,
      definitions: BUILTIN_STRATEGIES,
      slots: 3,
      books: new SourcePositions(),
      saved: [],
      usedIds: [],
      onChange: () => undefined,
    }));
    const manager = live.manager;
    for (const [name, symbol, args] of INSTANCES) {
      const started = await drive(s, manager.start(name, symbol, args));
      expect(started, `${name} ${symbol}`).toMatchObject({ ok: true });
    }

    let mostInUse = 0;
    for (let t = 0; t < 240_000; t += 100) {
      await s.advance(100);
      mostInUse = Math.max(mostInUse, manager.metrics().slots.inUse);
    }
    // A stop in the middle of trading: half flatten, half leave their position.
    const stops = await drive(s, Promise.all([manager.stop('sma1', { flatten: true }), manager.stop('all')]));
    await drive(s, manager.settled());
    await settle(s);

    const metrics = manager.metrics();
    expect(mostInUse).toBeLessThanOrEqual(3);
    expect(metrics.slots.peak).toBe(3);
    expect(metrics.slots.inUse).toBe(0);
    // The cap really bit: signals were refused for want of a slot.
    expect(metrics.refusedBy.all_in_use ?? 0).toBeGreaterThan(0);
    // JPM's size=all is far above its max-pos=50: refused by its own limit every time, never sent.
    const jpm = manager.list().find((row) => row.symbol === 'JPM');
    expect([jpm?.sent, jpm?.position.toFixed()]).toEqual([0, '0']);
    expect(metrics.refusedBy.limit ?? 0).toBeGreaterThan(0);
    expect(manager.list().every((row) => row.state === 'stopped' && row.slotsInUse === 0)).toBe(true);
    expect(stops.flat().length).toBe(INSTANCES.length);
    // No orphan: nothing of any strategy is working once the stops and the faults have settled.
    expect(s.engine.workingOrders()).toEqual([]);

    expectBooksEqualToLedger(s, { timeoutGraceMs: 23_000, minFills: 100 });
    // Every order came from a strategy and each symbol has one owner, so each instance's own
    // position, booked live from the fills it was handed, must be the exchange's position in its symbol.
    const ledger = s.sim.ledger();
    for (const row of manager.list()) expect(row.position.toFixed(), `${row.id} ${row.symbol}`).toBe((ledger.positions[row.symbol]?.qty ?? ZERO).toFixed());
    const sources = new Set(ledger.fills.map((fill) => sourceOfClientOrderId(fill.clientOrderId)));
    expect(sources.size).toBeGreaterThanOrEqual(6);
  }, 240_000);
});
