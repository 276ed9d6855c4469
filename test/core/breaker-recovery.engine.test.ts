import { afterEach, describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../src/core/errors.js';
import { buy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

const CLOSED = 'broker answering again: circuit closed, new orders allowed';

/** A harness whose breaker trips after 3 failures and waits 30 s before probing. */
async function tripped(outageMs?: number): Promise<{ h: Harness; trippedAt: number }> {
  const h = await startHarness({ config: { breaker: { failureThreshold: 3, windowMs: 60_000, coolDownMs: 30_000 } } });
  h.sim.startRestOutage(outageMs);
  let trippedAt = 0;
  h.engine.subscribe((event) => {
    if (event.type === 'trading' && event.status.state === 'halted' && trippedAt === 0) trippedAt = h.clock.now();
  });
  await h.drive(h.engine.place(buy(10)).catch(() => undefined));
  expect(h.engine.tradingStatus().reason).toMatch(/^circuit breaker: 3 broker failures in 60s/);
  return { h, trippedAt };
}

const probes = (h: Harness, since: number): number => h.callsOf('getClock').filter((c) => c.at >= since).length;

describe('the circuit breaker recovers by itself', () => {
  it('after the cool-down, one probe that the broker answers closes it, says so in the log and allows new orders', async () => {
    const { h, trippedAt } = await tripped(5_000);
    await h.advance(trippedAt + 29_000 - h.clock.now());
    expect(probes(h, trippedAt)).toBe(0);
    expect(h.engine.tradingStatus().state).toBe('halted');
    await h.advance(1_100);
    expect(probes(h, trippedAt)).toBe(1);
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
    expect(h.logText()).toContain(CLOSED);
    const placed = await h.drive(h.engine.place(buy(11)));
    expect(placed.brokerOrderId).toBeDefined();
  });

  it('a probe that fails opens it for another cool-down, and the next probe closes it', async () => {
    const { h, trippedAt } = await tripped(45_000);
    await h.advance(trippedAt + 30_100 - h.clock.now());
    expect(probes(h, trippedAt)).toBe(1);
    expect(h.engine.tradingStatus().state).toBe('halted');
    expect(h.logText()).toContain('broker still failing (unavailable): circuit stays open, new orders refused; trying again in 30s');
    expect(h.logText()).not.toContain(CLOSED);

    await h.advance(29_800);
    expect(probes(h, trippedAt)).toBe(1);
    await h.advance(400);
    expect(probes(h, trippedAt)).toBe(2);
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
    expect(h.logText()).toContain(CLOSED);
  });

  it('never lifts a halt the trader typed: it survives the breaker closing', async () => {
    const { h } = await tripped(5_000);
    h.engine.halt('lunch');
    expect(h.engine.tradingStatus()).toEqual({ state: 'halted', reason: 'lunch' });
    await h.advance(31_000);
    expect(h.logText()).toContain('broker answering again: circuit closed; trading stays halted (lunch)');
    expect(h.engine.tradingStatus()).toEqual({ state: 'halted', reason: 'lunch' });
    await expect(h.engine.place(buy(11))).rejects.toThrow(/^trading is halted: lunch/);
    h.engine.resume();
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
  });

  it('a resume during the cool-down closes it at once, and no probe follows', async () => {
    const { h, trippedAt } = await tripped(5_000);
    await h.advance(6_000);
    h.engine.resume();
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
    await h.advance(40_000);
    expect(probes(h, trippedAt)).toBe(0);
    expect(h.logText()).not.toContain(CLOSED);
  });

  it('stops its timer on shutdown: nothing is left to fire after the engine has stopped', async () => {
    const { h } = await tripped(5_000);
    await h.stop();
    expect(h.clock.pendingTimers()).toBe(0);
  });
});

describe('a block the session puts on', () => {
  const DISK = 'the profile cannot be saved: disk full';

  it('refuses new orders, and the trader\'s resume does not lift it but says why', async () => {
    const h = await startHarness();
    h.engine.blockTrading(DISK);
    expect(h.engine.tradingStatus()).toEqual({ state: 'halted', reason: DISK });
    await expect(h.engine.place(buy(10))).rejects.toThrow(`trading is halted: ${DISK}`);
    expect(() => h.engine.resume()).toThrow(OrderRefusedError);
    expect(() => h.engine.resume()).toThrow(`trading stays halted: ${DISK} — resume cannot lift this`);
    expect(h.engine.tradingStatus()).toEqual({ state: 'halted', reason: DISK });
    expect(h.callsOf('submitOrder')).toEqual([]);
  });

  it('shows above a trader\'s halt, which a resume still lifts underneath it', async () => {
    const h = await startHarness();
    h.engine.halt('lunch');
    h.engine.blockTrading(DISK);
    expect(h.engine.tradingStatus().reason).toBe(DISK);
    expect(() => h.engine.resume()).toThrow(/^trading stays halted: the profile cannot be saved/);
    h.engine.unblockTrading();
    expect(h.engine.tradingStatus()).toEqual({ state: 'active' });
    expect(h.logText()).toContain(`trading block lifted (${DISK}), new orders allowed`);
    const placed = await h.drive(h.engine.place(buy(10)));
    expect(placed.brokerOrderId).toBeDefined();
  });

  it('still lets cancels and closes through', async () => {
    const h = await startHarness();
    await h.drive(h.engine.place(buy(10)));
    await h.advance(100);
    h.engine.blockTrading(DISK);
    const closing = await h.drive(h.engine.flatten('AAPL'));
    await h.advance(100);
    expect(closing?.status).toBeDefined();
    expect(h.engine.portfolio().positions.AAPL?.qty.isZero()).toBe(true);
  });
});
