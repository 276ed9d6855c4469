import { memo } from 'react';
import { Text } from 'ink';
import { HELP_LINES } from './help-lines.js';
import { paneRows, type PaneBox } from './layout.js';
import { Pane } from './Pane.js';

export interface HelpOverlayProps {
  readonly box: PaneBox;
  /** First line shown; kept within the lines by the key handlers. */
  readonly scroll: number;
}

/** The `?` overlay: every key binding by where it works, then the commands, scrolled when taller than the screen. */
export const HelpOverlay = memo(function HelpOverlay({ box, scroll }: HelpOverlayProps) {
  const rows = paneRows(box);
  const start = Math.max(0, Math.min(scroll, HELP_LINES.length - rows));
  const visible = HELP_LINES.slice(start, start + rows);
  const position = visible.length < HELP_LINES.length ? ` · ${start + 1}–${start + visible.length} of ${HELP_LINES.length}, j/k PgDn scroll` : '';
  return (
    <Pane title={`Keys and commands${position} · Esc closes`} box={box} focused>
      {visible.map((line, i) => (
        // The lines are fixed; a line's place is its identity.
        <Text key={start + i} bold={line.heading} color={line.heading ? 'cyan' : undefined} wrap="truncate-end">
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Pane>
  );
});
