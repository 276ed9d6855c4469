import type { BacktestStatistics } from './statistics.js';

/**
 * Each statistic's definition in one line, as the README and the reports show it. E[t] is the
 * equity at the last bar of UTC day t (d days), r[t] = E[t]/E[t−1] − 1 for the d − 1 days after the
 * first, N the periods per year, g = exp(Σ ln(1 + r[t]) / d) − 1; "null" says when a figure is undefined.
 */
export const STATISTIC_FORMULAS: Readonly<Record<keyof BacktestStatistics, string>> = {
  start: 'start of the first bar (ISO 8601, UTC)',
  end: 'start of the last bar (ISO 8601, UTC)',
  durationDays: '(end − start) in days',
  periodsPerYear: 'N = 365 when weekend bars (Sat/Sun, UTC) are more than 0.6 · 2/7 of all bars, else 252',
  exposurePct: 'bars from each trade’s entry bar to its exit bar inclusive (union) / all bars × 100',
  equityFinal: 'cash after every trade is closed',
  equityPeak: 'max over bars of equity (cash + position at the bar’s close)',
  returnPct: '(E[last] / E[first] − 1) × 100, on bar equity',
  buyHoldReturnPct: '(close[last] / close[first] − 1) × 100',
  returnAnnPct: '((1 + g)^N − 1) × 100, g over d days (the first day a zero return); null when equity reached 0',
  volatilityAnnPct: 'sqrt((var(r) + (1 + g)^2)^N − (1 + g)^(2N)) × 100, var with n − 1 over the d − 1 returns; null below 2 returns',
  cagrPct: '((E[last] / E[first])^(1 / years) − 1) × 100, years = (last bar − first bar) in days / 365.25; null over 0 years',
  sharpe: 'annual return / annual volatility (risk-free 0); null when volatility is 0 or undefined',
  sortino: 'annual return / (sqrt(Σ min(r[t], 0)^2 / (d − 1)) · √N); null without a losing day',
  calmar: 'annual return / |max drawdown|; null without a drawdown',
  maxDrawdownPct: '−max over bars t of (1 − E[t] / max over s ≤ t of E[s]) × 100, on every bar’s equity',
  avgDrawdownPct: '−mean over drawdown periods of their deepest fall × 100; null without a drawdown',
  maxDrawdownDays: 'longest drawdown period in days, peak bar to recovery bar (or the last bar if never recovered); null without one',
  avgDrawdownDays: 'mean drawdown period in days, peak bar to recovery bar (or the last bar); null without one',
  trades: 'number of closed trades, those closed at the end of the data included',
  winRatePct: 'trades with P&L > 0 / trades × 100; null without trades',
  bestTradePct: 'max of trade returns × 100, return = sign(size)·(exit/entry − 1) − commission/(|size|·entry); null without trades',
  worstTradePct: 'min of trade returns × 100; null without trades',
  avgTradePct: '(exp(Σ ln(1 + return) / trades) − 1) × 100 (geometric); null without trades or when one lost 100 %',
  maxTradeDays: 'max of (exit bar start − entry bar start) in days; null without trades',
  avgTradeDays: 'mean of (exit bar start − entry bar start) in days; null without trades',
  profitFactor: 'Σ positive trade returns / |Σ negative trade returns|; null without a losing trade',
  profitFactorMoney: 'gross profit / gross loss, in money (Σ P&L > 0 / |Σ P&L < 0|); null without a losing trade',
  expectancyPct: 'mean of trade returns × 100 (arithmetic); null without trades',
  sqn: '√trades · mean(P&L) / stdev(P&L), stdev with n − 1; null below 2 trades or when every P&L is the same',
};
