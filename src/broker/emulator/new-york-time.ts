/** US equity sessions are kept in New York time; these turn its wall-clock times into instants and back. */

const ZONE = 'America/New_York';

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' });
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** New York's offset from UTC at `ms`, in minutes (-300 in winter, -240 in summer). */
export function newYorkOffsetMinutes(ms: number): number {
  const name = offsetFormat.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The New York calendar date at `ms`, as `2026-12-01`. */
export function newYorkDate(ms: number): string {
  return dateFormat.format(new Date(ms));
}

/**
 * The instant of a New York wall-clock time on a date (`2026-12-01`, `09:30`). Sessions start and
 * end hours away from the 2 a.m. daylight-saving switch, so the offset of that day's noon is right.
 */
export function newYorkInstant(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const offset = newYorkOffsetMinutes(Date.UTC(year, month - 1, day, 17));
  return Date.UTC(year, month - 1, day, hours, minutes) - offset * 60_000;
}

/** `ms` as Alpaca writes its clock's times: New York time with its offset, `2026-12-01T09:30:00-05:00`. */
export function newYorkIso(ms: number): string {
  const offset = newYorkOffsetMinutes(ms);
  const local = new Date(ms + offset * 60_000).toISOString();
  const fraction = ms % 1000 === 0 ? '' : local.slice(19, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.slice(0, 19)}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
