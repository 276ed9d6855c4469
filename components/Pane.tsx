import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { PaneBox } from './layout.js';
import { fit } from './segments.js';

export interface PaneProps {
  readonly title: string;
  readonly box: PaneBox;
  /** Keys go to this pane: its border turns cyan and its title is marked, visible without colour too. */
  readonly focused?: boolean;
  readonly children?: ReactNode;
}

/**
 * A bordered box with its title set into the top border (`┌ Orders (3 open) ───┐`), which Ink's
 * borders cannot do. Exactly `box.width` × `box.height`; children must already fit inside: rows cut
 * to the pane's height and lines truncated to its width. Not clipped with overflow="hidden": Ink
 * clips by re-slicing every line of every frame, which cost more than any pane's own rendering.
 */
export function Pane({ title, box, focused = false, children }: PaneProps) {
  const label = fit(focused ? `▸ ${title}` : title, Math.max(0, box.width - 5)).trimEnd();
  const rule = '─'.repeat(Math.max(0, box.width - 4 - label.length));
  const border = focused ? 'cyan' : 'gray';
  return (
    <Box flexDirection="column" width={box.width} height={box.height} flexShrink={0}>
      <Box height={1}>
        <Text color={border}>┌ </Text>
        <Text bold color={focused ? 'cyan' : undefined}>
          {label}
        </Text>
        <Text color={border}>{` ${rule}┐`}</Text>
      </Box>
      <Box
        flexDirection="column"
        height={box.height - 1}
        borderStyle="single"
        borderTop={false}
        borderColor={border}
        paddingX={1}
      >
        {children}
      </Box>
    </Box>
  );
}

export function EmptyLine({ text }: { readonly text: string }) {
  return (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );
}
