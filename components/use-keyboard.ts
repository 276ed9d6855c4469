import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import { useStore } from 'zustand';
import type { Clock } from '../src/kernel/clock.js';
import type { CommandHistory } from '../store/command-history.js';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleStore } from '../store/console-store.js';
import { quitAfterCancellingAll } from '../store/quit-after-cancel.js';
import type { UiStore } from '../store/ui-store.js';
import { helpBox } from './help-box.js';
import type { KeyEnv } from './key-env.js';
import { dispatchKeys, QUIT_PRESS_WINDOW_MS } from './key-handlers.js';
import { keystrokes } from './keystrokes.js';
import { paneRows, visiblePanes, type ConsoleLayout } from './layout.js';
import { paneRowsIn } from './panes.js';

export interface KeyboardOptions {
  readonly ui: UiStore;
  readonly store: ConsoleStore;
  readonly actions: ConsoleActions;
  readonly history: CommandHistory;
  readonly now: () => number;
  /** Timers of the keyboard layer: the Ctrl-C window and the wait for cancels when quitting. */
  readonly timers: Pick<Clock, 'setTimer'>;
  /** The layout on screen (undefined while the terminal is too small): what Tab and PgDn measure. */
  readonly layout: RefObject<ConsoleLayout | undefined>;
}

/**
 * The console's one keyboard handler. Every input event is split into keys and each is dispatched
 * against the state the previous one left, so a paste or a burst of fast typing over ssh behaves as
 * if typed one key at a time. Owns the timers the keys start, and stops them when unmounted.
 */
export function useKeyboard(options: KeyboardOptions): void {
  const { ui, store, actions, history, now, timers, layout } = options;
  const { isRawModeSupported } = useStdin();
  const stopQuitWait = useRef<(() => void) | undefined>(undefined);

  const env = useMemo<KeyEnv>(
    () => ({
      ui,
      store,
      actions,
      history,
      now,
      panes: () => (layout.current === undefined ? [] : visiblePanes(layout.current)),
      paneRows: (id) => paneRowsIn(layout.current, id),
      helpRows: () => (layout.current === undefined ? 0 : paneRows(helpBox(layout.current))),
      quitAfterCancel: () => {
        stopQuitWait.current?.();
        stopQuitWait.current = quitAfterCancellingAll({ store, actions, clock: timers });
      },
    }),
    [ui, store, actions, history, now, timers, layout],
  );
  useEffect(() => () => stopQuitWait.current?.(), []);

  const handleInput = useCallback((input: string, key: Key) => dispatchKeys(env, keystrokes(input, key)), [env]);
  // Without a TTY on stdin Ink cannot enter raw mode and would throw; the console is then view-only.
  useInput(handleInput, { isActive: isRawModeSupported });

  // "press Ctrl-C again" goes away when the window for the second press closes.
  const armedAt = useStore(ui, (s) => s.ctrlCAt);
  useEffect(() => {
    if (armedAt === undefined) return undefined;
    return timers.setTimer(() => {
      if (ui.getState().ctrlCAt === armedAt) ui.setState({ ctrlCAt: undefined });
    }, QUIT_PRESS_WINDOW_MS);
  }, [ui, timers, armedAt]);
}
