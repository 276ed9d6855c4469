import {
  CANCEL_ALL_COMMAND,
  cancelOrderCommand,
  FLATTEN_ALL_COMMAND,
  flattenCommand,
  replaceOrderCommand,
  strategyCommand,
  unwatchCommand,
  type StrategyControl,
} from '../store/order-commands.js';
import { filteredPositions, workingOrderCount } from '../store/selectors.js';
import type { UiState } from '../store/ui-store.js';
import { browseHistory, completeOrFocus, setText, submitLine } from './command-line-keys.js';
import { backtestLineCount } from './backtest-lines.js';
import { HELP_LINES } from './help-lines.js';
import { contextChain, findBinding, type CommandId, type KeyContext, type KeyName } from './key-bindings.js';
import { askFor, decline, notice, requestQuit, send, type KeyEnv, type KeyResult } from './key-env.js';
import { PANE_IDS, type PaneId } from './layout.js';
import { backspace, deleteWord } from './line-editor.js';
import { controllableStrategy, cycleFocus, focus, focusedPane, moveRows, page, selectedKey, setFilter, workingSelection } from './pane-keys.js';
import { PANE_SPECS } from './panes.js';

/** A strategies pane key: sends the control for the selected instance, as typing it would, so the answer is the command's. */
function controlStrategy(control: StrategyControl): Handler {
  return (env) => {
    const strategy = controllableStrategy(env, control);
    if (strategy !== undefined) send(env, strategyCommand(control, strategy.id));
  };
}

/** A second Ctrl-C within this long of the first quits. */
export const QUIT_PRESS_WINDOW_MS = 3_000;

type Handler = (env: KeyEnv, key: KeyName) => KeyResult | void;

/**
 * Which keys apply now: a prompt or overlay takes the keyboard, else the focused pane or the command
 * line. `backtestShown`: a backtest's result is open over the panes.
 */
export function contextOf(ui: UiState, backtestShown = false): KeyContext {
  if (ui.quit !== undefined) return ui.quit.step === 'ask' ? 'quit' : ui.quit.step === 'confirm' ? 'quit strategies' : 'global';
  if (ui.confirm !== undefined) return 'confirm';
  if (ui.help !== undefined) return 'help';
  if (backtestShown) return 'backtest';
  if (ui.focus === 'command') return 'command line';
  if (ui.editingFilter) return 'filter';
  return PANE_SPECS[ui.focus as PaneId]?.context ?? 'panes';
}

function scrollHelp(env: KeyEnv, to: (scroll: number, page: number) => number): void {
  const { help } = env.ui.getState();
  if (help === undefined) return;
  const rows = Math.max(1, env.helpRows());
  const last = Math.max(0, HELP_LINES.length - rows);
  env.ui.setState({ help: { scroll: Math.min(last, Math.max(0, to(help.scroll, rows))) } });
}

/** Scrolls the backtest overlay within its lines, as many as the overlay's room makes of the result. */
function scrollBacktest(env: KeyEnv, to: (scroll: number, page: number) => number): void {
  const rows = Math.max(1, env.helpRows());
  const shown = env.store.getState().backtest;
  if (shown === undefined) return;
  const last = Math.max(0, backtestLineCount(shown.result, rows) - rows);
  env.actions.scrollBacktest((scroll) => Math.min(last, Math.max(0, to(scroll, rows))));
}

