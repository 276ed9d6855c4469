import type { MarketTrade, Quote } from '../port.js';
import { AlpacaWireError, numeric, optionalNumeric, optionalTime, time, wireObject, type WireObject } from './wire-fields.js';

/**
 * Reading Alpaca's market data: the REST answers of data.alpaca.markets (prices as JSON numbers,
 * objects keyed by symbol) and the stock stream's quotes and trades as the SDK hands them over.
 */

/**
 * GET /v2/stocks/snapshots: `{SYM: {latestQuote, latestTrade, prevDailyBar, …}}`. A symbol without
 * a latest quote has no bid and ask to show, so it is left out as an unknown symbol is.
 */
export function toSnapshotQuotes(json: unknown): Quote[] {
  return entries(json, 'Alpaca snapshots').flatMap(([symbol, value]) => {
    const what = `Alpaca snapshot of ${symbol}`;
    const snapshot = wireObject(value, what);
    if (snapshot.latestQuote === undefined || snapshot.latestQuote === null) return [];
    const quote = readQuote(symbol, wireObject(snapshot.latestQuote, `${what}: latestQuote`), `${what}: latestQuote`);
    const last = member(snapshot, 'latestTrade', what, (trade, at) => optionalNumeric(trade, 'p', at));
    const prevClose = member(snapshot, 'prevDailyBar', what, (bar, at) => optionalNumeric(bar, 'c', at));
    return [{ ...quote, ...(last !== undefined && { last }), ...(prevClose !== undefined && { prevClose }) }];
  });
}

/** GET /v2/stocks/quotes/latest: `{quotes: {SYM: {bp, bs, ap, as, t, …}}}`. */
export function toLatestQuotes(json: unknown): Quote[] {
  const body = wireObject(json, 'Alpaca latest quotes');
  return entries(body.quotes, 'Alpaca latest quotes: quotes').map(([symbol, value]) => {
    const what = `Alpaca latest quote of ${symbol}`;
    return readQuote(symbol, wireObject(value, what), what);
  });
}

/** GET /v2/stocks/trades/latest: `{trades: {SYM: {p, s, t, x, i, …}}}`. */
export function toLatestTrades(json: unknown): MarketTrade[] {
  const body = wireObject(json, 'Alpaca latest trades');
  return entries(body.trades, 'Alpaca latest trades: trades').map(([symbol, value]) => {
    const what = `Alpaca latest trade of ${symbol}`;
    const trade = wireObject(value, what);
    return { symbol, price: numeric(trade, 'p', what), size: numeric(trade, 's', what), timestamp: time(trade, 't', what) };
  });
}

/** The SDK's StreamQuote (`bidPrice`, `askSize`, `timestampRaw`, …). */
export function fromStreamQuote(value: unknown): Quote {
  const quote = wireObject(value, 'Alpaca stream quote');
  const symbol = streamSymbol(quote, 'Alpaca stream quote');
  const what = `Alpaca stream quote of ${symbol}`;
  return {
    symbol,
    bid: numeric(quote, 'bidPrice', what),
    ask: numeric(quote, 'askPrice', what),
    bidSize: numeric(quote, 'bidSize', what),
    askSize: numeric(quote, 'askSize', what),
    timestamp: streamTime(quote, what),
  };
}

/** The SDK's StreamTrade (`price`, `size`, `timestampRaw`, …). */
export function fromStreamTrade(value: unknown): MarketTrade {
  const trade = wireObject(value, 'Alpaca stream trade');
  const symbol = streamSymbol(trade, 'Alpaca stream trade');
  const what = `Alpaca stream trade of ${symbol}`;
  return {
    symbol,
    price: numeric(trade, 'price', what),
    size: numeric(trade, 'size', what),
    timestamp: streamTime(trade, what),
  };
}

function readQuote(symbol: string, quote: WireObject, what: string): Quote {
  return {
    symbol,
    bid: numeric(quote, 'bp', what),
    ask: numeric(quote, 'ap', what),
    bidSize: numeric(quote, 'bs', what),
    askSize: numeric(quote, 'as', what),
    timestamp: time(quote, 't', what),
  };
}

function entries(value: unknown, what: string): [string, unknown][] {
  return Object.entries(wireObject(value, what));
}

function member<T>(obj: WireObject, field: string, what: string, read: (member: WireObject, what: string) => T): T | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  return read(wireObject(value, `${what}: ${field}`), `${what}: ${field}`);
}

function streamSymbol(obj: WireObject, what: string): string {
  const { symbol } = obj;
  if (typeof symbol !== 'string' || symbol === '') throw new AlpacaWireError(`${what}: "symbol" should be a ticker like "AAPL"`);
  return symbol;
}

/** The nanosecond text when the SDK kept it, else its millisecond Date. */
function streamTime(obj: WireObject, what: string): string {
  return optionalTime(obj, 'timestampRaw', what) ?? time(obj, 'timestamp', what);
}
