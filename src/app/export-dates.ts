/** The span an export covers, in epoch ms, both ends included; an open end when absent. */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

export function inRange(range: TimeRange, at: number): boolean {
  return (range.from === undefined || at >= range.from) && (range.to === undefined || at <= range.to);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads `--from` / `--to`: an ISO date is a whole day in local time (the day the trader traded, as
 * the log files name it), so `--from` is its first millisecond and `--to` its last; an ISO
 * date-time is that instant, in local time unless it carries `Z` or an offset. Undefined when the
 * text is neither or names no real day or time (2026-02-30, 24:00).
 */
export function parseRangeDate(text: string, end: 'from' | 'to'): number | undefined {
  const trimmed = text.trim();
  const day = DATE.exec(trimmed);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!isRealDay(year, month, date)) return undefined;
    return end === 'from' ? localTime(year, month, date) : localTime(year, month, date + 1) - 1;
  }
  const moment = DATE_TIME.exec(trimmed);
  if (moment === null) return undefined;
  const [year, month, date, hour, minute, second] = moment.slice(1, 7).map((part) => Number(part ?? '0')) as [number, number, number, number, number, number];
  const ms = Number((moment[7] ?? '0').padEnd(3, '0'));
  if (!isRealDay(year, month, date) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = moment[8];
  if (zone === undefined) return localTime(year, month, date, hour, minute, second, ms);
  const offset = zone === 'Z' ? 0 : offsetMinutes(zone);
  if (offset === undefined) return undefined;
  return Date.UTC(year, month - 1, date, hour, minute, second, ms) - offset * 60_000;
}

/** Nothing is stamped before 1970 (times are epoch ms), and JS reads years below 100 as 19xx. */
function isRealDay(year: number, month: number, date: number): boolean {
  if (year < 1970 || month < 1 || month > 12 || date < 1) return false;
  return date <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function localTime(year: number, month: number, date: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return new Date(year, month - 1, date, hour, minute, second, ms).getTime();
}

function offsetMinutes(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
