import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { MarketData, MarketDataHandlers, MarketTrade, Quote } from '../../src/broker/port.js';
import { flushMicrotasks } from '../../src/kernel/clock.js';
import { EventBus } from '../../src/core/event-bus.js';
import type { CoreEvent } from '../../src/core/events.js';
import { QuoteBoard } from '../../src/core/quote-board.js';
import { TaskSet } from '../../src/core/task-set.js';

const T0 = '2026-01-05T15:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** Alpaca's shapes: a quote carries bid and ask only, a trade the price, a snapshot all three. */
function streamQuote(symbol: string, bid: string, ask: string, second: number): Quote {
  return { symbol, bid: dec(bid), ask: dec(ask), bidSize: dec(100), askSize: dec(200), timestamp: at(second) };
}

function streamTrade(symbol: string, price: string, second: number): MarketTrade {
  return { symbol, price: dec(price), size: dec(10), timestamp: at(second) };
}

function snapshot(symbol: string, last: string, prevClose: string, second: number): Quote {
  return { ...streamQuote(symbol, last, last, second), last: dec(last), prevClose: dec(prevClose) };
}

/** A market whose streams the test plays by hand and whose snapshots answer when the test says. */
class HandPlayedMarket implements MarketData {
  maxStreamedSymbols: number | undefined;
  /** Refuses the next subscription, as Alpaca's adapter refuses a 31st symbol. */
  refuseNext: Error | undefined;
  handlers: MarketDataHandlers = {};
  subscribed: readonly string[] = [];
  readonly snapshotRequests: (readonly string[])[] = [];
  private answer: (snapshots: Quote[]) => void = () => {};

  getSnapshots(symbols: readonly string[]): Promise<Quote[]> {
    this.snapshotRequests.push(symbols);
    return new Promise((resolve) => {
      this.answer = resolve;
    });
  }

  getLatestQuotes(): Promise<Quote[]> {
    return Promise.reject(new Error('the board seeds from snapshots'));
  }

  getLatestTrades(): Promise<MarketTrade[]> {
    return Promise.reject(new Error('the board seeds from snapshots'));
  }

  subscribeMarketData(symbols: readonly string[], handlers: MarketDataHandlers) {
    const refused = this.refuseNext;
    this.refuseNext = undefined;
    if (refused !== undefined) throw refused;
    this.subscribed = symbols;
    this.handlers = handlers;
    return () => {
      if (this.subscribed === symbols) this.subscribed = [];
    };
  }

  async answerSnapshots(snapshots: Quote[]): Promise<void> {
    this.answer(snapshots);
    await flushMicrotasks();
  }
}

function startBoard(watchlist: readonly string[], maxStreamedSymbols?: number) {
  const market = new HandPlayedMarket();
  market.maxStreamedSymbols = maxStreamedSymbols;
  const warnings: string[] = [];
  const bus = new EventBus();
  const events: CoreEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const tasks = new TaskSet((error) => {
    throw error;
  });
  const board = new QuoteBoard(market, bus, tasks, watchlist, (symbols) => market.getSnapshots(symbols), (text) => warnings.push(text));
  board.start();
  const published = (): Quote[] => events.flatMap((e) => (e.type === 'quote' ? [e.quote] : []));
  return { market, board, published, warnings };
}

