import { defineStrategy, type Intents, type StrategyContext, type StrategyFill } from '../../src/strategy/strategy.js';
import type { BarColumns } from '../../src/backtest/types.js';

export const DAY = 86_400_000;
/** 2024-01-01, a Monday. */
export const FIRST_DAY = Date.UTC(2024, 0, 1);

/** Daily bars from [open, close] pairs; high and low span them, volume 1,000 each. */
export function barColumns(rows: readonly (readonly [open: number, close: number])[]): BarColumns {
  const column = (pick: (row: readonly [number, number], i: number) => number): Float64Array => Float64Array.from(rows, pick);
  return {
    length: rows.length,
    start: column((_, i) => FIRST_DAY + i * DAY),
    open: column(([open]) => open),
    high: column(([open, close]) => Math.max(open, close)),
    low: column(([open, close]) => Math.min(open, close)),
    close: column(([, close]) => close),
    volume: column(() => 1000),
  };
}

export interface Script {
  /** What onBar answers at each bar index (the current bar is `bars.length - 1`). */
  readonly onBar?: Readonly<Record<number, Intents>>;
  readonly onFill?: (fill: StrategyFill, ctx: StrategyContext) => Intents;
  readonly seen?: (ctx: StrategyContext) => void;
  readonly warmUpBars?: number;
}

/** A strategy that answers what the test wrote down for each bar, so every trade is chosen by hand. */
export function scripted(script: Script) {
  return defineStrategy({
    name: 'scripted',
    description: 'answers what the test says',
    params: {},
    warmUpBars: () => script.warmUpBars ?? 0,
    create: () => ({
      onBar(ctx) {
        script.seen?.(ctx);
        return script.onBar?.[ctx.bars.length - 1];
      },
      ...(script.onFill !== undefined && { onFill: script.onFill }),
    }),
  });
}
