import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/kernel/clock.js';
import type { Quote } from '../../../src/broker/port.js';
import type { FaultConfig } from '../../../src/broker/sim/fault-config.js';
import type { FaultStats } from '../../../src/broker/sim/fault-stats.js';
import { FAULT_PRESETS } from '../../../src/broker/sim/fault-presets.js';
import { createSimExchange, type SimExchangeOptions } from '../../../src/broker/sim/sim-exchange.js';
import { runWorkload } from './fault-helpers.js';
import { UNIVERSE } from './helpers.js';

interface Run {
  readonly seen: string[];
  readonly quotes: string[];
  readonly ledger: string;
  readonly stats: string;
  readonly timersLeft: number;
}

async function run(options: SimExchangeOptions, orders = 40): Promise<Run> {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, universe: UNIVERSE, ...options });
  const quotes: string[] = [];
  sim.subscribeMarketData(['AAPL', 'MSFT'], { quote: (q: Quote) => quotes.push(`${q.symbol} ${q.bid} ${q.ask} ${q.last} ${q.timestamp}`) });
  const seen = await runWorkload(sim, clock, orders);
  const result = {
    seen,
    quotes,
    ledger: JSON.stringify(sim.ledger()),
    stats: JSON.stringify(sim.faultStats()),
    timersLeft: clock.pendingTimers(),
  };
  await sim.close();
  return result;
}

describe('sim faults: determinism', () => {
  it('the same seeds give the same faults, answers and updates', async () => {
    const first = await run({ seed: 11, faults: FAULT_PRESETS.chaos });
    const second = await run({ seed: 11, faults: FAULT_PRESETS.chaos });
    expect(second).toEqual(first);
    expect(first.seen).not.toEqual((await run({ seed: 11 })).seen);
  });

  it('another fault seed gives other faults on the same market', async () => {
    const one = await run({ seed: 11, faults: { ...FAULT_PRESETS.chaos, seed: 1 } });
    const two = await run({ seed: 11, faults: { ...FAULT_PRESETS.chaos, seed: 2 } });
    expect(two.stats).not.toEqual(one.stats);
    expect(two.quotes).toEqual(one.quotes);
  });

  it('an explicit fault seed gives the same fault sequence whatever the market seed', async () => {
    const faults: FaultConfig = { seed: 99, transient: 0.3, rateLimited: 0.2 };
    const errorsOf = async (seed: number): Promise<string[]> => {
      const sim = createSimExchange({ clock: new ManualClock(), seed, universe: UNIVERSE, faults });
      const kinds: string[] = [];
      for (let i = 0; i < 50; i++) kinds.push(await sim.getClock().then(() => 'ok', (e: { kind: string }) => e.kind));
      await sim.close();
      return kinds;
    };
    expect(await errorsOf(1)).toEqual(await errorsOf(2));
  });

  it('switching faults on leaves the market walk alone', async () => {
    const calm = await run({ seed: 5 });
    const stormy = await run({ seed: 5, faults: FAULT_PRESETS.chaos });
    expect(stormy.quotes.length).toBeGreaterThan(50);
    expect(stormy.quotes).toEqual(calm.quotes);
  });

  it('with no faults, or faults all zero, the exchange behaves as it did before faults existed', async () => {
    const plain = await run({ seed: 5 });
    expect(await run({ seed: 5, faults: FAULT_PRESETS.none })).toEqual(plain);
    expect(await run({ seed: 5, faults: { ...zeroRates(), delayMaxMs: 10, reorderHoldMs: 10 } })).toEqual(plain);
    const delivered = plain.seen.filter((line) => line.includes(' update ')).length;
    expect(delivered).toBeGreaterThan(40);
    expect(JSON.parse(plain.stats)).toEqual({ ...JSON.parse(JSON.stringify(emptyStats())), updates: { ...emptyStats().updates, delivered } });
  });
});

describe('sim faults: chaos through the bare port', () => {
  it('every fault fires, nothing stays held, every delivered fill is a real one, and close leaves no timer', async () => {
    const clock = new ManualClock();
    const sim = createSimExchange({ clock, seed: 2026, universe: UNIVERSE, faults: FAULT_PRESETS.chaos });
    const fills = new Map<string, string>();
    sim.subscribeTradeUpdates((u) => {
      if (u.executionId !== undefined) fills.set(u.executionId, `${u.order.id} ${u.qty} ${u.price}`);
    });
    await runWorkload(sim, clock, 300);
    sim.setFaults({});
    clock.advance(5000);
    expect(clock.pendingTimers()).toBe(1);

    const stats = sim.faultStats();
    for (const kind of ['transient', 'rateLimited', 'ambiguous', 'lostResponse', 'restOutage'] as const) {
      expect(Object.keys(stats.errors[kind]).length, kind).toBeGreaterThan(0);
    }
    expect(Object.values(stats.executedUnanswered).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(0);
    for (const count of Object.values(stats.updates)) expect(count).toBeGreaterThan(0);
    expect(stats.outages.stream).toBeGreaterThan(0);
    expect(stats.outages.rest).toBeGreaterThan(0);
    expect(stats.cancelRaces.fill_before_request + stats.cancelRaces.fill_before_cancel).toBeGreaterThan(0);
    expect(stats.refusedClientOrderIds).toEqual([]);

    const ledger = sim.ledger();
    const booked = new Map(ledger.fills.map((f) => [f.executionId, `${f.orderId} ${f.qty} ${f.price}`]));
    for (const [executionId, fill] of fills) expect(booked.get(executionId)).toBe(fill);
    expect(new Set(ledger.orders.map((o) => o.clientOrderId)).size).toBe(ledger.orders.length);

    await sim.close();
    expect(clock.pendingTimers()).toBe(0);
  });
});

function emptyStats(): FaultStats {
  return createSimExchange({ universe: UNIVERSE }).faultStats();
}

function zeroRates(): FaultConfig {
  return { transient: 0, rateLimited: 0, ambiguous: 0, lostResponse: 0, drop: 0, duplicate: 0, delay: 0, reorder: 0, cancelRace: 0 };
}