describe('the quote board', () => {
  it('streams held and traded symbols first within the market data\'s limit, says which are left out, and never throws for it', () => {
    const { market, board, warnings } = startBoard(['SPY', 'QQQ', 'AAPL'], 3);
    expect(market.subscribed).toEqual(['SPY', 'QQQ', 'AAPL']);
    board.track(['NVDA']);
    expect(market.subscribed).toEqual(['NVDA', 'SPY', 'QQQ']);
    expect(warnings).toEqual(['the market data streams at most 3 symbols: AAPL gets no live quotes (a price is fetched when one is needed) — unwatch some to stream them']);
    board.add(['MSFT']);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/: AAPL, MSFT get no live quotes/);
    board.remove(['SPY', 'MSFT']);
    expect(market.subscribed).toEqual(['NVDA', 'QQQ', 'AAPL']);
  });

  it('keeps the old subscription when a new one is refused, and says why', () => {
    const { market, board, warnings } = startBoard(['SPY']);
    market.refuseNext = new Error("Alpaca's free data plan streams at most 30 symbols; 31 asked");
    expect(() => board.add(['QQQ'])).not.toThrow();
    expect(market.subscribed).toEqual(['SPY']);
    expect(warnings).toEqual(["live quotes not changed: Alpaca's free data plan streams at most 30 symbols; 31 asked"]);
    expect(board.symbols()).toEqual(['SPY', 'QQQ']);
    board.track(['AAPL']);
    expect(market.subscribed).toEqual(['AAPL', 'SPY', 'QQQ']);
  });

  it('seeds from snapshots, keeps the last and previous close through quotes, and takes the last from trades', async () => {
    const { market, board, published } = startBoard(['AAPL']);
    expect(market.subscribed).toEqual(['AAPL']);
    expect(market.snapshotRequests).toEqual([['AAPL']]);
    await market.answerSnapshots([snapshot('AAPL', '187.00', '185.00', 0)]);

    market.handlers.quote?.(streamQuote('AAPL', '187.40', '187.44', 1));
    market.handlers.trade?.(streamTrade('AAPL', '187.42', 2));
    market.handlers.quote?.(streamQuote('AAPL', '187.41', '187.45', 3));

    const aapl = board.get('AAPL');
    expect([aapl?.bid, aapl?.ask, aapl?.last, aapl?.prevClose].map(String)).toEqual(['187.41', '187.45', '187.42', '185']);
    expect(aapl?.timestamp).toBe(at(3));
    expect(published().map((q) => q.last?.toString())).toEqual(['187', '187', '187.42', '187.42']);
  });

  it('keeps what the streams said before the snapshot came, filling in only what they did not', async () => {
    const { market, board } = startBoard(['AAPL']);
    market.handlers.quote?.(streamQuote('AAPL', '187.40', '187.44', 5));
    market.handlers.trade?.(streamTrade('AAPL', '187.43', 6));
    await market.answerSnapshots([snapshot('AAPL', '186.00', '185.00', 0)]);
    const aapl = board.get('AAPL');
    expect([aapl?.bid, aapl?.last, aapl?.prevClose].map(String)).toEqual(['187.4', '187.43', '185']);
    expect(aapl?.timestamp).toBe(at(6));
  });

  it('shows a trade before any quote with empty sides, and takes the newer time of quote and trade', async () => {
    const { market, board } = startBoard(['KO']);
    market.handlers.trade?.(streamTrade('KO', '60.10', 4));
    const ko = board.get('KO');
    expect([ko?.bid, ko?.ask, ko?.last].map(String)).toEqual(['0', '0', '60.1']);
    expect(ko?.prevClose).toBeUndefined();
    market.handlers.quote?.(streamQuote('KO', '60.09', '60.11', 9));
    // A trade printed before the quote does not turn its time back.
    market.handlers.trade?.(streamTrade('KO', '60.12', 8));
    expect(board.get('KO')?.timestamp).toBe(at(9));
    expect(board.get('KO')?.last?.toString()).toBe('60.12');
  });

  it('drops the prices of a symbol no longer watched, and fetches them again when it is', async () => {
    const { market, board } = startBoard(['AAPL', 'MSFT']);
    await market.answerSnapshots([snapshot('AAPL', '187.00', '185.00', 0), snapshot('MSFT', '410.00', '405.00', 0)]);
    board.remove(['MSFT']);
    expect(market.subscribed).toEqual(['AAPL']);
    expect(board.get('MSFT')).toBeUndefined();
    board.add(['MSFT']);
    expect(market.snapshotRequests.at(-1)).toEqual(['MSFT']);
  });

  it('fetches a snapshot for a symbol with no prices yet, keeping it only while it is subscribed', async () => {
    const { market, board } = startBoard([]);
    const first = board.current('KO');
    await market.answerSnapshots([snapshot('KO', '60.00', '59.00', 0)]);
    expect((await first)?.last?.toString()).toBe('60');
    expect(board.get('KO')).toBeUndefined();
  });
});
