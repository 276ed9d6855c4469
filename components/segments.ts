/** Colours the console uses; names Ink's <Text color> understands. */
export type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'gray' | 'white' | 'black';

/** A run of text with one style. Lines are built as segments by pure functions and drawn by <Line>. */
export interface Segment {
  readonly text: string;
  readonly color?: Color;
  readonly backgroundColor?: Color;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export function segmentsWidth(segments: readonly Segment[]): number {
  let width = 0;
  for (const segment of segments) width += segment.text.length;
  return width;
}

export function plainText(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}

/** Cuts or pads to exactly `width` characters; a cut is marked with `…` so it never passes for the whole value. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Keeps the end of text that is too long (the part being typed), marking the cut with `…`; never pads. */
export function keepTail(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `…${text.slice(text.length - width + 1)}`;
}
