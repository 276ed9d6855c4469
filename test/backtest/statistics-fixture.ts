import { dec } from '../../src/domain/decimal.js';
import type { BacktestRun, BacktestTrade, BarColumns } from '../../src/backtest/types.js';

/** Bars starting at the given ISO times, every price the close (statistics read only closes and times). */
export function barColumns(times: readonly string[], closes: readonly number[]): BarColumns {
  const close = Float64Array.from(closes);
  return {
    length: times.length,
    start: Float64Array.from(times.map((time) => Date.parse(time))),
    open: close,
    high: close,
    low: close,
    close,
    volume: new Float64Array(times.length),
  };
}

export interface TradeSpec {
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entry: string;
  readonly exit: string;
  readonly commission?: string;
}

/** A trade with P&L and return worked out from its prices as the engine books them. */
export function trade(bars: BarColumns, spec: TradeSpec): BacktestTrade {
  const entryPrice = dec(spec.entry);
  const exitPrice = dec(spec.exit);
  const commission = dec(spec.commission ?? '0');
  const size = dec(spec.size);
  return {
    size: spec.size,
    entryBar: spec.entryBar,
    exitBar: spec.exitBar,
    entryTime: bars.start[spec.entryBar] as number,
    exitTime: bars.start[spec.exitBar] as number,
    entryPrice,
    exitPrice,
    commission,
    pnl: size.times(exitPrice.minus(entryPrice)).minus(commission),
    returnPct: Math.sign(spec.size) * (exitPrice.toNumber() / entryPrice.toNumber() - 1) - commission.toNumber() / (Math.abs(spec.size) * entryPrice.toNumber()),
    entryReason: 'test',
    closedAtEnd: false,
  };
}

export function backtestRun(bars: BarColumns, equity: readonly number[], trades: readonly BacktestTrade[] = [], equityFinal = String(equity[equity.length - 1])): BacktestRun {
  return {
    symbol: 'TEST',
    strategy: 'test',
    params: {},
    bars,
    startingCash: dec(equity.length === 0 ? equityFinal : String(equity[0])),
    equity: Float64Array.from(equity),
    equityFinal: dec(equityFinal),
    trades,
    warmUpBars: 0,
    refused: {},
  };
}

/** Weekdays from a Monday, one a bar, as ISO dates at midnight UTC. */
export function weekdays(from: string, count: number): string[] {
  const days: string[] = [];
  for (let time = Date.parse(from); days.length < count; time += 86_400_000) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(time).toISOString());
  }
  return days;
}
