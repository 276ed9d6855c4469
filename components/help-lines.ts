import { COMMANDS } from '../src/command/commands.js';
import { bindingKeysLabel, CONTEXT_TITLES, KEY_BINDINGS, type KeyBinding, type KeyContext } from './key-bindings.js';

export interface HelpLine {
  readonly text: string;
  readonly heading: boolean;
}

const KEYS_WIDTH = 16;
const CONTEXTS = Object.keys(CONTEXT_TITLES) as KeyContext[];

function bindingsIn(context: KeyContext): KeyBinding[] {
  return KEY_BINDINGS.filter((b) => b.context === context);
}

/** `  j ↓              select the next row` */
export function bindingLine(binding: KeyBinding): string {
  return `  ${bindingKeysLabel(binding).padEnd(KEYS_WIDTH)} ${binding.description}`;
}

/** Everything the `?` overlay lists: every key binding by where it works, then the command language. */
export function helpLines(): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const context of CONTEXTS) {
    const bindings = bindingsIn(context);
    if (bindings.length === 0) continue;
    if (lines.length > 0) lines.push({ text: '', heading: false });
    lines.push({ text: CONTEXT_TITLES[context], heading: true });
    for (const binding of bindings) lines.push({ text: bindingLine(binding), heading: false });
  }
  lines.push({ text: '', heading: false }, { text: 'Commands (type them on the command line; Enter sends)', heading: true });
  for (const command of COMMANDS) {
    lines.push({ text: `  ${command.usage}`, heading: false }, { text: `      ${command.description}`, heading: false });
  }
  return lines;
}

/** The help's lines never change while Blotter runs: the table and the command list are fixed. */
export const HELP_LINES: readonly HelpLine[] = helpLines();

/** The README table's short "where" column. */
const WHERE: Readonly<Record<KeyContext, string>> = {
  global: 'everywhere',
  main: 'command line, panes',
  'command line': 'command line',
  panes: 'any pane',
  orders: 'orders',
  positions: 'positions',
  watchlist: 'watchlist',
  strategies: 'strategies',
  filter: 'typing a filter',
  help: 'help',
  backtest: 'backtest result',
  confirm: 'confirmation',
  quit: 'quit prompt',
  'quit strategies': 'quit prompt (strategies)',
};

/**
 * The README's key table, one row per binding in the order of the help overlay. The README holds a
 * copy; a test keeps it from drifting.
 */
export function keyTableMarkdown(): string[] {
  const rows = ['| keys | where | what they do |', '| --- | --- | --- |'];
  for (const context of CONTEXTS) {
    for (const binding of bindingsIn(context)) {
      rows.push(`| \`${bindingKeysLabel(binding)}\` | ${WHERE[context]} | ${binding.description} |`);
    }
  }
  return rows;
}
