import type { RowSelection } from './ui-store.js';

/** Where a pane starts: lists (orders, positions) at the top row, the log at its newest, bottom row. */
export type RowAnchor = 'top' | 'bottom';

export type RowMove =
  | { readonly kind: 'by'; readonly rows: number }
  | { readonly kind: 'first' }
  | { readonly kind: 'last' };

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * Which of `keys` (the rows in the order the pane draws them) is selected; -1 when there are none.
 * The selection follows its row when rows move (a new order arrives above it); if its row has gone
 * (filtered out, or no longer listed), the row now at its old place is selected instead.
 */
export function selectedIndex(keys: readonly string[], selection: RowSelection | undefined, anchor: RowAnchor): number {
  if (keys.length === 0) return -1;
  if (selection === undefined) return anchor === 'top' ? 0 : keys.length - 1;
  const at = keys.indexOf(selection.key);
  return at >= 0 ? at : clamp(selection.index, 0, keys.length - 1);
}

/** The selection after a move; undefined when the pane has no rows. */
export function moveSelection(
  keys: readonly string[],
  selection: RowSelection | undefined,
  anchor: RowAnchor,
  move: RowMove,
): RowSelection | undefined {
  if (keys.length === 0) return undefined;
  const from = selectedIndex(keys, selection, anchor);
  const last = keys.length - 1;
  const index = move.kind === 'first' ? 0 : move.kind === 'last' ? last : clamp(from + move.rows, 0, last);
  return { key: keys[index] ?? '', index };
}

/**
 * The first row drawn when `height` rows fit: the previous window is kept while the selected row is
 * in it, and moved just enough to bring it back into view, so j/k move the highlight, not the page.
 */
export function windowStart(
  previousStart: number | undefined,
  selected: number,
  height: number,
  total: number,
  anchor: RowAnchor,
): number {
  const maxStart = Math.max(0, total - height);
  let start = clamp(previousStart ?? (anchor === 'top' ? 0 : maxStart), 0, maxStart);
  if (selected < 0) return start;
  if (selected < start) start = selected;
  else if (selected >= start + height) start = selected - height + 1;
  return start;
}
