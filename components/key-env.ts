import type { CommandHistory } from '../store/command-history.js';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleStore } from '../store/console-store.js';
import { ordersLeftOnQuit, strategiesStoppedOnQuit } from '../store/quit-question.js';
import type { Notice, QuitStep, UiStore } from '../store/ui-store.js';
import type { PaneId } from './layout.js';

/** Everything a key handler may read or do. */
export interface KeyEnv {
  readonly ui: UiStore;
  readonly store: ConsoleStore;
  readonly actions: ConsoleActions;
  readonly history: CommandHistory;
  readonly now: () => number;
  /** The panes on screen, in number-key order: what Tab moves through. */
  readonly panes: () => readonly PaneId[];
  /** Rows a pane has room for now (a page for PgUp/PgDn; the log merges lines within it). */
  readonly paneRows: (id: PaneId) => number;
  /** Lines the help overlay has room for. */
  readonly helpRows: () => number;
  /** Cancels every working order and leaves once they are cancelled (bounded); the keyboard hook owns the wait. */
  readonly quitAfterCancel: () => void;
}

/**
 * `handled`: the key was used. `pass`: the binding does not apply now (`?` on a non-empty line),
 * so the context's default applies (typing it). `end-chunk`: the rest of the burst is dropped, because
 * it was typed before the trader saw what this key did (a confirmation prompt opened or answered).
 */
export type KeyResult = 'handled' | 'pass' | 'end-chunk';

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function notice(env: KeyEnv, text: string, tone: Notice['tone'] = 'hint'): void {
  env.ui.setState({ notice: { text, tone } });
}

/** Sends a command line exactly as typing it would; a rejected promise is shown on the command line. */
export function send(env: KeyEnv, command: string): void {
  env.actions.submit(command).then(undefined, (error: unknown) => env.ui.setState({ failure: failureText(error) }));
}

/** Holds a command until the trader answers `y`; keys typed in the same burst are not an answer. */
export function ask(env: KeyEnv, command: string, reason: string, restore = ''): KeyResult {
  env.ui.setState({ confirm: { command, reason, restore } });
  return 'end-chunk';
}

/** Asks before a command a key sends, saying what it will do as the command line's check describes it. */
export function askFor(env: KeyEnv, command: string): KeyResult {
  const description = env.actions.describe(command);
  return ask(env, command, description.confirm ?? (description.kind === 'empty' ? command : description.text));
}

/** The pending confirmation answered with anything but `y`: nothing is sent, a typed line comes back. */
export function decline(env: KeyEnv): KeyResult {
  const { confirm } = env.ui.getState();
  if (confirm === undefined) return 'handled';
  env.ui.setState({ confirm: undefined, text: confirm.restore, historyCursor: undefined, notice: { text: `not sent: ${confirm.command}`, tone: 'hint' } });
  return 'end-chunk';
}

/**
 * Quitting: at once when nothing is working or running; else ask what to do with the trader's working
 * orders, or, with only strategies running, whether to stop them.
 */
export function requestQuit(env: KeyEnv): void {
  const { quit } = env.ui.getState();
  // Quitting again while the cancels are awaited: the trader does not want to wait.
  if (quit?.step === 'cancelling') {
    env.actions.quit();
    return;
  }
  if (quit !== undefined) return;
  const state = env.store.getState();
  const step: QuitStep | undefined = ordersLeftOnQuit(state) > 0 ? { step: 'ask' } : strategiesStoppedOnQuit(state) > 0 ? { step: 'confirm' } : undefined;
  if (step === undefined) {
    env.actions.quit();
    return;
  }
  env.ui.setState({ quit: step, confirm: undefined, help: undefined, editingFilter: false });
}
