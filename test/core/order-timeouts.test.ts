import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { OrderTimeouts } from '../../src/core/order-timeouts.js';

function setUp() {
  const clock = new ManualClock();
  const fired: { id: string; at: number }[] = [];
  const timeouts = new OrderTimeouts(clock, (id) => fired.push({ id, at: clock.now() }));
  return { clock, fired, timeouts, start: clock.now() };
}

describe('OrderTimeouts', () => {
  it('fires once, exactly at the deadline', () => {
    const { clock, fired, timeouts, start } = setUp();
    timeouts.arm('a', start + 60_000);
    clock.advance(59_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([{ id: 'a', at: start + 60_000 }]);
    clock.advance(120_000);
    expect(fired).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps one deadline per order: arming again with the same deadline changes nothing, a new one replaces it', () => {
    const { clock, fired, timeouts, start } = setUp();
    timeouts.arm('a', start + 10_000);
    clock.advance(4_000);
    timeouts.arm('a', start + 10_000);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(6_000);
    expect(fired).toEqual([{ id: 'a', at: start + 10_000 }]);
    timeouts.arm('b', start + 20_000);
    timeouts.arm('b', start + 30_000);
    clock.advance(20_000);
    expect(fired.map((f) => f.at - start)).toEqual([10_000, 30_000]);
  });

  it('fires at once for a deadline already past (an order restored after its deadline)', () => {
    const { clock, fired, timeouts, start } = setUp();
    timeouts.arm('late', start - 5_000);
    clock.advance(0);
    expect(fired).toEqual([{ id: 'late', at: start }]);
  });

  it('a disarmed order never fires, and stop() clears every deadline', () => {
    const { clock, fired, timeouts, start } = setUp();
    timeouts.arm('a', start + 1_000);
    timeouts.arm('b', start + 2_000);
    timeouts.arm('c', start + 3_000);
    timeouts.disarm('a');
    clock.advance(2_000);
    expect(fired.map((f) => f.id)).toEqual(['b']);
    timeouts.stop();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10_000);
    expect(fired.map((f) => f.id)).toEqual(['b']);
  });
});
