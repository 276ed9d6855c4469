import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { ManualClock } from '../../src/kernel/clock.js';
import { flushMicrotasks } from '../../src/kernel/clock.js';
import type { SimControls } from '../../src/broker/controls.js';

/**
 * Fake time for a session whose exchange writes to disk: the clock moves in steps, and after each the
 * exchange's writes (real I/O, outside fake time) are let finish, so what they release is delivered
 * before time moves on, as it would be on a real clock.
 */
export async function advanceSession(clock: ManualClock, exchange: Pick<SimControls, 'settled'>, ms: number, step = 10): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await flushMicrotasks();
    // Bounded: with its disk failing the exchange settles only once the disk recovers.
    await Promise.race([exchange.settled(), sleep(20)]);
    await nextTurn();
    await flushMicrotasks();
  }
}
