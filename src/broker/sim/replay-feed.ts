import type { Bar, BarColumns } from '../../domain/bar.js';

/**
 * Replays history on the simulated market: a symbol's quotes follow a file's bars instead of the
 * random walk, so a strategy can be paper-traded on history in the console.
 *
 * Time. Each bar lasts `barMs` on the clock (one second by default, whatever the bar was), and bar
 * i of every replayed file plays over [T0 + i·barMs, T0 + (i + 1)·barMs), T0 being the first
 * multiple of barMs at or after the market's start. A strategy whose `bar=` equals barMs therefore
 * builds exactly the replayed bars, in their order, stamped with when they played.
 *
 * Prices. A bar is played as four prints, a quarter of a bar apart: the open at the bar's start,
 * then the extreme nearer the open, the farther one, and the close at three quarters (the shortest
 * path through the four prices, the usual assumption of bar replays; when both extremes are as far
 * from the open, an up bar dips first and a down bar rallies first). Each print locks the book at
 * its price (bid = ask = last, as a backtest fills at the bar's price, without spread) and shows
 * the bar's whole volume on each side, so an order up to a bar's volume fills at once, as a
 * backtest assumes; a file without volumes shows DEPTH_WITHOUT_VOLUME. A print trades a quarter of
 * the bar's volume. After its last bar a symbol stays at its last close, with no more prints.
 */

export const DEFAULT_REPLAY_BAR_MS = 1000;
export const PRINTS_PER_BAR = 4;
/** Shares shown on each side of a replayed book whose file has no volumes. */
export const DEPTH_WITHOUT_VOLUME = 1_000_000;

export interface ReplaySource {
  /** As the market lists it (normalized). */
  readonly symbol: string;
  readonly bars: BarColumns;
}

/** One print of a replayed bar, for the exchange to put on its market. */
export interface ReplayPrint {
  readonly symbol: string;
  readonly price: number;
  /** Shares the print trades. */
  readonly size: number;
  /** Shares shown on each side until the next print. */
  readonly depth: number;
  /** The close of the bar before; the first bar's own open for the first. */
  readonly prevClose: number;
}

export interface ReplayFeedOptions {
  readonly sources: readonly ReplaySource[];
  /** How long one bar lasts on the clock. */
  readonly barMs: number;
  readonly now: () => number;
  /** Runs `fn` after `ms`: the exchange's timers, so closing it stops the replay. */
  readonly after: (ms: number, fn: () => void) => void;
  readonly print: (print: ReplayPrint) => void;
}

export interface ReplayHistoryRequest {
  readonly symbol: string;
  readonly timeframeMs: number;
  readonly before: number;
  readonly count: number;
}

export class ReplayFeed {
  readonly barMs: number;
  private readonly sources: ReadonlyMap<string, BarColumns>;
  private readonly length: number;
  private startAt: number | undefined;
  /** The next print over the whole replay: bar ⌊next / 4⌋, step next mod 4. */
  private next = 0;

  constructor(private readonly options: ReplayFeedOptions) {
    const { barMs } = options;
    if (!(Number.isSafeInteger(barMs) && barMs >= PRINTS_PER_BAR)) throw new RangeError(`a replayed bar must last a whole number of milliseconds, at least ${PRINTS_PER_BAR}; got ${barMs}`);
    this.barMs = barMs;
    this.sources = new Map(options.sources.map((source) => [source.symbol, source.bars]));
    this.length = Math.max(0, ...options.sources.map((source) => source.bars.length));
  }

  symbols(): string[] {
    return [...this.sources.keys()];
  }

  /** Where each symbol stands before its first bar plays: at that bar's open, nothing traded. */
  opening(): ReplayPrint[] {
    return [...this.sources].flatMap(([symbol, bars]) => (bars.length === 0 ? [] : [{ ...printOf(symbol, bars, 0, 0), size: 0 }]));
  }

  /** When bar 0 plays; undefined until the market starts. */
  get startedAt(): number | undefined {
    return this.startAt;
  }

  /** Plays from the next bar boundary on; a second call changes nothing. */
  start(): void {
    if (this.startAt !== undefined) return;
    this.startAt = Math.ceil(this.options.now() / this.barMs) * this.barMs;
    this.schedule();
  }

  /**
   * The bars of `symbol` played and over by `before`, stamped with when they played, the last
   * `count`, oldest first: at the replay's bar length as they are, at a multiple of it merged in
   * whole groups on that length's grid. None at any other length or before the replay starts;
   * undefined for a symbol the replay does not play.
   */
  history({ symbol, timeframeMs, before, count }: ReplayHistoryRequest): Bar[] | undefined {
    const bars = this.sources.get(symbol);
    if (bars === undefined) return undefined;
    const { startAt, barMs } = this;
    if (startAt === undefined || !(count >= 1) || timeframeMs % barMs !== 0) return [];
    const over = Math.min(before, this.options.now());
    const played = Math.min(bars.length, Math.floor((over - startAt) / barMs));
    const per = timeframeMs / barMs;
    const first = (Math.ceil(startAt / timeframeMs) * timeframeMs - startAt) / barMs;
    const end = first + Math.floor((played - first) / per) * per;
    const merged: Bar[] = [];
    for (let i = Math.max(first, end - count * per); i + per <= end; i += per) merged.push(mergeBars(bars, i, per, startAt + i * barMs));
    return merged;
  }

  private schedule(): void {
    if (this.startAt === undefined || this.next >= this.length * PRINTS_PER_BAR) return;
    const bar = Math.floor(this.next / PRINTS_PER_BAR);
    const step = this.next % PRINTS_PER_BAR;
    const at = this.startAt + bar * this.barMs + Math.floor((step * this.barMs) / PRINTS_PER_BAR);
    this.options.after(Math.max(0, at - this.options.now()), () => this.play(bar, step));
  }

  /** The next print is scheduled before this one goes out, so a failing subscriber cannot stop the replay. */
  private play(bar: number, step: number): void {
    this.next++;
    this.schedule();
    for (const [symbol, bars] of this.sources) {
      if (bar < bars.length) this.options.print(printOf(symbol, bars, bar, step));
    }
  }
}

/** A bar's four prices in the order they are played: open, the nearer extreme, the farther, close. */
export function barPath(open: number, high: number, low: number, close: number): [number, number, number, number] {
  const down = open - low;
  const up = high - open;
  const lowFirst = down < up || (down === up && close >= open);
  return lowFirst ? [open, low, high, close] : [open, high, low, close];
}

function printOf(symbol: string, bars: BarColumns, i: number, step: number): ReplayPrint {
  const open = bars.open[i] as number;
  const volume = bars.volume[i] as number;
  const path = barPath(open, bars.high[i] as number, bars.low[i] as number, bars.close[i] as number);
  const shares = Number.isFinite(volume) && volume >= 1 ? Math.floor(volume) : 0;
  return {
    symbol,
    price: path[step] as number,
    size: Math.floor(shares / PRINTS_PER_BAR),
    depth: shares > 0 ? shares : DEPTH_WITHOUT_VOLUME,
    prevClose: i === 0 ? open : (bars.close[i - 1] as number),
  };
}

function mergeBars(bars: BarColumns, from: number, count: number, start: number): Bar {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (let i = from; i < from + count; i++) {
    high = Math.max(high, bars.high[i] as number);
    low = Math.min(low, bars.low[i] as number);
    volume += bars.volume[i] as number;
  }
  return { start, open: bars.open[from] as number, high, low, close: bars.close[from + count - 1] as number, volume, trades: count * PRINTS_PER_BAR };
}
