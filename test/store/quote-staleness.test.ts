import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import type { CoreEvent } from '../../src/core/events.js';
import { applyCoreEvents, createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createEventBatcher } from '../../store/event-batcher.js';
import { markStaleQuotes, QUOTE_STALE_AFTER_MS } from '../../store/quote-staleness.js';
import { quote } from '../components/fixtures.js';

function quoteAt(symbol: string, ms: number): CoreEvent {
  return { type: 'quote', quote: { ...quote(symbol, '10.00', '10.02', '10.01', '9.90'), timestamp: new Date(ms).toISOString() } };
}

describe('stale quotes', () => {
  it('are those older than the limit by their own market time, and the state is kept when none changes', () => {
    const start = Date.UTC(2026, 0, 5, 15, 0, 0);
    const state = applyCoreEvents(initialConsoleState('sim', 'sim'), [quoteAt('AAPL', start), quoteAt('MSFT', start + 5_000)]);
    expect(markStaleQuotes(state, start + QUOTE_STALE_AFTER_MS)).toBe(state);
    const aged = markStaleQuotes(state, start + QUOTE_STALE_AFTER_MS + 1);
    expect(aged.staleQuotes).toEqual({ AAPL: true });
    expect(markStaleQuotes(aged, start + QUOTE_STALE_AFTER_MS + 500)).toBe(aged);
    // A time that cannot be read cannot vouch for the price.
    const garbled = applyCoreEvents(aged, [{ type: 'quote', quote: { ...quote('KO', '60.00', '60.02'), timestamp: 'soon' } }]);
    expect(markStaleQuotes(garbled, start + 6_000).staleQuotes).toEqual({ KO: true });
  });

  it('are judged by the batcher once a second on its clock, updating the store only when a quote changes state', () => {
    const clock = new ManualClock();
    const store = createConsoleStore(initialConsoleState('sim', 'sim'));
    let updates = 0;
    store.subscribe(() => updates++);
    const batcher = createEventBatcher(store, clock, 100);
    batcher.push(quoteAt('AAPL', clock.now()));
    batcher.push(quoteAt('MSFT', clock.now()));
    clock.advance(100);
    expect(updates).toBe(1);
    expect(store.getState().staleQuotes).toEqual({});
    // A quiet market: the checks find nothing new for 15 s, then both go stale in one update.
    clock.advance(QUOTE_STALE_AFTER_MS - 100);
    expect(updates).toBe(1);
    clock.advance(1_000);
    expect(store.getState().staleQuotes).toEqual({ AAPL: true, MSFT: true });
    expect(updates).toBe(2);
    clock.advance(10_000);
    expect(updates).toBe(2);
    // A fresh quote is live with the batch that brings it, not a second later.
    batcher.push(quoteAt('AAPL', clock.now()));
    clock.advance(100);
    expect(store.getState().staleQuotes).toEqual({ MSFT: true });
    batcher.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('mark a snapshot from the last session stale as soon as it arrives', () => {
    const clock = new ManualClock();
    const store = createConsoleStore(initialConsoleState('sim', 'sim'));
    const batcher = createEventBatcher(store, clock, 100);
    batcher.push(quoteAt('AAPL', clock.now() - 17 * 60 * 60 * 1000));
    batcher.flush();
    expect(store.getState().staleQuotes).toEqual({ AAPL: true });
    batcher.stop();
  });
});
