import { ZERO, type Decimal } from '../../domain/decimal.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import type { Quote } from '../port.js';
import { barJson, quoteJson, tradeJson, type Bar } from './market-frames.js';
import { marketHistory, type MarketHistory } from './market-history.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

/**
 * Alpaca's stock data REST (data.alpaca.markets) on the emulator's one port: snapshots, latest
 * quotes and trades, and bars, for the symbols the account's sim quotes. Unknown symbols are left
 * out of the answer, as Alpaca leaves them out.
 */
export const MARKET_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/v2\/stocks\/snapshots$/, handle: snapshots },
  { method: 'GET', path: /^\/v2\/stocks\/quotes\/latest$/, handle: latestQuotes },
  { method: 'GET', path: /^\/v2\/stocks\/trades\/latest$/, handle: latestTrades },
  { method: 'GET', path: /^\/v2\/stocks\/bars$/, handle: bars },
];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_BARS_LIMIT = 1000;
const MAX_BARS_LIMIT = 10_000;
/** Alpaca's code for a request parameter it cannot read. */
const INVALID_PARAMETER = 40010001;

class BadRequest extends Error {}

async function snapshots(request: RouteRequest): Promise<Answer> {
  return answer(async () => {
    const { exchange } = request;
    const history = marketHistory(exchange);
    const quotes = await exchange.getLatestQuotes(symbols(request.query));
    return Object.fromEntries(quotes.map((quote) => [quote.symbol, snapshot(quote, history)]));
  });
}

async function latestQuotes(request: RouteRequest): Promise<Answer> {
  return answer(async () => {
    const quotes = await request.exchange.getLatestQuotes(symbols(request.query));
    return { quotes: Object.fromEntries(quotes.map((quote) => [quote.symbol, quoteJson(quote)])) };
  });
}

async function latestTrades(request: RouteRequest): Promise<Answer> {
  return answer(async () => {
    const history = marketHistory(request.exchange);
    const known = await request.exchange.getLatestTrades(symbols(request.query));
    return {
      trades: Object.fromEntries(
        known.flatMap(({ symbol }) => {
          const trade = history.latestTrade(symbol);
          return trade === undefined ? [] : [[symbol, tradeJson(trade)]];
        }),
      ),
    };
  });
}

/**
 * GET /v2/stocks/bars: bars of every asked symbol, alphabetical, oldest first (newest first with
 * `sort=desc`), `limit` in all; a `next_page_token` names the last bar given when more remain.
 */
async function bars(request: RouteRequest): Promise<Answer> {
  return answer(async () => {
    const { exchange, query } = request;
    const asked = symbols(query);
    const frameMs = timeframe(query.get('timeframe'));
    const now = Date.parse((await exchange.getClock()).timestamp);
    const from = time(query, 'start') ?? Math.floor(now / DAY_MS) * DAY_MS;
    const to = time(query, 'end') ?? now;
    const limit = barsLimit(query.get('limit'));
    const descending = sortOrder(query.get('sort')) === 'desc';
    const after = pageToken(query.get('page_token'));
    const history = marketHistory(exchange);
    const known = new Set(exchange.symbols());
    const beyond = (start: number, cursor: number): boolean => (descending ? start < cursor : start > cursor);
    const rows = [...asked]
      .filter((symbol) => known.has(symbol))
      .sort()
      .flatMap((symbol) => {
        const oldestFirst = history.bars(symbol, frameMs, from, to);
        return (descending ? oldestFirst.reverse() : oldestFirst).map((bar) => ({ symbol, bar }));
      })
      .filter(({ symbol, bar }) => after === undefined || symbol > after.symbol || (symbol === after.symbol && beyond(bar.start, after.start)));
    const page = rows.slice(0, limit);
    const grouped: Record<string, unknown[]> = {};
    for (const { symbol, bar } of page) (grouped[symbol] ??= []).push(barJson(bar));
    const last = page.at(-1);
    return { bars: grouped, next_page_token: rows.length > limit && last !== undefined ? token(last.symbol, last.bar) : null };
  });
}

