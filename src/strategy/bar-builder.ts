/**
 * Builds one symbol's bars at a strategy's timeframe from the live quote and trade stream.
 *
 * Which bar a trade belongs to is decided by its market timestamp; when a bar is over is decided
 * by the clock: a timer at each boundary closes the bar even if nothing traded, and a bar is never
 * handed out before its end, nor twice. A trade stamped in a bar already closed is counted and
 * dropped rather than reopening it, since the strategy has already acted on that bar.
 *
 * Quiet bars. On Alpaca's free IEX feed trades are sparse (IEX prints a few percent of the
 * volume), so a 5s bar of a liquid name often has no trade while its quotes move. Strategies count
 * bars as time (a 20-bar average on 5s bars is 100s), so skipping quiet bars would stretch their
 * windows unevenly. Instead a bar with no trade is made from the mid-quotes it saw (volume 0,
 * 0 trades), and a bar with neither is flat at the last close. Mids never mix with trades: a bar
 * with one trade is built from trades alone. Only before any price is known is a bar skipped.
 */
import type { MarketTrade, Quote } from '../broker/port.js';
import type { Clock } from '../kernel/clock.js';
import type { Bar } from '../domain/bar.js';
import { barStart, type Timeframe } from './timeframe.js';

export type TradeTick = Pick<MarketTrade, 'price' | 'size' | 'timestamp'>;
export type QuoteTick = Pick<Quote, 'bid' | 'ask' | 'timestamp'>;

export interface BarBuilderOptions {
  readonly timeframe: Timeframe;
  readonly clock: Clock;
  readonly onBar: (bar: Bar) => void;
  /**
   * How long after a bar's end it stays open for trades still on their way (market timestamps
   * arrive a network hop late); 0 closes it on the boundary.
   */
  readonly graceMs?: number;
}

/** Trades that made no bar, by why. */
export interface DroppedTrades {
  /** Stamped in a bar already closed, or before the bar the builder started in. */
  readonly late: number;
  /** Stamped more than one bar ahead of the clock: the two clocks disagree too much to place it. */
  readonly early: number;
  /** No readable timestamp, or a price that is not positive, or a negative size. */
  readonly unusable: number;
}

export class BarBuilder {
  private readonly timeframe: Timeframe;
  private readonly clock: Clock;
  private readonly onBar: (bar: Bar) => void;
  private readonly graceMs: number;
  /** The bar in progress at start saw only part of its trades: it seeds the last close, unshown. */
  private readonly firstWhole: number;
  private readonly forming = new Map<number, Forming>();
  /** Start of the oldest bar not yet closed. */
  private nextStart: number;
  private lastClose: number | undefined;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private late = 0;
  private early = 0;
  private unusable = 0;

  constructor({ timeframe, clock, onBar, graceMs = 0 }: BarBuilderOptions) {
    if (!(graceMs >= 0 && Number.isFinite(graceMs))) throw new RangeError(`graceMs must be 0 or more milliseconds, not ${graceMs}`);
    this.timeframe = timeframe;
    this.clock = clock;
    this.onBar = onBar;
    this.graceMs = graceMs;
    const now = clock.now();
    this.nextStart = barStart(timeframe, now);
    this.firstWhole = this.nextStart === now ? now : this.nextStart + timeframe.ms;
    this.schedule();
  }

  trade(tick: TradeTick): void {
    if (this.stopped) return;
    const at = Date.parse(tick.timestamp);
    const price = tick.price.toNumber();
    const size = tick.size.toNumber();
    if (Number.isNaN(at) || !(price > 0) || !(size >= 0)) {
      this.unusable++;
      return;
    }
    const forming = this.formingAt(at);
    if (forming === 'late') this.late++;
    else if (forming === 'early') this.early++;
    else forming.addTrade(at, price, size);
  }

