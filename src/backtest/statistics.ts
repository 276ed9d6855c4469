import { drawdownStatistics } from './statistics-drawdowns.js';
import { dailyEquity, finiteOrNull, periodsPerYear, returnStatistics } from './statistics-returns.js';
import { exposurePct, tradeStatistics, type TradeStatistics } from './statistics-trades.js';
import type { BacktestRun } from './types.js';

export { STATISTIC_FORMULAS } from './statistics-formulas.js';

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

/**
 * A run's statistics under the --json report's stable names. Percentages are percent (×100), not
 * fractions; durations are days. Null marks a figure the run leaves undefined (no trades, no
 * losses, no volatility, …, as STATISTIC_FORMULAS says for each), so none is ever NaN or Infinity.
 */
export type BacktestStatistics = {
  readonly start: string;
  readonly end: string;
  readonly durationDays: number;
  readonly periodsPerYear: 252 | 365;
  readonly exposurePct: number;
  readonly equityFinal: number;
  readonly equityPeak: number;
  readonly returnPct: number;
  readonly buyHoldReturnPct: number | null;
  readonly returnAnnPct: number | null;
  readonly volatilityAnnPct: number | null;
  readonly cagrPct: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  /** 0 or negative. */
  readonly maxDrawdownPct: number;
  readonly avgDrawdownPct: number | null;
  readonly maxDrawdownDays: number | null;
  readonly avgDrawdownDays: number | null;
  readonly trades: number;
} & TradeStatistics;

export function computeStatistics(run: BacktestRun): BacktestStatistics {
  const { bars, equity } = run;
  if (bars.length === 0) throw new RangeError(`statistics need at least one bar; the ${run.symbol} run has none`);
  const last = bars.length - 1;
  const first = equity[0] as number;
  if (!(first > 0)) throw new RangeError(`statistics need a positive starting equity; the ${run.symbol} run starts at ${first}`);
  const final = equity[last] as number;
  const startTime = bars.start[0] as number;
  const endTime = bars.start[last] as number;
  const durationDays = (endTime - startTime) / DAY_MS;

  const returns = returnStatistics(dailyEquity(bars, equity), periodsPerYear(bars));
  const drawdowns = drawdownStatistics(bars, equity);
  const years = durationDays / YEAR_DAYS;
  const growth = final / first;
  let equityPeak = -Infinity;
  for (let i = 0; i < bars.length; i++) equityPeak = Math.max(equityPeak, equity[i] as number);

  return {
    start: new Date(startTime).toISOString(),
    end: new Date(endTime).toISOString(),
    durationDays,
    periodsPerYear: returns.periodsPerYear,
    exposurePct: exposurePct(run.trades, bars.length),
    equityFinal: run.equityFinal.toNumber(),
    equityPeak,
    returnPct: (growth - 1) * 100,
    buyHoldReturnPct: finiteOrNull(((bars.close[last] as number) / (bars.close[0] as number) - 1) * 100),
    returnAnnPct: returns.returnAnnPct,
    volatilityAnnPct: returns.volatilityAnnPct,
    cagrPct: years > 0 && growth > 0 ? finiteOrNull((growth ** (1 / years) - 1) * 100) : null,
    sharpe: returns.sharpe,
    sortino: returns.sortino,
    calmar: returns.annualReturn === null || drawdowns.maxDrawdown === 0 ? null : returns.annualReturn / drawdowns.maxDrawdown,
    maxDrawdownPct: negatedPct(drawdowns.maxDrawdown),
    avgDrawdownPct: drawdowns.avgDrawdown === null ? null : negatedPct(drawdowns.avgDrawdown),
    maxDrawdownDays: drawdowns.maxDrawdownDays,
    avgDrawdownDays: drawdowns.avgDrawdownDays,
    trades: run.trades.length,
    ...tradeStatistics(run.trades),
  };
}

/** −fraction × 100 without a −0, which would print as "-0.00". */
function negatedPct(fraction: number): number {
  return fraction === 0 ? 0 : -fraction * 100;
}