/**
 * The sim knows only the previous session's close, so the previous daily bar is that close with no
 * volume; the minute and daily bars are what the emulator has seen printed.
 */
function snapshot(quote: Quote, history: MarketHistory): Record<string, unknown> {
  const trade = history.latestTrade(quote.symbol);
  const at = Date.parse(quote.timestamp);
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  const minuteBar = history.lastMinute(quote.symbol);
  const dailyBar = history.bars(quote.symbol, DAY_MS, day, day).at(-1);
  return {
    latestQuote: quoteJson(quote),
    ...(trade !== undefined && { latestTrade: tradeJson(trade) }),
    ...(minuteBar !== undefined && { minuteBar: barJson(minuteBar) }),
    ...(dailyBar !== undefined && { dailyBar: barJson(dailyBar) }),
    ...(quote.prevClose !== undefined && { prevDailyBar: barJson(closeOnly(quote.prevClose, day - DAY_MS)) }),
  };
}

function closeOnly(close: Decimal, start: number): Bar {
  return { start, open: close, high: close, low: close, close, volume: ZERO, trades: 0, vwap: close };
}

async function answer(build: () => Promise<unknown>): Promise<Answer> {
  try {
    return ok(await build());
  } catch (error) {
    if (error instanceof BadRequest) return { status: 400, body: { code: INVALID_PARAMETER, message: error.message } };
    throw error;
  }
}

function symbols(query: URLSearchParams): string[] {
  const list = (query.get('symbols') ?? '')
    .split(',')
    .map(normalizeSymbol)
    .filter((symbol) => symbol !== '');
  if (list.length === 0) throw new BadRequest('missing symbols: pass symbols=AAPL,MSFT');
  return [...new Set(list)];
}

/** Alpaca's `[1-59]Min` (or `T`), `[1-23]Hour` (or `H`) and `1Day` (or `D`). */
function timeframe(text: string | null): number {
  const match = /^(\d+)(Min|T|Hour|H|Day|D)$/.exec(text ?? '');
  const amount = Number(match?.[1]);
  const unit = match?.[2];
  if ((unit === 'Min' || unit === 'T') && amount >= 1 && amount <= 59) return amount * MINUTE_MS;
  if ((unit === 'Hour' || unit === 'H') && amount >= 1 && amount <= 23) return amount * HOUR_MS;
  if ((unit === 'Day' || unit === 'D') && amount === 1) return DAY_MS;
  throw new BadRequest(`invalid timeframe ${JSON.stringify(text)}: expected 1-59Min, 1-23Hour or 1Day`);
}

function time(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new BadRequest(`invalid ${name} "${text}": expected an RFC 3339 time like 2026-01-05T14:30:00Z`);
  return ms;
}

function sortOrder(text: string | null): 'asc' | 'desc' {
  if (text === null || text === 'asc' || text === 'desc') return text ?? 'asc';
  throw new BadRequest(`invalid sort "${text}": expected asc or desc`);
}

function barsLimit(text: string | null): number {
  if (text === null) return DEFAULT_BARS_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BARS_LIMIT) {
    throw new BadRequest(`invalid limit "${text}": expected a whole number from 1 to ${MAX_BARS_LIMIT}`);
  }
  return limit;
}

function token(symbol: string, bar: Bar): string {
  return Buffer.from(`${symbol} ${bar.start}`).toString('base64url');
}

function pageToken(text: string | null): { symbol: string; start: number } | undefined {
  if (text === null || text === '') return undefined;
  const [symbol, start] = Buffer.from(text, 'base64url').toString('utf8').split(' ');
  if (symbol === undefined || symbol === '' || start === undefined || !/^\d+$/.test(start)) {
    throw new BadRequest(`invalid page_token "${text}": pass the next_page_token of the previous page`);
  }
  return { symbol, start: Number(start) };
}
