import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../src/kernel/clock.js';
import { SignalSlots, type SlotLease, type SlotTake } from '../../src/strategy/signal-slots.js';

function leaseOf(taken: SlotTake): SlotLease {
  if (!taken.ok) throw new Error(`expected a slot, was refused: ${taken.message}`);
  return taken.lease;
}

function setup(capacity = 3): { clock: ManualClock; slots: SignalSlots } {
  const clock = new ManualClock();
  return { clock, slots: new SignalSlots(capacity, clock) };
}

describe('SignalSlots', () => {
  it('grants a slot and says who holds it since when', () => {
    const { clock, slots } = setup();
    const lease = leaseOf(slots.take('sma1', 'AAPL', 'cross up'));
    expect(lease).toMatchObject({ signal: 1, strategyId: 'sma1', symbol: 'AAPL', since: clock.now(), reason: 'cross up', released: false });
    clock.advance(1_000);
    leaseOf(slots.take('brk2', 'MSFT'));
    expect(slots.holdings()).toEqual([
      { signal: 1, strategyId: 'sma1', symbol: 'AAPL', since: clock.now() - 1_000, reason: 'cross up' },
      { signal: 2, strategyId: 'brk2', symbol: 'MSFT', since: clock.now() },
    ]);
    expect(slots.holdings('brk2')).toHaveLength(1);
  });

  it('refuses a second signal for one strategy and symbol, naming the one in flight', () => {
    const { slots } = setup();
    leaseOf(slots.take('sma1', 'AAPL'));
    expect(slots.take('sma1', 'AAPL')).toEqual({ ok: false, reason: 'in_flight', message: 'sma1 already has a signal in flight on AAPL (#1)' });
    expect(slots.take('sma1', 'MSFT').ok).toBe(true);
    expect(slots.take('brk2', 'AAPL').ok).toBe(true);
  });

  it('refuses when every slot is in use, naming the holders', () => {
    const { slots } = setup();
    leaseOf(slots.take('sma1', 'AAPL'));
    leaseOf(slots.take('brk2', 'MSFT'));
    leaseOf(slots.take('mr3', 'TSLA'));
    expect(slots.take('sma1', 'NVDA')).toEqual({ ok: false, reason: 'all_in_use', message: 'all 3 signal slots are in use (by sma1 AAPL, brk2 MSFT, mr3 TSLA)' });
    const single = setup(1).slots;
    leaseOf(single.take('sma1', 'AAPL'));
    expect(single.take('brk2', 'MSFT')).toMatchObject({ message: 'the only signal slot is in use (by sma1 AAPL)' });
  });

  it('releases once: a late release never frees the slot a newer signal holds', () => {
    const { slots } = setup();
    const first = leaseOf(slots.take('sma1', 'AAPL'));
    expect(first.release()).toBe(true);
    expect(first.released).toBe(true);
    const second = leaseOf(slots.take('sma1', 'AAPL'));
    expect(first.release()).toBe(false);
    expect(slots.take('sma1', 'AAPL')).toMatchObject({ reason: 'in_flight', message: 'sma1 already has a signal in flight on AAPL (#2)' });
    expect(second.released).toBe(false);
  });

  it('frees a stopped strategy’s slots and leaves the others', () => {
    const { slots } = setup();
    const aapl = leaseOf(slots.take('sma1', 'AAPL'));
    leaseOf(slots.take('sma1', 'MSFT'));
    leaseOf(slots.take('brk2', 'TSLA'));
    expect(slots.releaseAll('sma1').map((held) => held.symbol)).toEqual(['AAPL', 'MSFT']);
    expect(aapl.released).toBe(true);
    expect(slots.holdings().map((held) => held.strategyId)).toEqual(['brk2']);
    expect(slots.releaseAll('sma1')).toEqual([]);
  });

  it('holds a slot until the order ends, filled or failed', async () => {
    const { slots } = setup();
    let fill = (): void => undefined;
    const filled = leaseOf(slots.take('sma1', 'AAPL'));
    filled.holdUntil(new Promise<void>((resolve) => (fill = resolve)));
    let reject = (_: Error): void => undefined;
    const rejected = leaseOf(slots.take('sma1', 'MSFT'));
    rejected.holdUntil(new Promise<void>((_, fail) => (reject = fail)));
    await flushMicrotasks();
    expect(slots.figures().inUse).toBe(2);
    fill();
    reject(new Error('insufficient buying power'));
    await flushMicrotasks();
    expect([filled.released, rejected.released]).toEqual([true, true]);
    expect(slots.figures().inUse).toBe(0);
  });

  it('withSlot frees the slot when the work ends or throws, and refuses without running it', async () => {
    const { slots } = setup(1);
    await expect(slots.withSlot('sma1', 'AAPL', () => 'sent')).resolves.toEqual({ ok: true, value: 'sent' });
    const failing = slots.withSlot('sma1', 'AAPL', async () => {
      throw new Error('broker down');
    });
    await expect(failing).rejects.toThrow('broker down');
    expect(slots.figures().inUse).toBe(0);

    const held = leaseOf(slots.take('brk2', 'MSFT'));
    let ran = false;
    const refused = await slots.withSlot('sma1', 'AAPL', () => {
      ran = true;
    });
    expect(refused).toMatchObject({ ok: false, reason: 'all_in_use' });
    expect(ran).toBe(false);
    held.release();
  });

  it('counts takes, releases, refusals by reason and the peak', () => {
    const { slots } = setup(2);
    const a = leaseOf(slots.take('sma1', 'AAPL'));
    slots.take('sma1', 'AAPL');
    leaseOf(slots.take('brk2', 'MSFT'));
    slots.take('mr3', 'TSLA');
    slots.take('mr3', 'NVDA');
    a.release();
    a.release();
    expect(slots.figures()).toEqual({ capacity: 2, inUse: 1, peak: 2, taken: 2, released: 1, refused: { all_in_use: 2, in_flight: 1 } });
  });

  it('refuses a slot count that is not a whole number from 1 up', () => {
    const clock = new ManualClock();
    expect(() => new SignalSlots(0, clock)).toThrow('signal slots must be a whole number from 1 up, not 0');
    expect(() => new SignalSlots(2.5, clock)).toThrow('not 2.5');
  });
});
