import { dec, ZERO, type Decimal } from '../../src/domain/decimal.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';
import {
  intentsOf,
  sharesForAll,
  type BarSeries,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyIntent,
  type WorkingOrderView,
} from '../../src/strategy/strategy.js';

export interface Columns {
  readonly close: readonly number[];
  readonly high?: readonly number[];
  readonly low?: readonly number[];
}

/**
 * Bars over plain arrays, revealing them one at a time: reading at or past `length` throws, as
 * every real series must, so a strategy that looks ahead fails loudly here.
 */
export class RevealedSeries implements BarSeries {
  length = 0;
  readonly first = 0;

  constructor(private readonly columns: Columns) {}

  get total(): number {
    return this.columns.close.length;
  }

  start(i: number): number {
    return this.read(i, () => i * 60_000);
  }
  open(i: number): number {
    return this.read(i, () => this.columns.close[i] as number);
  }
  high(i: number): number {
    return this.read(i, () => (this.columns.high ?? this.columns.close)[i] as number);
  }
  low(i: number): number {
    return this.read(i, () => (this.columns.low ?? this.columns.close)[i] as number);
  }
  close(i: number): number {
    return this.read(i, () => this.columns.close[i] as number);
  }
  volume(i: number): number {
    return this.read(i, () => 100);
  }
  trades(i: number): number {
    return this.read(i, () => 1);
  }

  private read(i: number, value: () => number): number {
    if (!Number.isInteger(i) || i < this.first || i >= this.length) throw new RangeError(`bar ${i} is not readable: bars ${this.first}…${this.length - 1} are`);
    return value();
  }
}

export interface Signal {
  readonly bar: number;
  readonly intent: StrategyIntent;
}

export interface RunOptions {
  /** Bars already there when the strategy starts (history it warms up from). */
  readonly history?: number;
  /** Fill every intent at once at the bar's close (default); otherwise it stays a working order. */
  readonly fill?: boolean;
  readonly cash?: string;
}

/**
 * Runs a built-in over bars, one onBar per bar, with a position that follows its intents: filled
 * at the signal bar's close, or left working when `fill` is false. Returns each intent with its bar.
 */
export function runStrategy(definition: StrategyDefinition, args: readonly string[], columns: Columns, options: RunOptions = {}): Signal[] {
  const reading = resolveStrategyParams(definition, args);
  if (!reading.ok) throw new Error(reading.problem);
  const handlers = definition.create(reading.values);
  const bars = new RevealedSeries(columns);
  const position: { qty: Decimal; avgPrice: Decimal } = { qty: ZERO, avgPrice: ZERO };
  const workingOrders: WorkingOrderView[] = [];
  const cash = dec(options.cash ?? '100000');
  const ctx: StrategyContext = {
    symbol: 'AAPL',
    bars,
    position,
    workingOrders,
    cash,
    now: () => bars.start(bars.length - 1) + 60_000,
    log: { info: () => undefined, warn: () => undefined },
  };
  const signals: Signal[] = [];
  for (bars.length = Math.max(1, options.history ?? 1); bars.length <= bars.total; bars.length++) {
    for (const intent of intentsOf(handlers.onBar(ctx))) {
      signals.push({ bar: bars.length - 1, intent });
      const price = dec(String(bars.close(bars.length - 1)));
      if (options.fill === false) workingOrders.push({ clientOrderId: `o${signals.length}`, side: 'buy', type: 'market', qty: dec(1), filledQty: ZERO });
      else applyAtClose(position, intent, cash, price);
    }
  }
  return signals;
}

function applyAtClose(position: { qty: Decimal; avgPrice: Decimal }, intent: StrategyIntent, cash: Decimal, price: Decimal): void {
  const shares = (size: number | 'all'): Decimal => dec(size === 'all' ? sharesForAll(cash, ZERO, price) : size);
  if (intent.kind === 'close') position.qty = ZERO;
  else if (intent.kind === 'target') position.qty = intent.direction === 'long' ? shares(intent.size) : shares(intent.size).negated();
  else if (intent.kind === 'buy') position.qty = position.qty.plus(shares(intent.size));
  else if (intent.kind === 'sell') position.qty = position.qty.minus(shares(intent.size));
  position.avgPrice = position.qty.isZero() ? ZERO : price;
}

/** `[bar, kind(direction)]` pairs: what a hand-worked expectation lists. */
export function summary(signals: readonly Signal[]): string[] {
  return signals.map(({ bar, intent }) => `${bar} ${intent.kind}${intent.kind === 'target' ? ` ${intent.direction} ${intent.size}` : ''}`);
}
