import type { PriceBar } from '../port.js';
import { AlpacaWireError, optionalText, time, wireObject, type WireObject } from './wire-fields.js';

/**
 * Alpaca's historical bars (GET /v2/stocks/bars): the timeframes it aggregates and its answer read
 * into the port's float bars.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Alpaca's name for a bar length (`5Min`, `2Hour`, `1Day`); undefined for one it does not make (sub-minute, 90 minutes). */
export function alpacaTimeframe(timeframeMs: number): string | undefined {
  if (timeframeMs === DAY_MS) return '1Day';
  if (timeframeMs > 0 && timeframeMs % HOUR_MS === 0 && timeframeMs / HOUR_MS <= 23) return `${timeframeMs / HOUR_MS}Hour`;
  if (timeframeMs > 0 && timeframeMs % MINUTE_MS === 0 && timeframeMs / MINUTE_MS <= 59) return `${timeframeMs / MINUTE_MS}Min`;
  return undefined;
}

export interface BarsPage {
  /** As Alpaca sent them. */
  readonly bars: PriceBar[];
  readonly nextPageToken?: string;
}

/**
 * `{bars: {SYM: [{t, o, h, l, c, v, n, vw}]}, next_page_token}`, the bars of `symbol`. A bar's start
 * is put on the UTC grid of its length, as the port's bars are: Alpaca stamps a daily bar at New
 * York midnight (04:00 or 05:00 UTC), which this makes the UTC day holding that session.
 */
export function toBarsPage(json: unknown, symbol: string, timeframeMs: number): BarsPage {
  const body = wireObject(json, 'Alpaca bars');
  const nextPageToken = optionalText(body, 'next_page_token', 'Alpaca bars');
  const bySymbol = body.bars === null || body.bars === undefined ? {} : wireObject(body.bars, 'Alpaca bars: bars');
  const list = bySymbol[symbol] ?? [];
  if (!Array.isArray(list)) throw new AlpacaWireError(`Alpaca bars of ${symbol}: expected a JSON array of bars`);
  const bars = list.map((value: unknown) => {
    const what = `Alpaca bar of ${symbol}`;
    const bar = wireObject(value, what);
    const stamped = Date.parse(time(bar, 't', what));
    if (Number.isNaN(stamped)) throw new AlpacaWireError(`${what}: "t" should be an RFC 3339 time like "2026-01-05T15:30:00Z"`);
    return {
      start: stamped - (stamped % timeframeMs),
      open: price(bar, 'o', what),
      high: price(bar, 'h', what),
      low: price(bar, 'l', what),
      close: price(bar, 'c', what),
      volume: count(bar, 'v', what),
      trades: count(bar, 'n', what),
    };
  });
  return { bars, ...(nextPageToken !== undefined && { nextPageToken }) };
}

function price(bar: WireObject, field: string, what: string): number {
  const value = bar[field];
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new AlpacaWireError(`${what}: "${field}" should be a price like 187.42, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function count(bar: WireObject, field: string, what: string): number {
  const value = bar[field];
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new AlpacaWireError(`${what}: "${field}" should be a count like 1200, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}
