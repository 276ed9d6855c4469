import { describe, expect, it } from 'vitest';
import { inRange, parseRangeDate } from '../../src/app/export-dates.js';

function local(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
}

describe('parseRangeDate', () => {
  it('takes a date for the whole local day: --from its first millisecond, --to its last', () => {
    expect(parseRangeDate('2026-12-01', 'from')).toBe(local(2026, 12, 1));
    expect(parseRangeDate('2026-12-01', 'to')).toBe(local(2026, 12, 2) - 1);
    expect(parseRangeDate('2026-12-31', 'to')).toBe(local(2027, 1, 1) - 1);
    expect(parseRangeDate('2028-02-29', 'to')).toBe(local(2028, 3, 1) - 1);
  });

  it('takes a date-time as that instant: local without a zone, else at its offset', () => {
    expect(parseRangeDate('2026-12-01T14:30', 'from')).toBe(local(2026, 12, 1, 14, 30));
    expect(parseRangeDate('2026-12-01T14:30:15.5', 'to')).toBe(local(2026, 12, 1, 14, 30, 15, 500));
    expect(parseRangeDate('2026-12-01T14:30Z', 'from')).toBe(Date.UTC(2026, 11, 1, 14, 30));
    expect(parseRangeDate('2026-12-01T14:30:00.250Z', 'to')).toBe(Date.UTC(2026, 11, 1, 14, 30, 0, 250));
    expect(parseRangeDate('2026-12-01T09:30-05:00', 'from')).toBe(Date.UTC(2026, 11, 1, 14, 30));
    expect(parseRangeDate('2026-12-02T01:00+10:30', 'from')).toBe(Date.UTC(2026, 11, 1, 14, 30));
    expect(parseRangeDate(' 2026-12-01 ', 'from')).toBe(local(2026, 12, 1));
  });

  it.each(['', 'yesterday', '2026-12', '2026-12-1', '12/01/2026', '2026-13-01', '2026-02-30', '2027-02-29', '1969-12-31', '2026-12-01T24:00', '2026-12-01T12:60', '2026-12-01T12:00:60', '2026-12-01T12:00+25:00', '2026-12-01 14:30', '2026-12-01T14'])(
    'refuses %j',
    (text) => {
      expect(parseRangeDate(text, 'from')).toBeUndefined();
      expect(parseRangeDate(text, 'to')).toBeUndefined();
    },
  );
});

describe('inRange', () => {
  it('includes both ends, and an absent end is open', () => {
    expect([9, 10, 20, 21].map((at) => inRange({ from: 10, to: 20 }, at))).toEqual([false, true, true, false]);
    expect(inRange({ from: 10 }, Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(inRange({ to: 20 }, 0)).toBe(true);
    expect(inRange({}, 0)).toBe(true);
  });
});
