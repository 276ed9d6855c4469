import { PANE_IDS } from './layout.js';

/**
 * A key as the console names it: a printable character as itself (`c`, `C`, `?`, `1`), or one of
 * the named keys below. Ink's (input, key) pairs are turned into these by keystrokes().
 */
export type KeyName = string;

/**
 * Where a key means something. Contexts nest: a key bound in `global` works in every context, a key
 * bound in `main` works on the command line and on every pane, one bound in `panes` on every pane.
 */
export type KeyContext =
  | 'global'
  | 'main'
  | 'command line'
  | 'panes'
  | 'orders'
  | 'positions'
  | 'watchlist'
  | 'strategies'
  | 'filter'
  | 'help'
  | 'backtest'
  | 'confirm'
  | 'quit'
  | 'quit strategies';

export const CONTEXT_PARENT: Readonly<Record<KeyContext, KeyContext | undefined>> = {
  global: undefined,
  main: 'global',
  'command line': 'main',
  panes: 'main',
  orders: 'panes',
  positions: 'panes',
  watchlist: 'panes',
  strategies: 'panes',
  filter: 'global',
  help: 'global',
  backtest: 'global',
  confirm: 'global',
  quit: 'global',
  'quit strategies': 'global',
};

/** Headings of the help overlay and the README table, in the order they are listed. */
export const CONTEXT_TITLES: Readonly<Record<KeyContext, string>> = {
  global: 'Everywhere',
  main: 'Command line and panes',
  'command line': 'Command line (focused at start; letters type here)',
  panes: 'Any focused pane (letters are keys here, not typing)',
  orders: 'Orders pane',
  positions: 'Positions pane',
  watchlist: 'Watchlist pane',
  strategies: 'Strategies pane',
  filter: 'Typing a filter (after /)',
  help: 'This help',
  backtest: 'Backtest result (opens when a backtest run from the command line is done)',
  confirm: 'Confirmation prompt (any key but y declines)',
  quit: 'Quit prompt (orders are working; running strategies are stopped either way)',
  'quit strategies': 'Quit prompt (strategies are running, no order of yours is working)',
};

export type CommandId =
  | 'app.quit'
  | 'focus.next'
  | 'focus.previous'
  | 'line.submit'
  | 'line.historyBack'
  | 'line.historyForward'
  | 'line.backspace'
  | 'line.deleteWord'
  | 'line.clear'
  | 'help.open'
  | 'focus.jump'
  | 'filter.start'
  | 'row.down'
  | 'row.up'
  | 'row.first'
  | 'row.last'
  | 'row.pageDown'
  | 'row.pageUp'
  | 'metrics.toggle'
  | 'log.cycleLevel'
  | 'pane.back'
  | 'order.cancel'
  | 'order.cancelAll'
  | 'order.replace'
  | 'position.flatten'
  | 'position.flattenAll'
  | 'symbol.unwatch'
  | 'strategy.stop'
  | 'strategy.pause'
  | 'strategy.resume'
  | 'filter.keep'
  | 'filter.clear'
  | 'filter.backspace'
  | 'help.close'
  | 'help.down'
  | 'help.up'
  | 'help.pageDown'
  | 'help.pageUp'
  | 'help.top'
  | 'help.bottom'
  | 'backtest.close'
  | 'backtest.down'
  | 'backtest.up'
  | 'backtest.pageDown'
  | 'backtest.pageUp'
  | 'backtest.top'
  | 'backtest.bottom'
  | 'confirm.yes'
  | 'confirm.no'
  | 'quit.leave'
  | 'quit.cancelOrders'
  | 'quit.stay';

export interface KeyBinding {
  readonly id: CommandId;
  readonly context: KeyContext;
  readonly keys: readonly KeyName[];
  /** How the keys are written in the help when listing them one by one would not read well. */
  readonly keysLabel?: string;
  readonly description: string;
  /** The key and a word or two for the hint line while a pane is focused (`c cancel`); absent: not hinted. */
  readonly hint?: string;
}

/** The number keys: key n focuses the n-th of layout's PANE_IDS, so a pane keeps its number whatever is on screen. */
export const PANE_KEYS: readonly KeyName[] = PANE_IDS.map((_, i) => String(i + 1));

