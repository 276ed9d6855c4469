import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, formatDuration, readDuration, type DurationTerms } from '../../src/kernel/duration.js';

const ANY: DurationTerms = { noun: 'duration', units: ['ms', 's', 'm', 'h'], quote: (text) => text };
const COARSE: DurationTerms = { noun: 'timeout', units: ['s', 'm', 'h'], quote: (text) => (text.length > 8 ? `${text.slice(0, 7)}…` : text) };

function problemOf(text: string, terms: DurationTerms = ANY): string {
  const reading = readDuration(text, terms);
  if (reading.ok) throw new Error(`'${text}' was read as ${reading.ms} ms`);
  return reading.problem;
}

describe('the duration grammar', () => {
  it.each([
    ['500ms', 500, true],
    ['30s', 30_000, true],
    ['2m', 120_000, true],
    ['1h', 3_600_000, true],
    ['1.5s', 1_500, false],
    ['1.0m', 60_000, true],
    ['.5s', 500, false],
    ['5.s', 5_000, true],
    ['007S', 7_000, true],
    ['2M', 120_000, true],
    ['  24h ', MAX_DURATION_MS, true],
    ['-5s', -5_000, true],
    ['0', 0, true],
    ['0.0', 0, true],
    ['-0s', 0, true],
  ])('reads %s as %i ms (whole: %s)', (text, ms, whole) => {
    expect(readDuration(text, ANY)).toEqual({ ok: true, ms, whole });
  });

  it('refuses a bare number other than 0, saying how to write it', () => {
    expect(problemOf('90')).toBe("'90' needs a unit: write 90s");
    expect(problemOf('1.5', COARSE)).toBe("'1.5' needs a unit: write 1.5s");
  });

  it('refuses what is not a number and a unit, in the words of the caller', () => {
    expect(problemOf('soon')).toBe("'soon' is not a duration; write milliseconds, seconds, minutes or hours like 500ms, 30s, 2m or 1h");
    expect(problemOf('1,000s', COARSE)).toBe("'1,000s' is not a timeout; write seconds, minutes or hours like 30s, 2m or 1h");
    expect(problemOf('s')).toMatch(/^'s' is not a duration;/);
    expect(problemOf('')).toMatch(/^'' is not a duration;/);
  });

  it('names an unknown unit, and a unit the caller does not take', () => {
    expect(problemOf('30x')).toBe("'30x' has an unknown unit 'x'; use ms, s, m or h");
    expect(problemOf('30sec', COARSE)).toBe("'30sec' has an unknown unit 'sec'; use s, m or h");
    expect(problemOf('5constructor', COARSE)).toBe("'5constr…' has an unknown unit 'constru…'; use s, m or h");
    expect(problemOf('500MS', COARSE)).toBe("'500MS' is in milliseconds; a timeout is in s, m or h");
  });

  it('leaves bounds to the caller: a huge amount is read, not refused', () => {
    const reading = readDuration('99999999999999999999999h', ANY);
    expect(reading.ok && reading.ms > MAX_DURATION_MS).toBe(true);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [500, '500ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [5_400_000, '90m'],
    [3_600_000, '1h'],
    [MAX_DURATION_MS, '24h'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes what the grammar reads back to the same milliseconds', () => {
    for (const ms of [1, 999, 1_000, 1_250, 59_000, 61_000, 60_000, 3_540_000, 3_600_000, 7_200_000]) {
      expect(readDuration(formatDuration(ms), ANY)).toMatchObject({ ok: true, ms });
    }
  });
});