  /** Quotes only shape quiet bars, so one that cannot be placed or has no two-sided mid is ignored. */
  quote(tick: QuoteTick): void {
    if (this.stopped) return;
    const at = Date.parse(tick.timestamp);
    const bid = tick.bid.toNumber();
    const ask = tick.ask.toNumber();
    // Alpaca sends 0 for an empty side; a crossed book has no meaningful middle.
    if (Number.isNaN(at) || !(bid > 0) || !(ask >= bid)) return;
    const forming = this.formingAt(at);
    if (typeof forming !== 'string') forming.addMid(at, (bid + ask) / 2);
  }

  get dropped(): DroppedTrades {
    return { late: this.late, early: this.early, unusable: this.unusable };
  }

  /** Cancels the boundary timer; the bar in progress is discarded and later ticks are ignored. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.forming.clear();
  }

  private formingAt(at: number): Forming | 'late' | 'early' {
    const start = barStart(this.timeframe, at);
    if (start < this.nextStart) return 'late';
    if (start > barStart(this.timeframe, this.clock.now()) + this.timeframe.ms) return 'early';
    let forming = this.forming.get(start);
    if (forming === undefined) {
      forming = new Forming();
      this.forming.set(start, forming);
    }
    return forming;
  }

  private closeAt(start: number): number {
    return start + this.timeframe.ms + this.graceMs;
  }

  private schedule(): void {
    this.cancelTimer = this.clock.setTimer(() => this.closeDue(), this.closeAt(this.nextStart) - this.clock.now());
  }

  /** Closes every bar whose time is up (more than one when a system clock's timer fired late). */
  private closeDue(): void {
    const due: Bar[] = [];
    const now = this.clock.now();
    while (this.closeAt(this.nextStart) <= now) {
      const bar = this.finish(this.nextStart);
      if (bar !== undefined && bar.start >= this.firstWhole) due.push(bar);
      this.nextStart += this.timeframe.ms;
    }
    // Rescheduled before handing bars out, so a throwing listener cannot stop the bars.
    this.schedule();
    for (const bar of due) {
      if (this.stopped) return;
      this.onBar(bar);
    }
  }

  private finish(start: number): Bar | undefined {
    const forming = this.forming.get(start);
    this.forming.delete(start);
    const bar = forming?.toBar(start) ?? (this.lastClose === undefined ? undefined : flatBar(start, this.lastClose));
    if (bar !== undefined) this.lastClose = bar.close;
    return bar;
  }
}

/** One bar's trades and mids so far. */
class Forming {
  private volume = 0;
  private readonly trades = new PricePath();
  private readonly mids = new PricePath();

  addTrade(at: number, price: number, size: number): void {
    this.trades.add(at, price);
    this.volume += size;
  }

  addMid(at: number, mid: number): void {
    this.mids.add(at, mid);
  }

  /** Made on the first tick placed in it, so it holds a trade or a mid. */
  toBar(start: number): Bar {
    const path = this.trades.count > 0 ? this.trades : this.mids;
    return { start, open: path.open, high: path.high, low: path.low, close: path.close, volume: this.volume, trades: this.trades.count };
  }
}

/**
 * Open, high, low and close of prices that may arrive out of order within their bar: open and
 * close go by market timestamp, ties by arrival.
 */
class PricePath {
  count = 0;
  open = Number.NaN;
  high = Number.NEGATIVE_INFINITY;
  low = Number.POSITIVE_INFINITY;
  close = Number.NaN;
  private openAt = Number.POSITIVE_INFINITY;
  private closeAt = Number.NEGATIVE_INFINITY;

  add(at: number, price: number): void {
    this.count++;
    if (at < this.openAt) {
      this.openAt = at;
      this.open = price;
    }
    if (at >= this.closeAt) {
      this.closeAt = at;
      this.close = price;
    }
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
  }
}

function flatBar(start: number, price: number): Bar {
  return { start, open: price, high: price, low: price, close: price, volume: 0, trades: 0 };
}
