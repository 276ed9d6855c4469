import { ONE, ZERO, dec, maxDec, type Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/order-types.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import { roundToTick, tickSize } from '../../domain/tick.js';
import type { QuoteOverride } from '../controls.js';
import type { Quote } from '../port.js';
import type { SeededRandom } from './rng.js';
import { isoTime } from './iso-time.js';
import type { UniverseEntry } from './universe.js';

/** The simulated market always knows its last trade and previous close. */
export interface SimQuote extends Quote {
  readonly last: Decimal;
  readonly prevClose: Decimal;
}

/** Chance (percent) that a symbol's quote changes on a given market tick. */
const UPDATE_CHANCE = 70;
/** Spread of the first session's open around the previous close, in basis points either way. */
const OPEN_GAP_BPS = 150;
const BASIS_POINT = dec('0.0001');
const ROUND_LOT = dec(100);

/**
 * The synthetic market: a seeded random walk of the bid in whole ticks, a spread of one to three
 * ticks (about half a basis point, plus an occasional extra tick), round-lot sizes, and a last price
 * inside the spread. Every decision comes from one SeededRandom, so a seed (or a restored state)
 * gives the same prices whatever the orders do. The displayed size is also the liquidity that
 * fills consume until the next quote for that symbol.
 */
export class MarketFeed {
  private readonly quotes = new Map<string, SimQuote>();
  private readonly liquidity = new Map<string, { bid: Decimal; ask: Decimal }>();
  /** Symbols a replay moves (replay-feed): the random walk leaves them alone. */
  private readonly replayed = new Set<string>();

  constructor(
    private readonly random: SeededRandom,
    private readonly now: () => number,
    quotes: readonly SimQuote[] = [],
  ) {
    for (const quote of quotes) this.store(quote);
  }

  /** Opens a symbol near its previous close (a gap of up to ±1.5 %). */
  addSymbol(entry: UniverseEntry): SimQuote {
    const prevClose = dec(entry.price);
    const gapTicks = Math.round(prevClose.times(OPEN_GAP_BPS).times(BASIS_POINT).div(tickSize(prevClose)).toNumber());
    const bid = maxDec(ONE, prevClose.plus(tickSize(prevClose).times(this.random.int(-gapTicks, gapTicks))));
    return this.store(this.priced(normalizeSymbol(entry.symbol), bid, prevClose));
  }

  has(symbol: string): boolean {
    return this.quotes.has(symbol);
  }

  symbols(): string[] {
    return [...this.quotes.keys()];
  }

  quote(symbol: string): SimQuote | undefined {
    return this.quotes.get(symbol);
  }

  all(): SimQuote[] {
    return [...this.quotes.values()];
  }

  /** One market step; returns the quotes that changed, each with the one it replaced. */
  tick(): { quote: SimQuote; before: SimQuote }[] {
    const changed: { quote: SimQuote; before: SimQuote }[] = [];
    for (const quote of this.quotes.values()) {
      if (this.replayed.has(quote.symbol) || !this.random.chance(UPDATE_CHANCE)) continue;
      changed.push({ quote: this.store(this.walk(quote)), before: quote });
    }
    return changed;
  }

  set(symbol: string, override: QuoteOverride): SimQuote {
    const current = this.quotes.get(symbol);
    if (current === undefined) throw new Error(`unknown symbol ${symbol}`);
    const next: SimQuote = { ...current, ...override, timestamp: isoTime(this.now()) };
    if (next.bid.gt(next.ask)) throw new Error(`crossed quote for ${symbol}: bid ${next.bid} > ask ${next.ask}`);
    return this.store(next);
  }

  /**
   * A replayed print: the book locked at `price` (bid = ask = last, no spread, since bars carry
   * none and a backtest fills at the bar's price) with `depth` shares on each side. Adds the symbol
   * when the market did not list it; from then on only prints move it.
   */
  print(symbol: string, price: Decimal, depth: Decimal, prevClose: Decimal): SimQuote {
    this.replayed.add(symbol);
    return this.store({ symbol, bid: price, ask: price, last: price, bidSize: depth, askSize: depth, prevClose, timestamp: isoTime(this.now()) });
  }

  /** Shares still available at the side a `side` order takes (a buy lifts the ask). */
  available(symbol: string, side: Side): Decimal {
    const left = this.liquidity.get(symbol);
    if (left === undefined) return ZERO;
    return side === 'buy' ? left.ask : left.bid;
  }

  consume(symbol: string, side: Side, qty: Decimal): void {
    const left = this.liquidity.get(symbol);
    if (left === undefined) return;
    if (side === 'buy') left.ask = maxDec(ZERO, left.ask.minus(qty));
    else left.bid = maxDec(ZERO, left.bid.minus(qty));
  }

  /** Today's last becomes tomorrow's previous close. */
  rollDay(): void {
    for (const quote of this.quotes.values()) this.store({ ...quote, prevClose: quote.last });
  }

  private walk(quote: SimQuote): SimQuote {
    const tick = tickSize(quote.bid);
    const bid = maxDec(tick, roundToTick(quote.bid).plus(tick.times(this.stepTicks(quote))));
    return this.priced(quote.symbol, bid, quote.prevClose);
  }

  /** Steps with a standard deviation of about one basis point of the price. */
  private stepTicks(quote: SimQuote): number {
    const sigmaTicks = quote.bid.times(BASIS_POINT).div(tickSize(quote.bid)).toNumber();
    const variance = sigmaTicks * sigmaTicks;
    if (variance < 1) {
      const moves = this.random.int(0, 9999) < Math.round(variance * 10000);
      return moves ? (this.random.chance(50) ? 1 : -1) : 0;
    }
    // A uniform step on [-k, k] has variance k(k+1)/3.
    const k = Math.max(1, Math.round((Math.sqrt(12 * variance + 1) - 1) / 2));
    return this.random.int(-k, k);
  }

  private priced(symbol: string, bid: Decimal, prevClose: Decimal): SimQuote {
    const tick = tickSize(bid);
    const baseTicks = Math.min(3, Math.max(1, Math.round(bid.times(BASIS_POINT).div(2).div(tick).toNumber())));
    const spreadTicks = baseTicks + (this.random.chance(25) ? 1 : 0);
    return {
      symbol,
      bid,
      ask: bid.plus(tick.times(spreadTicks)),
      last: bid.plus(tick.times(this.random.int(0, spreadTicks))),
      bidSize: ROUND_LOT.times(this.random.int(1, 8)),
      askSize: ROUND_LOT.times(this.random.int(1, 8)),
      prevClose,
      timestamp: isoTime(this.now()),
    };
  }

  private store(quote: SimQuote): SimQuote {
    this.quotes.set(quote.symbol, quote);
    this.liquidity.set(quote.symbol, { bid: quote.bidSize, ask: quote.askSize });
    return quote;
  }
}

export function displayedSize(quote: SimQuote, side: Side): Decimal {
  return side === 'buy' ? quote.askSize : quote.bidSize;
}
