/** Longest duration accepted: a timer set further out than ~24.8 days overflows Node's setTimeout and fires at once. */
const MAX_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration as typed on the command line or in a script: a number with a unit (`500ms`,
 * `30s`, `2m`, `1h`), or `0`. A bare number other than 0 is refused: `30` could mean seconds or
 * milliseconds, and guessing wrong makes a timeout a thousand times off. Returns whole
 * milliseconds, or undefined when the text is not a duration of at most 24h.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^0+(?:\.0*)?$/.test(trimmed)) return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(trimmed);
  if (match === null) return undefined;
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? NaN));
  return ms <= MAX_MS ? ms : undefined;
}

/** `1500` → `1.5s`, `120000` → `2m`: how a duration is echoed back. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
