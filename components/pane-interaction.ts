import type { RowSelection } from '../store/ui-store.js';
import type { Segment } from './segments.js';

/** What the keyboard layer tells a pane: whether it has focus, its selected row and its filter. */
export interface PaneInteraction {
  readonly focused: boolean;
  readonly selection: RowSelection | undefined;
  readonly filter: string;
  /** The filter is being typed: the title shows a cursor after it. */
  readonly editingFilter: boolean;
}

/** A pane nobody is interacting with: default window, no highlight, no filter. */
export const IDLE_PANE: PaneInteraction = { focused: false, selection: undefined, filter: '', editingFilter: false };

/** `Orders (3 open) · /aapl`, with a cursor while the filter is typed; the title alone without a filter. */
export function filterTitle(title: string, interaction: PaneInteraction): string {
  if (interaction.editingFilter) return `${title} · /${interaction.filter}█`;
  return interaction.filter === '' ? title : `${title} · /${interaction.filter}`;
}

/** The selected row: inverse across the pane's whole inner width, so it reads as a bar. */
export function highlightRow(segments: readonly Segment[], width: number): Segment[] {
  let used = 0;
  for (const segment of segments) used += segment.text.length;
  const out = segments.map((segment) => ({ ...segment, inverse: true }));
  if (used < width) out.push({ text: ' '.repeat(width - used), inverse: true });
  return out;
}

/** What an empty pane says: its own words, unless a filter is why it is empty. */
export function emptyText(interaction: PaneInteraction, text: string): string {
  return interaction.filter === '' ? text : `nothing matches /${interaction.filter}`;
}
