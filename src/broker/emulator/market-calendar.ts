import { newYorkDate, newYorkInstant } from './new-york-time.js';

/**
 * The US equity market's calendar as the NYSE's standing rules make it: weekdays, less the nine
 * holidays (observed on the nearest weekday, except that a New Year's Day on a Saturday is not
 * made up), with 13:00 closes on July 3rd, the day after Thanksgiving and Christmas Eve.
 * One-off closings (days of mourning, storms) follow no rule and are not in it.
 */

/** One trading day as Alpaca's GET /v2/calendar writes it. */
export interface CalendarDay {
  date: string;
  open: string;
  close: string;
  session_open: string;
  session_close: string;
  settlement_date: string;
}

const OPEN = '09:30';
const CLOSE = '16:00';
const EARLY_CLOSE = '13:00';
/** Extended hours, in the colon-less form Alpaca writes them in. */
const SESSION_OPEN = '0400';
const SESSION_CLOSE = '2000';

const DAY_MS = 86_400_000;

/** Every trading day from `start` to `end` (both `2026-12-01`, inclusive). */
export function calendarDays(start: string, end: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) {
    const close = closeOn(date);
    if (close === undefined) continue;
    days.push({ date, open: OPEN, close, session_open: SESSION_OPEN, session_close: SESSION_CLOSE, settlement_date: nextTradingDay(date) });
  }
  return days;
}

/** The first regular-session open and close strictly after `ms`. */
export function nextSessionTimes(ms: number): { readonly nextOpen: number; readonly nextClose: number } {
  return { nextOpen: firstAfter(ms, () => OPEN), nextClose: firstAfter(ms, (close) => close) };
}

/** The first trading day's time (picked from its close) that falls after `ms`. */
function firstAfter(ms: number, timeOf: (close: string) => string): number {
  for (let date = newYorkDate(ms); ; date = addDays(date, 1)) {
    const close = closeOn(date);
    if (close === undefined) continue;
    const at = newYorkInstant(date, timeOf(close));
    if (at > ms) return at;
  }
}

/** Trades settle the next trading day (T+1, the US rule since May 2024). */
function nextTradingDay(date: string): string {
  let next = addDays(date, 1);
  while (closeOn(next) === undefined) next = addDays(next, 1);
  return next;
}

/** The regular session's close on `date`, or undefined when the market does not open. */
function closeOn(date: string): string | undefined {
  const weekday = weekdayOf(date);
  if (weekday === 0 || weekday === 6) return undefined;
  const year = Number(date.slice(0, 4));
  if (holidays(year).has(date)) return undefined;
  return earlyCloses(year).has(date) ? EARLY_CLOSE : CLOSE;
}

const holidayCache = new Map<number, ReadonlySet<string>>();

function holidays(year: number): ReadonlySet<string> {
  let found = holidayCache.get(year);
  if (found === undefined) {
    const newYear = iso(year, 1, 1);
    found = new Set([
      ...(weekdayOf(newYear) === 6 ? [] : [observed(newYear)]),
      nthWeekday(year, 1, 1, 3),
      nthWeekday(year, 2, 1, 3),
      addDays(easter(year), -2),
      lastWeekday(year, 5, 1),
      ...(year >= 2022 ? [observed(iso(year, 6, 19))] : []),
      observed(iso(year, 7, 4)),
      nthWeekday(year, 9, 1, 1),
      nthWeekday(year, 11, 4, 4),
      observed(iso(year, 12, 25)),
    ]);
    holidayCache.set(year, found);
  }
  return found;
}

function earlyCloses(year: number): ReadonlySet<string> {
  return new Set([iso(year, 7, 3), addDays(nthWeekday(year, 11, 4, 4), 1), iso(year, 12, 24)]);
}

/** A holiday on a Saturday is kept the Friday before, on a Sunday the Monday after. */
function observed(date: string): string {
  const weekday = weekdayOf(date);
  if (weekday === 6) return addDays(date, -1);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

/** The `n`th `weekday` (0 Sunday … 6 Saturday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = iso(year, month, 1);
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): string {
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876). */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
