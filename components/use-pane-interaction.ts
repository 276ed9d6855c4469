import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { UiStore } from '../store/ui-store.js';
import type { PaneId } from './layout.js';
import type { PaneInteraction } from './pane-interaction.js';

/** One pane's share of the keyboard state; a pane re-renders only when its own share changes. */
export function usePaneInteraction(ui: UiStore, id: PaneId): PaneInteraction {
  const focused = useStore(ui, (s) => s.focus === id);
  const selection = useStore(ui, (s) => s.selection[id]);
  const filter = useStore(ui, (s) => s.filters[id] ?? '');
  const editingFilter = useStore(ui, (s) => s.focus === id && s.editingFilter);
  return useMemo(() => ({ focused, selection, filter, editingFilter }), [focused, selection, filter, editingFilter]);
}
