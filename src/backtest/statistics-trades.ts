import { ZERO, type Decimal } from '../domain/decimal.js';
import { sampleVariance } from './statistics-returns.js';
import type { BacktestTrade } from './types.js';

const DAY_MS = 86_400_000;

/** A type, not an interface, so the statistics pass where a record of figures is expected. */
export type TradeStatistics = {
  readonly winRatePct: number | null;
  readonly bestTradePct: number | null;
  readonly worstTradePct: number | null;
  readonly avgTradePct: number | null;
  readonly maxTradeDays: number | null;
  readonly avgTradeDays: number | null;
  readonly profitFactor: number | null;
  readonly profitFactorMoney: number | null;
  readonly expectancyPct: number | null;
  readonly sqn: number | null;
};

const NO_TRADES: TradeStatistics = {
  winRatePct: null,
  bestTradePct: null,
  worstTradePct: null,
  avgTradePct: null,
  maxTradeDays: null,
  avgTradeDays: null,
  profitFactor: null,
  profitFactorMoney: null,
  expectancyPct: null,
  sqn: null,
};

export function tradeStatistics(trades: readonly BacktestTrade[]): TradeStatistics {
  const count = trades.length;
  if (count === 0) return NO_TRADES;
  const returns = trades.map((trade) => trade.returnPct);
  const pnls = trades.map((trade) => trade.pnl.toNumber());
  const days = trades.map((trade) => (trade.exitTime - trade.entryTime) / DAY_MS);
  const pnlVariance = sampleVariance(pnls);
  const pnlDeviation = pnlVariance === null ? 0 : Math.sqrt(pnlVariance);
  return {
    winRatePct: (trades.filter((trade) => trade.pnl.gt(ZERO)).length / count) * 100,
    bestTradePct: returns.reduce((best, r) => Math.max(best, r), -Infinity) * 100,
    worstTradePct: returns.reduce((worst, r) => Math.min(worst, r), Infinity) * 100,
    avgTradePct: geometricMeanPct(returns),
    maxTradeDays: days.reduce((longest, d) => Math.max(longest, d), 0),
    avgTradeDays: mean(days),
    profitFactor: ratioOrNull(sum(returns.filter((r) => r > 0)), -sum(returns.filter((r) => r < 0))),
    profitFactorMoney: moneyProfitFactor(trades),
    expectancyPct: mean(returns) * 100,
    sqn: pnlDeviation === 0 ? null : (Math.sqrt(count) * mean(pnls)) / pnlDeviation,
  };
}

/**
 * The share of bars holding a position: each trade's entry bar to its exit bar inclusive, bars
 * covered by two trades (a close and a new entry on the same bar) counted once.
 */
export function exposurePct(trades: readonly BacktestTrade[], barCount: number): number {
  const spans = trades.map((trade) => [trade.entryBar, trade.exitBar] as const).sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = -1;
  for (const [entry, exit] of spans) {
    const from = Math.max(entry, reached + 1);
    if (exit >= from) covered += exit - from + 1;
    reached = Math.max(reached, exit);
  }
  return (covered / barCount) * 100;
}

/** exp(Σ ln(1 + r) / n) − 1 in percent; null when a trade lost all it put in (no logarithm). */
function geometricMeanPct(returns: readonly number[]): number | null {
  if (returns.some((r) => !(1 + r > 0))) return null;
  return (Math.exp(sum(returns.map((r) => Math.log(1 + r))) / returns.length) - 1) * 100;
}

function moneyProfitFactor(trades: readonly BacktestTrade[]): number | null {
  let profit: Decimal = ZERO;
  let loss: Decimal = ZERO;
  for (const { pnl } of trades) {
    if (pnl.lt(ZERO)) loss = loss.minus(pnl);
    else profit = profit.plus(pnl);
  }
  return loss.isZero() ? null : profit.div(loss).toNumber();
}

function ratioOrNull(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