/**
 * The one table of keys. The key handlers are looked up here by context and key, and the help
 * overlay and the README's key table list it, so a key cannot work without being documented.
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { id: 'app.quit', context: 'global', keys: ['ctrl-c'], description: 'quit: press twice within 3 s (asks first while orders are working or strategies running)' },

  { id: 'focus.next', context: 'main', keys: ['tab'], description: 'complete the word being typed (verb or symbol); otherwise focus the next pane', hint: 'Tab next pane' },
  { id: 'focus.previous', context: 'main', keys: ['shift-tab'], description: 'focus the previous pane' },

  { id: 'line.submit', context: 'command line', keys: ['enter'], description: 'send the line (cancel all, flatten and large orders wait for y)' },
  { id: 'line.historyBack', context: 'command line', keys: ['up'], description: 'previous command line from history (kept across restarts)' },
  { id: 'line.historyForward', context: 'command line', keys: ['down'], description: 'next command line from history' },
  { id: 'line.backspace', context: 'command line', keys: ['backspace'], description: 'delete the last character' },
  { id: 'line.deleteWord', context: 'command line', keys: ['ctrl-w'], description: 'delete the last word' },
  { id: 'line.clear', context: 'command line', keys: ['escape', 'ctrl-u'], description: 'clear the line' },
  { id: 'help.open', context: 'command line', keys: ['?'], description: 'this help, on an empty line (otherwise ? is typed)' },

  {
    id: 'focus.jump',
    context: 'panes',
    keys: PANE_KEYS,
    keysLabel: `1–${PANE_KEYS.length}`,
    description: `focus pane n: ${PANE_IDS.map((id, i) => `${i + 1} ${id}`).join(', ')}`,
  },
  { id: 'row.down', context: 'panes', keys: ['j', 'down'], description: 'select the next row', hint: 'j/k move' },
  { id: 'row.up', context: 'panes', keys: ['k', 'up'], description: 'select the previous row' },
  { id: 'row.first', context: 'panes', keys: ['g', 'home'], description: 'select the first row' },
  { id: 'row.last', context: 'panes', keys: ['G', 'end'], description: 'select the last row' },
  { id: 'row.pageDown', context: 'panes', keys: ['pagedown'], description: 'down one page' },
  { id: 'row.pageUp', context: 'panes', keys: ['pageup'], description: 'up one page' },
  { id: 'filter.start', context: 'panes', keys: ['/'], description: "filter this pane's rows by text (symbol, side, status); shown in its title", hint: '/ filter' },
  { id: 'metrics.toggle', context: 'panes', keys: ['m'], description: 'show or hide the metrics pane' },
  { id: 'log.cycleLevel', context: 'panes', keys: ['L'], description: 'cycle the log level shown: info → warn → error → debug' },
  { id: 'help.open', context: 'panes', keys: ['?'], description: 'this help', hint: '? help' },
  { id: 'pane.back', context: 'panes', keys: ['escape'], description: "clear the pane's filter; otherwise back to the command line", hint: 'Esc back' },

  { id: 'order.cancel', context: 'orders', keys: ['c'], description: 'cancel the selected order (sends cancel #N)', hint: 'c cancel' },
  { id: 'order.cancelAll', context: 'orders', keys: ['C'], description: 'cancel all working orders (sends cancel all after y)', hint: 'C cancel all' },
  { id: 'order.replace', context: 'orders', keys: ['r'], description: 'replace the selected order: puts replace #N @ PRICE on the command line to edit', hint: 'r replace' },

  { id: 'position.flatten', context: 'positions', keys: ['x'], description: 'close the selected position at market (sends flatten SYMBOL after y)', hint: 'x close' },
  { id: 'position.flattenAll', context: 'positions', keys: ['X'], description: 'close every position at market (sends flatten all after y)', hint: 'X close all' },

  { id: 'symbol.unwatch', context: 'watchlist', keys: ['u'], description: 'stop watching the selected symbol (sends unwatch SYMBOL)', hint: 'u unwatch' },

  { id: 'strategy.stop', context: 'strategies', keys: ['x'], description: 'stop the selected strategy, cancelling its working orders (sends strategy stop ID)', hint: 'x stop' },
  { id: 'strategy.pause', context: 'strategies', keys: ['p'], description: 'pause the selected strategy: no new signals until resumed (sends strategy pause ID)', hint: 'p pause' },
  { id: 'strategy.resume', context: 'strategies', keys: ['r'], description: 'resume the selected paused or reducing strategy (sends strategy resume ID)', hint: 'r resume' },

  { id: 'filter.keep', context: 'filter', keys: ['enter'], description: 'keep the filter and go back to the rows', hint: 'Enter keep the filter' },
  { id: 'filter.clear', context: 'filter', keys: ['escape'], description: 'clear the filter', hint: 'Esc clear it' },
  { id: 'filter.backspace', context: 'filter', keys: ['backspace'], description: 'delete the last character of the filter' },

  { id: 'help.close', context: 'help', keys: ['escape', '?', 'q'], description: 'close the help' },
  { id: 'help.down', context: 'help', keys: ['j', 'down'], description: 'scroll down a line' },
  { id: 'help.up', context: 'help', keys: ['k', 'up'], description: 'scroll up a line' },
  { id: 'help.pageDown', context: 'help', keys: ['pagedown', ' '], description: 'scroll down a page' },
  { id: 'help.pageUp', context: 'help', keys: ['pageup'], description: 'scroll up a page' },
  { id: 'help.top', context: 'help', keys: ['g', 'home'], description: 'to the top' },
  { id: 'help.bottom', context: 'help', keys: ['G', 'end'], description: 'to the end' },

  { id: 'backtest.close', context: 'backtest', keys: ['escape', 'q'], description: 'close the result' },
  { id: 'backtest.down', context: 'backtest', keys: ['j', 'down'], description: 'scroll the result down a line' },
  { id: 'backtest.up', context: 'backtest', keys: ['k', 'up'], description: 'scroll the result up a line' },
  { id: 'backtest.pageDown', context: 'backtest', keys: ['pagedown', ' '], description: 'scroll the result down a page' },
  { id: 'backtest.pageUp', context: 'backtest', keys: ['pageup'], description: 'scroll the result up a page' },
  { id: 'backtest.top', context: 'backtest', keys: ['g', 'home'], description: 'to the top of the result' },
  { id: 'backtest.bottom', context: 'backtest', keys: ['G', 'end'], description: 'to the end of the result' },

  { id: 'confirm.yes', context: 'confirm', keys: ['y'], description: 'send exactly the command shown, once' },
  { id: 'confirm.no', context: 'confirm', keys: ['n', 'escape'], description: 'do not send it (Enter and every other key decline too)' },

  { id: 'quit.leave', context: 'quit', keys: ['l'], description: 'leave; the orders keep working at the exchange' },
  { id: 'quit.cancelOrders', context: 'quit', keys: ['c'], description: 'cancel every working order, wait up to 5 s for the cancels, then leave' },
  { id: 'quit.stay', context: 'quit', keys: ['escape'], description: 'stay in Blotter' },

  { id: 'quit.leave', context: 'quit strategies', keys: ['y'], description: 'stop the strategies (cancelling their working orders), then leave' },
  { id: 'quit.stay', context: 'quit strategies', keys: ['n', 'escape'], description: 'stay in Blotter; the strategies keep running' },
];

const KEY_LABELS: Readonly<Record<string, string>> = {
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift-tab': 'Shift-Tab',
  backspace: 'Backspace',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  ' ': 'Space',
};

/** `Ctrl-C`, `Esc`, `↑`, `j`. */
export function keyLabel(key: KeyName): string {
  const label = KEY_LABELS[key];
  if (label !== undefined) return label;
  if (key.startsWith('ctrl-')) return `Ctrl-${key.slice(5).toUpperCase()}`;
  return key;
}

/** `j ↓`, `Esc Ctrl-U`, or the binding's own label. */
export function bindingKeysLabel(binding: KeyBinding): string {
  return binding.keysLabel ?? binding.keys.map(keyLabel).join(' ');
}

/** The context and those it sits in, innermost first: where a key is looked for. */
export function contextChain(context: KeyContext): KeyContext[] {
  const chain: KeyContext[] = [];
  for (let c: KeyContext | undefined = context; c !== undefined; c = CONTEXT_PARENT[c]) chain.push(c);
  return chain;
}

/** The binding a key has in a context, looking outwards from it; undefined when it has none. */
export function findBinding(context: KeyContext, key: KeyName): KeyBinding | undefined {
  for (const c of contextChain(context)) {
    const binding = KEY_BINDINGS.find((b) => b.context === c && b.keys.includes(key));
    if (binding !== undefined) return binding;
  }
  return undefined;
}

/** The hints of the keys a focused pane answers to, its own first: `c cancel  C cancel all  j/k move …`. */
export function paneHints(context: KeyContext): string {
  return contextChain(context)
    .flatMap((c) => KEY_BINDINGS.filter((b) => b.context === c && b.hint !== undefined))
    .map((b) => b.hint)
    .join('  ');
}
