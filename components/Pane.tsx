import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { PaneBox } from './layout.js';
import { fit } from './segments.js';

export interface PaneProps {
  readonly title: string;
  readonly box: PaneBox;
  readonly children?: ReactNode;
}

/**
 * A bordered box with its title set into the top border (`┌ Orders (3 open) ───┐`), which Ink's
 * borders cannot do. Exactly `box.width` × `box.height`; children must already fit inside.
 */
export function Pane({ title, box, children }: PaneProps) {
  const label = fit(title, Math.max(0, box.width - 5)).trimEnd();
  const rule = '─'.repeat(Math.max(0, box.width - 4 - label.length));
  return (
    <Box flexDirection="column" width={box.width} height={box.height} flexShrink={0}>
      <Box height={1}>
        <Text color="gray">┌ </Text>
        <Text bold>{label}</Text>
        <Text color="gray">{` ${rule}┐`}</Text>
      </Box>
      <Box
        flexDirection="column"
        height={box.height - 1}
        borderStyle="single"
        borderTop={false}
        borderColor="gray"
        paddingX={1}
        overflow="hidden"
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
