/**
 * The one way a duration is written, wherever it is typed: a number and its unit, `500ms`, `30s`,
 * `2m`, `1h`, in any case. Flags, scripts and the command language's `ttl` read it here and each
 * adds its own bounds, so a trader learns one grammar and every refusal uses the same words.
 */

export type DurationUnit = 'ms' | 's' | 'm' | 'h';

interface UnitInfo {
  readonly ms: number;
  readonly word: string;
  readonly sample: string;
}

const UNITS: Readonly<Record<DurationUnit, UnitInfo>> = {
  ms: { ms: 1, word: 'milliseconds', sample: '500ms' },
  s: { ms: 1000, word: 'seconds', sample: '30s' },
  m: { ms: 60_000, word: 'minutes', sample: '2m' },
  h: { ms: 3_600_000, word: 'hours', sample: '1h' },
};

/** Longest duration anything takes: a timer set further out than ~24.8 days overflows Node's setTimeout and fires at once. */
export const MAX_DURATION_MS = 24 * UNITS.h.ms;

/** How one caller words its refusals: what it reads and which units it takes. */
export interface DurationTerms {
  /** What the duration is, as the messages name it: `timeout`, `duration`. */
  readonly noun: string;
  /** The units this caller takes, smallest first. */
  readonly units: readonly DurationUnit[];
  /** Makes typed text safe to quote back (clipped, control characters hidden). */
  readonly quote: (text: string) => string;
}

export type DurationReading =
  | {
      readonly ok: true;
      /** Whole milliseconds; negative when typed so, for the caller's bounds to refuse. */
      readonly ms: number;
      /** The amount is a whole number of its unit (`90s`, not `1.5m`). */
      readonly whole: boolean;
    }
  | { readonly ok: false; readonly problem: string };

const DURATION_WORD = /^([+-]?(?:\d+(?:\.(\d*))?|\.(\d+)))([a-z]*)$/i;
const ZERO_AMOUNT = /^[+-]?0*\.?0*$/;

/**
 * Reads `text` as a duration. A bare number is refused unless it is zero: `30` could mean seconds
 * or milliseconds, and guessing wrong makes a timeout a thousand times off. Bounds are the
 * caller's: only the grammar is checked here.
 */
export function readDuration(text: string, terms: DurationTerms): DurationReading {
  const trimmed = text.trim();
  const shown = terms.quote(trimmed);
  const match = DURATION_WORD.exec(trimmed);
  if (match === null) {
    return refuse(`'${shown}' is not a ${terms.noun}; write ${orList(terms.units.map((u) => UNITS[u].word))} like ${orList(terms.units.map((u) => UNITS[u].sample))}`);
  }
  const amount = match[1] ?? '';
  const fraction = match[2] ?? match[3] ?? '';
  const typedUnit = match[4] ?? '';
  const unit = typedUnit.toLowerCase();
  if (unit === '') {
    return ZERO_AMOUNT.test(amount) ? { ok: true, ms: 0, whole: true } : refuse(`'${shown}' needs a unit: write ${terms.quote(amount)}s`);
  }
  if (!isUnit(unit)) return refuse(`'${shown}' has an unknown unit '${terms.quote(typedUnit)}'; use ${orList(terms.units)}`);
  if (!terms.units.includes(unit)) return refuse(`'${shown}' is in ${UNITS[unit].word}; a ${terms.noun} is in ${orList(terms.units)}`);
  // `|| 0` makes `-0s` plain 0.
  const ms = Math.round(Number(amount) * UNITS[unit].ms) || 0;
  return { ok: true, ms, whole: /^0*$/.test(fraction) };
}

/** `1500` → `1.5s`, `120000` → `2m`, `3600000` → `1h`: the largest unit that divides it evenly, so it reads as typed. */
export function formatDuration(ms: number): string {
  if (ms !== 0) {
    for (const unit of ['h', 'm', 's'] as const) if (ms % UNITS[unit].ms === 0) return `${ms / UNITS[unit].ms}${unit}`;
  }
  return ms >= UNITS.s.ms ? `${ms / UNITS.s.ms}s` : `${ms}ms`;
}

// Own keys only, so words like `constructor` are not units.
function isUnit(text: string): text is DurationUnit {
  return Object.hasOwn(UNITS, text);
}

function refuse(problem: string): DurationReading {
  return { ok: false, problem };
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}
