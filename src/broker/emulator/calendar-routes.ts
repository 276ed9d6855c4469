import { AlpacaWireError } from '../alpaca/wire-fields.js';
import { fromMarketClock } from '../alpaca/wire-account.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { calendarDays, nextSessionTimes } from './market-calendar.js';
import { newYorkDate, newYorkIso } from './new-york-time.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

/** Without bounds Alpaca lists its whole calendar; the emulator lists a year from the account's today. */
const DEFAULT_SPAN_DAYS = 365;

/** The market clock and calendar, as Alpaca's v2 REST serves them, on the account's sim clock. */
export const CALENDAR_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/v2\/clock$/, handle: clock },
  { method: 'GET', path: /^\/v2\/calendar$/, handle: calendar },
];

/**
 * The sim trades at any hour and says so (its clock is always open), so the emulator's market is
 * open whenever its orders fill; the next open and close are the calendar's, as Alpaca gives them:
 * the first of each after now.
 */
async function clock({ exchange }: RouteRequest): Promise<Answer> {
  const simClock = await exchange.getClock();
  const now = Date.parse(simClock.timestamp);
  const { nextOpen, nextClose } = nextSessionTimes(now);
  return ok(fromMarketClock({ timestamp: newYorkIso(now), isOpen: simClock.isOpen, nextOpen: newYorkIso(nextOpen), nextClose: newYorkIso(nextClose) }));
}

async function calendar({ exchange, query }: RouteRequest): Promise<Answer> {
  const start = dateParam(query, 'start') ?? (await today(exchange));
  const end = dateParam(query, 'end') ?? shift(start, DEFAULT_SPAN_DAYS);
  return ok(calendarDays(start, end));
}

async function today(exchange: SimExchange): Promise<string> {
  return newYorkDate(Date.parse((await exchange.getClock()).timestamp));
}

/** A date (`2026-12-01`) or an RFC 3339 time, whose date is taken as written (the SDK sends `2026-12-01T00:00:00.000Z`). */
function dateParam(query: URLSearchParams, name: string): string | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const date = /^(\d{4}-\d{2}-\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?$/.exec(text)?.[1];
  if (date === undefined || !isCalendarDate(date)) {
    throw new AlpacaWireError(`"${name}" is ${JSON.stringify(text)}: expected a date such as 2026-12-01 or an RFC 3339 time such as 2026-12-01T00:00:00Z`);
  }
  return date;
}

function isCalendarDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
