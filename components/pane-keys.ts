import { isOrderWorking, type Order } from '../src/domain/order.js';
import type { StrategyControl } from '../store/order-commands.js';
import type { StrategyState, StrategyView } from '../store/strategy-view.js';
import { moveSelection, selectedIndex, type RowMove } from '../store/row-selection.js';
import type { Focus } from '../store/ui-store.js';
import { notice, type KeyEnv } from './key-env.js';
import type { PaneId } from './layout.js';
import { PANE_SPECS } from './panes.js';

export function focus(env: KeyEnv, target: Focus): void {
  env.ui.setState({ focus: target, editingFilter: false });
}

/** Tab and Shift-Tab: the command line, then the panes on screen in number-key order, round again. */
export function cycleFocus(env: KeyEnv, step: 1 | -1): void {
  const order: Focus[] = ['command', ...env.panes()];
  const at = Math.max(0, order.indexOf(env.ui.getState().focus));
  focus(env, order[(at + step + order.length) % order.length] ?? 'command');
}

export function focusedPane(env: KeyEnv): PaneId | undefined {
  const { focus: target } = env.ui.getState();
  return target === 'command' ? undefined : (target as PaneId);
}

/** A pane's row keys as it draws them now: same selector, same filter, same height. */
export function rowKeys(env: KeyEnv, id: PaneId): readonly string[] {
  return PANE_SPECS[id].rowKeys(env.store.getState(), env.ui.getState().filters[id] ?? '', env.paneRows(id));
}

/** The key of a pane's selected row, as the pane highlights it. */
export function selectedKey(env: KeyEnv, id: PaneId): string | undefined {
  const keys = rowKeys(env, id);
  return keys[selectedIndex(keys, env.ui.getState().selection[id], PANE_SPECS[id].anchor)];
}

export function moveRows(env: KeyEnv, move: RowMove): void {
  const id = focusedPane(env);
  if (id === undefined) return;
  const ui = env.ui.getState();
  const next = moveSelection(rowKeys(env, id), ui.selection[id], PANE_SPECS[id].anchor, move);
  if (next !== undefined) env.ui.setState({ selection: { ...ui.selection, [id]: next } });
}

/** PgUp/PgDn: a pane's height less one row, so the row at the edge stays in view. */
export function page(env: KeyEnv): number {
  const id = focusedPane(env);
  return Math.max(1, (id === undefined ? 0 : env.paneRows(id)) - 1);
}

export function setFilter(env: KeyEnv, update: (filter: string) => string): void {
  const id = focusedPane(env);
  if (id === undefined) return;
  const { filters } = env.ui.getState();
  env.ui.setState({ filters: { ...filters, [id]: update(filters[id] ?? '') } });
}

/** The selected order if it is still working; otherwise says why nothing happens. */
export function workingSelection(env: KeyEnv, doing: string): Order | undefined {
  const key = selectedKey(env, 'orders');
  const order = key === undefined ? undefined : env.store.getState().orders[key];
  if (order === undefined) notice(env, 'no order selected');
  else if (!isOrderWorking(order)) notice(env, `#${order.seq} is ${order.status.replace('_', ' ')}: only a working order can be ${doing}`);
  else return order;
  return undefined;
}

/** The states each key of the strategies pane applies in, as the strategy manager allows them. */
const CONTROL_FROM: Readonly<Record<StrategyControl, { readonly states: readonly StrategyState[]; readonly doing: string }>> = {
  stop: { states: ['running', 'paused', 'reducing'], doing: 'stopped' },
  pause: { states: ['running', 'reducing'], doing: 'paused' },
  resume: { states: ['paused', 'reducing'], doing: 'resumed' },
};

/** `running, paused or reducing`. */
function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The selected strategy if the control applies to it; otherwise says why nothing happens. */
export function controllableStrategy(env: KeyEnv, control: StrategyControl): StrategyView | undefined {
  const key = selectedKey(env, 'strategies');
  const strategy = key === undefined ? undefined : env.store.getState().strategies.find((s) => s.id === key);
  const { states, doing } = CONTROL_FROM[control];
  if (strategy === undefined) notice(env, 'no strategy selected');
  else if (!states.includes(strategy.state)) notice(env, `${strategy.id} is ${strategy.state}: only a ${oneOf(states)} strategy can be ${doing}`);
  else return strategy;
  return undefined;
}
