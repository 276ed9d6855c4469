import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { newOrder } from '../../src/domain/order.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { CoreEvent } from '../../src/core/events.js';
import { LOG_LIMIT } from '../../src/kernel/log-entry.js';
import { applyCoreEvents, createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createEventBatcher } from '../../store/event-batcher.js';
import { createFrameBudget } from '../../store/frame-budget.js';
import { ordersForDisplay, workingOrderCount } from '../../store/selectors.js';

const spec = { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: dec(10), limitPrice: dec('187') } as const;

function logEvent(i: number): CoreEvent {
  return { type: 'log', entry: { at: i, level: 'info', text: `line ${i}` } };
}

describe('console store', () => {
  it('keeps the latest version of each order and bounds the log', () => {
    const placed = newOrder(spec, 'blt-1', 1, 1000);
    const filled = { ...placed, status: 'filled' as const, filledQty: dec(10), updatedAt: 2000 };
    const logs = Array.from({ length: LOG_LIMIT + 50 }, (_, i) => logEvent(i));
    const state = applyCoreEvents(initialConsoleState('sim', 'sim'), [
      { type: 'order', order: placed },
      ...logs,
      { type: 'order', order: filled },
    ]);
    expect(Object.keys(state.orders)).toEqual(['blt-1']);
    expect(state.orders['blt-1']?.status).toBe('filled');
    expect(state.log).toHaveLength(LOG_LIMIT);
    expect(state.log.at(-1)?.text).toBe(`line ${LOG_LIMIT + 49}`);
    expect(state.eventsApplied).toBe(LOG_LIMIT + 52);
  });

  it('holds the latest save and books status, starting from all well, and leaves adjustments to the log', () => {
    const initial = initialConsoleState('sim', 'sim');
    expect(initial.store).toEqual({ state: 'ok' });
    expect(initial.books).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
    const failing = applyCoreEvents(initial, [
      { type: 'store', status: { state: 'failing', problem: 'disk full' } },
      { type: 'books', status: { adjustments: 1, unknownFills: 0, unbalanced: ['AAPL'] } },
    ]);
    expect(failing.store).toEqual({ state: 'failing', problem: 'disk full' });
    expect(failing.books).toEqual({ adjustments: 1, unknownFills: 0, unbalanced: ['AAPL'] });
    const recovered = applyCoreEvents(failing, [{ type: 'store', status: { state: 'ok' } }]);
    expect(recovered.store).toEqual({ state: 'ok' });
    expect(recovered.books).toBe(failing.books);
    const adjustment = { id: 'adj-1', at: 1, symbol: 'AAPL', qty: dec(5), cash: dec(0), reason: 'broker holds 5 more AAPL' };
    const after = applyCoreEvents(recovered, [{ type: 'adjustment', adjustment }]);
    expect({ ...after, eventsApplied: recovered.eventsApplied }).toEqual(recovered);
  });

  it('lists working orders first, newest first, then finished ones', () => {
    const a = newOrder(spec, 'blt-a', 1, 1000);
    const b = { ...newOrder(spec, 'blt-b', 2, 1100), status: 'filled' as const, updatedAt: 3000 };
    const c = newOrder(spec, 'blt-c', 3, 1200);
    const orders = { [a.clientOrderId]: a, [b.clientOrderId]: b, [c.clientOrderId]: c };
    expect(ordersForDisplay(orders).map((o) => o.seq)).toEqual([3, 1, 2]);
    expect(workingOrderCount(orders)).toBe(2);
  });

  it('reaches the store in one update per batch interval, not one per event', () => {
    const clock = new ManualClock();
    const store = createConsoleStore(initialConsoleState('sim', 'sim'));
    let updates = 0;
    store.subscribe(() => updates++);
    const batcher = createEventBatcher(store, clock, 100);
    for (let i = 0; i < 500; i++) batcher.push(logEvent(i));
    expect(store.getState().eventsApplied).toBe(0);
    clock.advance(99);
    expect(updates).toBe(0);
    clock.advance(1);
    expect(updates).toBe(1);
    expect(store.getState().eventsApplied).toBe(500);
    batcher.push(logEvent(500));
    batcher.flush();
    expect(updates).toBe(2);
    batcher.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits longer between updates while frames are expensive to draw', () => {
    const clock = new ManualClock();
    const store = createConsoleStore(initialConsoleState('sim', 'sim'));
    let updates = 0;
    store.subscribe(() => updates++);
    const frames = createFrameBudget(100, 0.1);
    for (let i = 0; i < 30; i++) frames.record(25);
    const batcher = createEventBatcher(store, clock, frames);
    batcher.push(logEvent(1));
    clock.advance(100);
    expect(updates).toBe(0);
    clock.advance(150);
    expect(updates).toBe(1);
    batcher.stop();
  });
});
