import { useRef } from 'react';
import { selectedIndex, windowStart, type RowAnchor } from '../store/row-selection.js';
import type { PaneInteraction } from './pane-interaction.js';

export interface RowWindow<T> {
  /** The rows drawn, at most `height`. */
  readonly visible: readonly T[];
  /** Index of the highlighted row within `visible`; -1 when none is (the pane is not focused). */
  readonly selected: number;
}

/**
 * Which rows a pane draws. Unfocused, its usual window (the top rows, or the log's newest); focused,
 * a window that follows the selected row, kept from one render to the next so moving the highlight
 * inside the window does not scroll it.
 */
export function useRowWindow<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  height: number,
  anchor: RowAnchor,
  interaction: PaneInteraction,
): RowWindow<T> {
  const previousStart = useRef<number | undefined>(undefined);
  if (!interaction.focused) {
    previousStart.current = undefined;
    const start = anchor === 'top' ? 0 : Math.max(0, rows.length - height);
    return { visible: rows.slice(start, start + height), selected: -1 };
  }
  const index = selectedIndex(rows.map(keyOf), interaction.selection, anchor);
  const start = windowStart(previousStart.current, index, height, rows.length, anchor);
  // Derived from the previous window only; rendering twice with the same rows gives the same start.
  previousStart.current = start;
  return { visible: rows.slice(start, start + height), selected: index < 0 ? -1 : index - start };
}
