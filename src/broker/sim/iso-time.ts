/** Epoch milliseconds as the timestamps Alpaca sends (`2026-01-05T15:00:00.000Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
