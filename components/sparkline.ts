const BARS = '▁▂▃▄▅▆▇█';
/** A series that never moved is drawn at mid height: a row of ▁ would read as "fell to the bottom". */
const FLAT = BARS[3]!;

/**
 * Draws a series as bars, oldest on the left, at most `width` characters: one per value, or, when
 * there are more values than room, one per equal slice of the series showing the slice's last value
 * (a price the market really printed, not an average it never did). Fewer values than room draw a
 * shorter line rather than stretching a few seconds across the whole width. Non-finite values are
 * skipped; nothing to draw gives ''. Floats are fine here: only the shape is shown.
 */
export function sparkline(values: readonly number[], width: number): string {
  const finite = values.filter(Number.isFinite);
  const count = Math.min(Math.max(0, Math.floor(width)), finite.length);
  if (count === 0) return '';
  const picked = Array.from({ length: count }, (_, i) => finite[Math.ceil(((i + 1) * finite.length) / count) - 1]!);
  const low = Math.min(...picked);
  const span = Math.max(...picked) - low;
  if (span === 0) return FLAT.repeat(count);
  return picked.map((v) => BARS[Math.round(((v - low) / span) * (BARS.length - 1))]).join('');
}

/** Which way the series went from its first value to its last: -1, 0 or 1, for colouring the line. */
export function trend(values: readonly number[]): -1 | 0 | 1 {
  const finite = values.filter(Number.isFinite);
  const first = finite[0];
  const last = finite.at(-1);
  if (first === undefined || last === undefined || first === last) return 0;
  return last > first ? 1 : -1;
}
