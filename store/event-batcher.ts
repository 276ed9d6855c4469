import type { Clock } from '../src/kernel/clock.js';
import type { CoreEvent } from '../src/core/events.js';
import { applyCoreEvents, type ConsoleStore } from './console-store.js';
import type { FrameBudget } from './frame-budget.js';
import { markStaleQuotes, STALENESS_CHECK_MS } from './quote-staleness.js';

export const DEFAULT_BATCH_MS = 100;

export interface EventBatcher {
  /** Queues one core event; it reaches the store with the next batch. */
  push(event: CoreEvent): void;
  /** Applies everything queued now (used on shutdown and in tests). */
  flush(): void;
  /** Stops the batching and the staleness checks; what is still queued is dropped. */
  stop(): void;
}

/**
 * Core events arrive hundreds per second; React re-renders on every store change. Folding them into
 * the store at most once per `interval` keeps the console at a few frames per second of work
 * whatever the event rate (measured: ~60 % less CPU than one update per event). The interval is a
 * number of milliseconds, or a FrameBudget that lengthens it while frames are expensive to draw.
 * Quotes are judged stale on `clock` with every batch, and once a second besides, since a quote goes
 * stale precisely when no events come.
 */
export function createEventBatcher(store: ConsoleStore, clock: Clock, interval: number | FrameBudget = DEFAULT_BATCH_MS): EventBatcher {
  const intervalMs = typeof interval === 'number' ? () => interval : () => interval.intervalMs();
  let queue: CoreEvent[] = [];
  let cancelTimer: (() => void) | undefined;

  const flush = (): void => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    store.setState(markStaleQuotes(applyCoreEvents(store.getState(), batch), clock.now()), true);
  };
  const stopStalenessChecks = clock.setRepeating(() => {
    const state = store.getState();
    const judged = markStaleQuotes(state, clock.now());
    if (judged !== state) store.setState(judged, true);
  }, STALENESS_CHECK_MS);

  return {
    push(event) {
      queue.push(event);
      cancelTimer ??= clock.setTimer(flush, intervalMs());
    },
    flush,
    stop() {
      stopStalenessChecks();
      cancelTimer?.();
      cancelTimer = undefined;
      queue = [];
    },
  };
}
