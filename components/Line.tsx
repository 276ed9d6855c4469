import { Text } from 'ink';
import type { Segment } from './segments.js';

/** Draws one line of styled segments, cut at the edge rather than wrapped: a wrap would add a line. */
export function Line({ segments }: { readonly segments: readonly Segment[] }) {
  return (
    <Text wrap="truncate-end">
      {segments.map((s, i) => (
        <Text key={i} color={s.color} backgroundColor={s.backgroundColor} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
