/**
 * When a CSV bar began, in epoch ms. An ISO date (2004-08-19) is that day's UTC midnight; a
 * date-time (2004-08-19T15:30:00.250Z, `2004-08-19 15:30`, `…-05:00`) is read with its zone, and
 * one written without a zone is taken as UTC, so a file means the same on every machine. Digits
 * past the millisecond are dropped.
 */

const DAY_MS = 86_400_000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export function timeHint(): string {
  return 'write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z';
}

/** The time in text[start, end) (or in `copy`, a quoted field unescaped), or NaN when it is not one. */
export function parseBarTime(text: string, start: number, end: number, copy: string | undefined): number {
  if (copy === undefined) {
    const length = end - start;
    if (length === 10) return plainDate(text, start);
    const fast = length >= 16 && length <= 24 ? plainDateTime(text, start, length) : Number.NaN;
    if (!Number.isNaN(fast)) return fast;
  }
  const match = DATE_TIME.exec((copy ?? text.slice(start, end)).trim());
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const day = civilDay(Number(y), Number(mo), Number(d));
  if (Number.isNaN(day)) return Number.NaN;
  if (h === undefined) return day * DAY_MS;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offset = zoneOffsetMinutes(zone);
  if (Number.isNaN(offset)) return Number.NaN;
  return day * DAY_MS + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + ms;
}

/** YYYY-MM-DD at text[start], read digit by digit: the common case, a million times a file. */
function plainDate(text: string, start: number): number {
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  return civilDay(year, month, day) * DAY_MS;
}

/** `YYYY-MM-DD HH:MM`, then optionally `:SS`, `.sss` and Z (T or a space between), read digit by digit; NaN sends it the slow way. */
function plainDateTime(text: string, start: number, length: number): number {
  const separator = text.charCodeAt(start + 10) | 32;
  if ((separator !== 116 && separator !== 32) || text.charCodeAt(start + 13) !== 58) return Number.NaN;
  const hours = digitsAt(text, start + 11, 2);
  const minutes = digitsAt(text, start + 14, 2);
  let seconds = 0;
  let ms = 0;
  let at = 16;
  if (at < length && text.charCodeAt(start + at) === 58) {
    seconds = digitsAt(text, start + at + 1, 2);
    at += 3;
    if (at < length && text.charCodeAt(start + at) === 46) {
      ms = digitsAt(text, start + at + 1, 3);
      at += 4;
    }
  }
  if (at < length && (text.charCodeAt(start + at) | 32) === 122) at++;
  if (at !== length || !(hours <= 23 && minutes <= 59 && seconds <= 59 && ms >= 0)) return Number.NaN;
  return plainDate(text, start) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil), NaN for no such day. */
function civilDay(year: number, month: number, day: number): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Minutes east of UTC: 0 for Z or no zone, NaN for an offset past ±23:59. */
function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
