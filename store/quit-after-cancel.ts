import type { Clock } from '../src/kernel/clock.js';
import type { ConsoleActions } from './console-actions.js';
import type { ConsoleStore } from './console-store.js';
import { CANCEL_ALL_COMMAND } from './order-commands.js';
import { workingOrderCount } from './selectors.js';

/** How long quitting waits for the exchange to confirm the cancels before leaving anyway. */
export const QUIT_CANCEL_WAIT_MS = 5_000;

export interface QuitAfterCancelDeps {
  readonly store: ConsoleStore;
  readonly actions: Pick<ConsoleActions, 'submit' | 'quit'>;
  readonly clock: Pick<Clock, 'setTimer'>;
  readonly waitMs?: number;
}

/**
 * "Cancel them, then quit": sends `cancel all` the way typing it would, and leaves once no order is
 * working (the exchange confirmed every cancel) or after `waitMs`, whichever comes first, so a
 * broker that stopped answering cannot keep the trader in. Returns the function that stops waiting
 * without leaving (the console going away first).
 */
export function quitAfterCancellingAll(deps: QuitAfterCancelDeps): () => void {
  const { store, actions } = deps;
  let settled = false;
  let stopTimer: (() => void) | undefined;
  let unsubscribe: (() => void) | undefined;
  const stop = (): void => {
    settled = true;
    unsubscribe?.();
    stopTimer?.();
  };
  const leave = (): void => {
    if (settled) return;
    stop();
    actions.quit();
  };
  unsubscribe = store.subscribe((state) => {
    if (workingOrderCount(state.orders) === 0) leave();
  });
  stopTimer = deps.clock.setTimer(leave, deps.waitMs ?? QUIT_CANCEL_WAIT_MS);
  // A cancel that could not be sent leaves the orders working: the wait's bound still ends it.
  actions.submit(CANCEL_ALL_COMMAND).then(undefined, () => undefined);
  if (workingOrderCount(store.getState().orders) === 0) leave();
  return stop;
}
