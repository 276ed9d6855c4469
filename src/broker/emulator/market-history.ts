import { ZERO, maxDec, minDec } from '../../domain/decimal.js';
import type { MarketTrade, Quote, Unsubscribe } from '../port.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import type { Bar, RecordedTrade } from './market-frames.js';

export interface MarketListener {
  readonly trade: (trade: RecordedTrade) => void;
  readonly quote: (quote: Quote) => void;
}

const MINUTE_MS = 60_000;
/** A week of minutes per symbol; older ones are dropped so a long-running emulator stays bounded. */
const KEPT_MINUTES = 7 * 24 * 60;

/**
 * What an account's sim market has printed since the emulator first served its data: the sim keeps
 * only its current quote, last price and previous close, so bars start with the last print it
 * showed then and grow from every trade after. Every print gets a number, as Alpaca's trades carry
 * one, and reaches the stream's listeners from here so REST and stream agree on it.
 */
export class MarketHistory {
  private readonly latest = new Map<string, RecordedTrade>();
  private readonly minutes = new Map<string, Bar[]>();
  private readonly listeners = new Set<MarketListener>();
  private nextId = 1;

  constructor(exchange: SimExchange) {
    const symbols = exchange.symbols();
    for (const symbol of symbols) {
      const quote = exchange.getQuote(symbol);
      if (quote !== undefined) this.record({ symbol, price: quote.last, size: quote.bidSize, timestamp: quote.timestamp });
    }
    exchange.subscribeMarketData(symbols, {
      trade: (trade) => this.trade(trade),
      quote: (quote) => {
        for (const listener of [...this.listeners]) listener.quote(quote);
      },
    });
  }

  listen(listener: MarketListener): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  latestTrade(symbol: string): RecordedTrade | undefined {
    return this.latest.get(symbol);
  }

  /** The symbol's bars of `frameMs` (aligned to multiples of it since the epoch) starting within `[fromMs, toMs]`. */
  bars(symbol: string, frameMs: number, fromMs: number, toMs: number): Bar[] {
    const merged: Bar[] = [];
    for (const minute of this.minutes.get(symbol) ?? []) {
      const start = Math.floor(minute.start / frameMs) * frameMs;
      if (start < fromMs || start > toMs) continue;
      const last = merged.at(-1);
      if (last !== undefined && last.start === start) merged[merged.length - 1] = merge(last, minute);
      else merged.push({ ...minute, start });
    }
    return merged;
  }

  private trade(trade: MarketTrade): void {
    const recorded = this.record(trade);
    for (const listener of [...this.listeners]) listener.trade(recorded);
  }

  private record(trade: MarketTrade): RecordedTrade {
    const recorded: RecordedTrade = { ...trade, id: this.nextId++ };
    this.latest.set(trade.symbol, recorded);
    const minutes = this.minutes.get(trade.symbol) ?? [];
    this.minutes.set(trade.symbol, minutes);
    const start = Math.floor(Date.parse(trade.timestamp) / MINUTE_MS) * MINUTE_MS;
    const bar = single(start, trade);
    const last = minutes.at(-1);
    if (last !== undefined && last.start === start) minutes[minutes.length - 1] = merge(last, bar);
    else minutes.push(bar);
    if (minutes.length > KEPT_MINUTES) minutes.shift();
    return recorded;
  }
}

const histories = new WeakMap<SimExchange, MarketHistory>();

/** The account's history, started the first time its market data is asked for. */
export function marketHistory(exchange: SimExchange): MarketHistory {
  let history = histories.get(exchange);
  if (history === undefined) {
    history = new MarketHistory(exchange);
    histories.set(exchange, history);
  }
  return history;
}

function single(start: number, trade: MarketTrade): Bar {
  const { price, size } = trade;
  return { start, open: price, high: price, low: price, close: price, volume: size, trades: 1, vwap: price };
}

/** `later` follows `earlier` in time. */
function merge(earlier: Bar, later: Bar): Bar {
  const volume = earlier.volume.plus(later.volume);
  const notional = earlier.vwap.times(earlier.volume).plus(later.vwap.times(later.volume));
  return {
    start: earlier.start,
    open: earlier.open,
    high: maxDec(earlier.high, later.high),
    low: minDec(earlier.low, later.low),
    close: later.close,
    volume,
    trades: earlier.trades + later.trades,
    vwap: volume.eq(ZERO) ? later.close : notional.div(volume),
  };
}
