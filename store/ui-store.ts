import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Feedback } from './console-store.js';

/** A pane's id, as the pane list names it (`orders`, `positions`, …). */
export type PaneId = string;

/** Where typed keys go: the command line, or the pane with this id. */
export type Focus = 'command' | PaneId;

/** The selected row of a pane: its key (an order id, a symbol), and where it was, for when it goes away. */
export interface RowSelection {
  readonly key: string;
  readonly index: number;
}

/** A one-keystroke message from the keyboard layer: "nothing to cancel", the completions of a word. */
export interface Notice {
  readonly text: string;
  readonly tone: 'hint' | 'warn' | 'error';
}

/** An action waiting for an explicit `y`. */
export interface PendingConfirm {
  /** Exactly the command line `y` sends. */
  readonly command: string;
  /** Why it asks (what the command will do, or why the order counts as large). */
  readonly reason: string;
  /** What the command line holds again if the trader declines: the typed line, or nothing. */
  readonly restore: string;
}

/**
 * Quitting with something still going: `ask` what to do with working orders (strategies, if any,
 * are stopped either way), then `cancelling` while waiting for the cancels; or, with strategies
 * running and no order of the trader's working, `confirm` that stopping them is meant.
 */
export type QuitStep = { readonly step: 'ask' } | { readonly step: 'cancelling' } | { readonly step: 'confirm' };

/** Browsing the command history: which entry is shown, and the line typed before browsing began. */
export interface HistoryCursor {
  readonly index: number;
  readonly draft: string;
}

/**
 * The console's own state (the keyboard's and the screen's), apart from the core's projection.
 * Read and written synchronously by the key handlers: a burst of keys arriving before React renders
 * must see each earlier key's effect, which React state set from a stale closure would not.
 */
export interface UiState {
  readonly focus: Focus;
  /** The command line's text; the cursor is always at its end. */
  readonly text: string;
  readonly historyCursor: HistoryCursor | undefined;
  /** The feedback current at the last keystroke: it has been seen, so only newer feedback shows. */
  readonly dismissedFeedback: Feedback | undefined;
  /** A submit that failed outright (the application's promise rejected). */
  readonly failure: string | undefined;
  readonly notice: Notice | undefined;
  readonly selection: Readonly<Record<PaneId, RowSelection>>;
  readonly filters: Readonly<Record<PaneId, string>>;
  /** Keys are typing into the focused pane's filter (after `/`). */
  readonly editingFilter: boolean;
  /** The help overlay, when open, and how far it is scrolled. */
  readonly help: { readonly scroll: number } | undefined;
  readonly confirm: PendingConfirm | undefined;
  readonly quit: QuitStep | undefined;
  /** When Ctrl-C was pressed once; a second press soon after quits. */
  readonly ctrlCAt: number | undefined;
}

export type UiStore = StoreApi<UiState>;

export const INITIAL_UI_STATE: UiState = {
  focus: 'command',
  text: '',
  historyCursor: undefined,
  dismissedFeedback: undefined,
  failure: undefined,
  notice: undefined,
  selection: {},
  filters: {},
  editingFilter: false,
  help: undefined,
  confirm: undefined,
  quit: undefined,
  ctrlCAt: undefined,
};

export function createUiStore(initial: UiState = INITIAL_UI_STATE): UiStore {
  return createStore<UiState>()(() => initial);
}
