import type { ConsoleLayout, PaneBox } from './layout.js';

/** The help overlay covers every pane: the whole frame but the status bar and the command row. */
export function helpBox(layout: Pick<ConsoleLayout, 'width' | 'height'>): PaneBox {
  return { width: layout.width, height: layout.height - 2 };
}
