import type { Decimal } from '../../domain/decimal.js';
import type { MarketTrade, Quote } from '../port.js';

/**
 * The sim's prices in the shapes of Alpaca's market-data API: prices and sizes as JSON numbers
 * (unlike trading's strings), IEX as the exchange of every quote and print.
 */

/** A print the emulator has numbered, as Alpaca numbers every trade it reports. */
export interface RecordedTrade extends MarketTrade {
  readonly id: number;
}

/** Open, high, low, close, volume, count and volume-weighted price over `[start, start + frame)`. */
export interface Bar {
  readonly start: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
  readonly trades: number;
  readonly vwap: Decimal;
}

/** IEX's exchange code: the only venue a free plan sees. */
const IEX = 'V';
const TAPE = 'C';
/** Alpaca's condition codes: a regular quote, a regular sale. */
const REGULAR_QUOTE = ['R'];
const REGULAR_SALE = ['@'];

/** `latestQuote` of a snapshot, or a value of GET /v2/stocks/quotes/latest's `quotes`. */
export function quoteJson(quote: Quote): Record<string, unknown> {
  return {
    t: quote.timestamp,
    ax: IEX,
    ap: number(quote.ask),
    as: number(quote.askSize),
    bx: IEX,
    bp: number(quote.bid),
    bs: number(quote.bidSize),
    c: REGULAR_QUOTE,
    z: TAPE,
  };
}

/** `latestTrade` of a snapshot, or a value of GET /v2/stocks/trades/latest's `trades`. */
export function tradeJson(trade: RecordedTrade): Record<string, unknown> {
  return { t: trade.timestamp, x: IEX, p: number(trade.price), s: number(trade.size), c: REGULAR_SALE, i: trade.id, z: TAPE };
}

/** Bars start on whole minutes, and Alpaca writes their time without fractions. */
export function barJson(bar: Bar): Record<string, unknown> {
  return {
    t: new Date(bar.start).toISOString().replace('.000Z', 'Z'),
    o: number(bar.open),
    h: number(bar.high),
    l: number(bar.low),
    c: number(bar.close),
    v: number(bar.volume),
    n: bar.trades,
    vw: number(bar.vwap),
  };
}

/**
 * A stream frame's time is a Date: the msgpack codec sends it as the timestamp extension, as Alpaca
 * does (the SDK reads nothing else), and the JSON codec as its ISO text.
 */
export function quoteFrame(quote: Quote): Record<string, unknown> {
  return { T: 'q', S: quote.symbol, ...quoteJson(quote), t: new Date(quote.timestamp) };
}

export function tradeFrame(trade: RecordedTrade): Record<string, unknown> {
  return { T: 't', S: trade.symbol, ...tradeJson(trade), t: new Date(trade.timestamp) };
}

function number(value: Decimal): number {
  return value.toNumber();
}
