import { ZERO, dec, maxDec, minDec, type Decimal } from '../../domain/decimal.js';
import type { MarketTrade, Quote, Unsubscribe } from '../port.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import type { BarColumns } from '../../domain/bar.js';
import { syntheticHistoryColumns, syntheticPrints } from '../../domain/synthetic-bars.js';
import type { Bar, RecordedTrade } from './market-frames.js';

export interface MarketListener {
  readonly trade: (trade: RecordedTrade) => void;
  readonly quote: (quote: Quote) => void;
}

const MINUTE_MS = 60_000;
/** A week of minutes per symbol; older ones are dropped so a long-running emulator stays bounded. */
const KEPT_MINUTES = 7 * 24 * 60;
/** Two days of invented minutes before the first print: enough to warm up on 1m to 1h bars. */
const PRELUDE_MINUTES = 2 * 24 * 60;

/**
 * What an account's sim market has printed since the emulator first served its data: the sim keeps
 * only its current quote, last price and previous close, so bars start with the last print it
 * showed then and grow from every trade after. Before that print lie the sim's invented minutes
 * (synthetic-bars), ending at its price, so a strategy warming up from bars finds history here as
 * it would on Alpaca. Every print gets a number, as Alpaca's trades carry one, and reaches the
 * stream's listeners from here so REST and stream agree on it.
 */
export class MarketHistory {
  private readonly latest = new Map<string, RecordedTrade>();
  /** Invented minutes, as float columns: converted to decimals only for the bars asked for. */
  private readonly prelude = new Map<string, BarColumns>();
  private readonly minutes = new Map<string, Bar[]>();
  private readonly listeners = new Set<MarketListener>();
  private nextId = 1;

  constructor(exchange: SimExchange) {
    const symbols = exchange.symbols();
    for (const symbol of symbols) {
      const quote = exchange.getQuote(symbol);
      if (quote === undefined) continue;
      const firstMinute = Math.floor(Date.parse(quote.timestamp) / MINUTE_MS) * MINUTE_MS;
      this.prelude.set(
        symbol,
        syntheticHistoryColumns({ seed: exchange.seed, symbol, lastPrice: quote.last.toNumber(), timeframeMs: MINUTE_MS, before: firstMinute, count: PRELUDE_MINUTES }),
      );
      this.record({ symbol, price: quote.last, size: quote.bidSize, timestamp: quote.timestamp });
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

  /** The latest minute the sim printed in. */
  lastMinute(symbol: string): Bar | undefined {
    return this.minutes.get(symbol)?.at(-1);
  }

  /** The symbol's bars of `frameMs` (aligned to multiples of it since the epoch) starting within `[fromMs, toMs]`. */
  bars(symbol: string, frameMs: number, fromMs: number, toMs: number): Bar[] {
    const merged: Bar[] = [];
    const add = (minute: Bar): void => {
      const start = Math.floor(minute.start / frameMs) * frameMs;
      if (start < fromMs || start > toMs) return;
      const last = merged.at(-1);
      if (last !== undefined && last.start === start) merged[merged.length - 1] = merge(last, minute);
      else merged.push({ ...minute, start });
    };
    const prelude = this.prelude.get(symbol);
    if (prelude !== undefined) for (const frame of framed(prelude, frameMs, fromMs, toMs)) add(frame);
    for (const minute of this.minutes.get(symbol) ?? []) add(minute);
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

/**
 * Invented minutes merged into bars of `frameMs` in floats, so days of them cost a pass over
 * numbers and only the bars given out become decimals. The volume-weighted price is of closes.
 */
function framed(minutes: BarColumns, frameMs: number, fromMs: number, toMs: number): Bar[] {
  const bars: Bar[] = [];
  let frame: { start: number; open: number; high: number; low: number; close: number; volume: number; notional: number } | undefined;
  const flush = (): void => {
    if (frame === undefined) return;
    const { start, open, high, low, close, volume, notional } = frame;
    const vwap = Math.round((notional / volume) * 10_000) / 10_000;
    bars.push({ start, open: float(open), high: float(high), low: float(low), close: float(close), volume: dec(volume), trades: syntheticPrints(volume), vwap: float(vwap) });
  };
  for (let i = 0; i < minutes.length; i++) {
    const start = Math.floor(minutes.start[i]! / frameMs) * frameMs;
    if (start < fromMs || start > toMs) continue;
    const [open, high, low, close, volume] = [minutes.open[i]!, minutes.high[i]!, minutes.low[i]!, minutes.close[i]!, minutes.volume[i]!];
    if (frame?.start !== start) {
      flush();
      frame = { start, open, high, low, close, volume, notional: volume * close };
      continue;
    }
    frame.high = Math.max(frame.high, high);
    frame.low = Math.min(frame.low, low);
    frame.close = close;
    frame.volume += volume;
    frame.notional += volume * close;
  }
  flush();
  return bars;
}

/** A float price as the decimal it prints as (prices on the tick print exactly). */
function float(value: number): Decimal {
  return dec(String(value));
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
