import { isTerminal } from '../domain/order-state.js';
import type { Clock } from '../kernel/clock.js';
import type { EventBus } from './event-bus.js';
import type { OrderBook } from './order-book.js';

export interface UntilEndedDeps {
  readonly bus: EventBus;
  readonly book: OrderBook;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/** How long a close waits for the cancels before it: a cancel usually lands within a second. */
export const CANCELS_LAND_WITHIN_MS = 10_000;

/**
 * Resolves once every one of these orders has ended, or after `withinMs`, or at shutdown; true when
 * they all ended. A cancel's acceptance is not a cancellation, and an order still working holds its
 * shares at the broker, so a close sent before the cancels land would be refused.
 */
export function untilEnded(deps: UntilEndedDeps, clientOrderIds: readonly string[], withinMs: number): Promise<boolean> {
  const waiting = new Set(
    clientOrderIds.filter((id) => {
      const order = deps.book.byClientOrderId(id);
      return order !== undefined && !isTerminal(order.status);
    }),
  );
  if (waiting.size === 0 || deps.signal.aborted) return Promise.resolve(waiting.size === 0);
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const finish = (ended: boolean): void => {
      for (const stop of stops.splice(0)) stop();
      resolve(ended);
    };
    const onAbort = (): void => finish(false);
    stops.push(
      deps.bus.subscribe((event) => {
        if (event.type !== 'order' || !isTerminal(event.order.status) || !waiting.delete(event.order.clientOrderId)) return;
        if (waiting.size === 0) finish(true);
      }),
      deps.clock.setTimer(() => finish(false), withinMs),
      () => deps.signal.removeEventListener('abort', onAbort),
    );
    deps.signal.addEventListener('abort', onAbort, { once: true });
  });
}