export const KEY_HANDLERS: Readonly<Record<CommandId, Handler>> = {
  'app.quit': (env) => {
    const ui = env.ui.getState();
    const now = env.now();
    if (ui.confirm !== undefined) decline(env);
    if (ui.ctrlCAt !== undefined && now - ui.ctrlCAt <= QUIT_PRESS_WINDOW_MS) {
      env.ui.setState({ ctrlCAt: undefined });
      requestQuit(env);
    } else {
      env.ui.setState({ ctrlCAt: now });
    }
  },
  'focus.next': completeOrFocus,
  'focus.previous': (env) => cycleFocus(env, -1),

  'line.submit': submitLine,
  'line.historyBack': (env) => browseHistory(env, -1),
  'line.historyForward': (env) => browseHistory(env, 1),
  'line.backspace': (env) => setText(env, backspace(env.ui.getState().text)),
  'line.deleteWord': (env) => setText(env, deleteWord(env.ui.getState().text)),
  'line.clear': (env) => setText(env, ''),
  'help.open': (env) => {
    const ui = env.ui.getState();
    if (ui.focus === 'command' && ui.text !== '') return 'pass';
    env.ui.setState({ help: { scroll: 0 } });
    return 'handled';
  },

  'focus.jump': (env, key) => {
    const id = PANE_IDS[Number(key) - 1];
    if (id === undefined) return;
    if (env.panes().includes(id)) focus(env, id);
    else notice(env, id === 'metrics' ? 'the metrics pane is hidden: m shows it' : `the ${id} pane has no room on screen now`);
  },
  'filter.start': (env) => {
    env.ui.setState({ editingFilter: true });
  },
  'row.down': (env) => moveRows(env, { kind: 'by', rows: 1 }),
  'row.up': (env) => moveRows(env, { kind: 'by', rows: -1 }),
  'row.first': (env) => moveRows(env, { kind: 'first' }),
  'row.last': (env) => moveRows(env, { kind: 'last' }),
  'row.pageDown': (env) => moveRows(env, { kind: 'by', rows: page(env) }),
  'row.pageUp': (env) => moveRows(env, { kind: 'by', rows: -page(env) }),
  'metrics.toggle': (env) => env.actions.toggleMetrics(),
  'log.cycleLevel': (env) => env.actions.cycleLogLevel(),
  'pane.back': (env) => {
    const id = focusedPane(env);
    if (id !== undefined && (env.ui.getState().filters[id] ?? '') !== '') setFilter(env, () => '');
    else focus(env, 'command');
  },

  'order.cancel': (env) => {
    const order = workingSelection(env, 'cancelled');
    if (order !== undefined) send(env, cancelOrderCommand(order));
  },
  'order.cancelAll': (env) => {
    if (workingOrderCount(env.store.getState().orders) === 0) notice(env, 'no working orders to cancel');
    else return askFor(env, CANCEL_ALL_COMMAND);
    return 'handled';
  },
  'order.replace': (env) => {
    const order = workingSelection(env, 'replaced');
    if (order === undefined) return;
    env.ui.setState({ focus: 'command', editingFilter: false, text: replaceOrderCommand(order), historyCursor: undefined });
  },

  'position.flatten': (env) => {
    const symbol = selectedKey(env, 'positions');
    if (symbol === undefined) notice(env, 'no position selected');
    else return askFor(env, flattenCommand(symbol));
    return 'handled';
  },
  'position.flattenAll': (env) => {
    if (filteredPositions(env.store.getState().portfolio, '').length === 0) notice(env, 'no open positions to close');
    else return askFor(env, FLATTEN_ALL_COMMAND);
    return 'handled';
  },

  'symbol.unwatch': (env) => {
    const symbol = selectedKey(env, 'watchlist');
    if (symbol === undefined) notice(env, 'no symbol selected');
    else send(env, unwatchCommand(symbol));
  },

  'strategy.stop': controlStrategy('stop'),
  'strategy.pause': controlStrategy('pause'),
  'strategy.resume': controlStrategy('resume'),

  'filter.keep': (env) => {
    env.ui.setState({ editingFilter: false });
  },
  'filter.clear': (env) => {
    setFilter(env, () => '');
    env.ui.setState({ editingFilter: false });
  },
  'filter.backspace': (env) => setFilter(env, backspace),

  'help.close': (env) => {
    env.ui.setState({ help: undefined });
  },
  'help.down': (env) => scrollHelp(env, (scroll) => scroll + 1),
  'help.up': (env) => scrollHelp(env, (scroll) => scroll - 1),
  'help.pageDown': (env) => scrollHelp(env, (scroll, rows) => scroll + rows),
  'help.pageUp': (env) => scrollHelp(env, (scroll, rows) => scroll - rows),
  'help.top': (env) => scrollHelp(env, () => 0),
  'help.bottom': (env) => scrollHelp(env, () => HELP_LINES.length),

  'backtest.close': (env) => env.actions.closeBacktest(),
  'backtest.down': (env) => scrollBacktest(env, (scroll) => scroll + 1),
  'backtest.up': (env) => scrollBacktest(env, (scroll) => scroll - 1),
  'backtest.pageDown': (env) => scrollBacktest(env, (scroll, rows) => scroll + rows),
  'backtest.pageUp': (env) => scrollBacktest(env, (scroll, rows) => scroll - rows),
  'backtest.top': (env) => scrollBacktest(env, () => 0),
  'backtest.bottom': (env) => scrollBacktest(env, () => Number.MAX_SAFE_INTEGER),

  'confirm.yes': (env) => {
    const { confirm } = env.ui.getState();
    if (confirm === undefined) return 'handled';
    // Cleared before sending: a second y, however soon, finds nothing to confirm.
    env.ui.setState({ confirm: undefined });
    send(env, confirm.command);
    return 'end-chunk';
  },
  'confirm.no': decline,

  'quit.leave': (env) => env.actions.quit(),
  'quit.cancelOrders': (env) => {
    env.ui.setState({ quit: { step: 'cancelling' } });
    env.quitAfterCancel();
  },
  'quit.stay': (env) => {
    env.ui.setState({ quit: undefined });
  },
};

/** A printable key nothing is bound to: typed on the command line and in a filter, declined by a prompt. */
function unbound(env: KeyEnv, context: KeyContext, key: KeyName): KeyResult {
  const printable = Array.from(key).length === 1;
  if (context === 'confirm') return decline(env);
  if (!printable) return 'handled';
  if (context === 'command line') setText(env, env.ui.getState().text + key);
  else if (context === 'filter') setFilter(env, (filter) => filter + key);
  else if (contextChain(context).includes('panes')) {
    notice(env, `'${key}' is not a key on this pane: Esc goes back to the command line to type, ? lists the keys`);
  }
  return 'handled';
}

/** Handles one key against the state as the previous key left it. */
export function dispatchKey(env: KeyEnv, key: KeyName): KeyResult {
  const context = contextOf(env.ui.getState(), env.store.getState().backtest !== undefined);
  // Any key dismisses the answer to the previous one and marks the feedback on screen as seen.
  env.ui.setState({ notice: undefined, failure: undefined, dismissedFeedback: env.store.getState().feedback });
  const binding = findBinding(context, key);
  if (binding !== undefined) {
    const result = KEY_HANDLERS[binding.id](env, key) ?? 'handled';
    if (result !== 'pass') return result;
  }
  return unbound(env, context, key);
}

/** Handles the keys of one input event in order, each seeing the state the previous one left. */
export function dispatchKeys(env: KeyEnv, keys: readonly KeyName[]): void {
  for (const key of keys) if (dispatchKey(env, key) === 'end-chunk') return;
}
