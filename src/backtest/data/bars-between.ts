import type { BarColumns } from '../types.js';

export type BarsBetween = { readonly ok: true; readonly bars: BarColumns } | { readonly ok: false; readonly problem: string };

/**
 * The bars starting from `from` to `to`, both included (epoch ms; either may be open), as views of
 * the same columns; a range holding no bar is refused with where the bars do run.
 */
export function barsBetween(bars: BarColumns, symbol: string, from: number | undefined, to: number | undefined): BarsBetween {
  if (from === undefined && to === undefined) return { ok: true, bars };
  let first = 0;
  while (first < bars.length && (bars.start[first] as number) < (from ?? -Infinity)) first++;
  let end = bars.length;
  while (end > first && (bars.start[end - 1] as number) > (to ?? Infinity)) end--;
  if (end === first) {
    const span = bars.length === 0 ? 'it has none' : `its bars run from ${isoDay(bars.start[0] as number)} to ${isoDay(bars.start[bars.length - 1] as number)}`;
    return { ok: false, problem: `${symbol} has no bars between --from and --to; ${span}` };
  }
  const cut = (column: Float64Array): Float64Array => column.subarray(first, end);
  return { ok: true, bars: { length: end - first, start: cut(bars.start), open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume) } };
}

function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
