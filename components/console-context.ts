import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleState, ConsoleStore } from '../store/console-store.js';

export interface ConsoleContextValue {
  readonly store: ConsoleStore;
  readonly actions: ConsoleActions;
}

/** Store and actions come through context, so each test renders with its own and nothing is mocked. */
export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

function useConsoleContext(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === undefined) throw new Error('console components must be rendered inside <App>');
  return value;
}

/**
 * Reads the store. The selector must return a primitive or a reference the store already holds
 * (zustand 5 loops on a fresh object per call); derive anything else with useMemo.
 */
export function useConsole<T>(selector: (state: ConsoleState) => T): T {
  return useStore(useConsoleContext().store, selector);
}

export function useConsoleActions(): ConsoleActions {
  return useConsoleContext().actions;
}
