import type { BarColumns } from './types.js';

const DAY_MS = 86_400_000;
/** backtesting.py's rule: calendar-day annualisation once weekend bars are more than 60 % of a 7-day week's share. */
const WEEKEND_SHARE = (2 / 7) * 0.6;

export interface ReturnStatistics {
  readonly periodsPerYear: 252 | 365;
  readonly returnAnnPct: number | null;
  readonly volatilityAnnPct: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** The annual return as a fraction, for Calmar; null when undefined. */
  readonly annualReturn: number | null;
}

/** 365 when the bars trade at weekends (crypto), else 252 (exchange days). */
export function periodsPerYear(bars: BarColumns): 252 | 365 {
  let weekend = 0;
  for (let i = 0; i < bars.length; i++) {
    const weekday = new Date(bars.start[i] as number).getUTCDay();
    if (weekday === 0 || weekday === 6) weekend++;
  }
  return weekend / bars.length > WEEKEND_SHARE ? 365 : 252;
}

/** The equity at the last bar of each UTC calendar day, in order. */
export function dailyEquity(bars: BarColumns, equity: Float64Array): number[] {
  const days: number[] = [];
  for (let i = 0; i < bars.length; i++) {
    const day = Math.floor((bars.start[i] as number) / DAY_MS);
    const next = i + 1 < bars.length ? Math.floor((bars.start[i + 1] as number) / DAY_MS) : Number.NaN;
    if (day !== next) days.push(equity[i] as number);
  }
  return days;
}

/**
 * Annual return, volatility, Sharpe and Sortino from the daily equity, exactly as backtesting.py
 * computes them so that its published figures can be checked against ours: the geometric mean
 * counts the first day as a zero return (n = days), while the variance and the downside deviation
 * take only the day-to-day returns (days − 1).
 */
export function returnStatistics(days: readonly number[], perYear: 252 | 365): ReturnStatistics {
  const returns: number[] = [];
  for (let t = 1; t < days.length; t++) returns.push((days[t] as number) / (days[t - 1] as number) - 1);
  const g = geometricMeanReturn(returns, days.length);
  if (g === null) return { periodsPerYear: perYear, returnAnnPct: null, volatilityAnnPct: null, sharpe: null, sortino: null, annualReturn: null };

  // Growth that overflows a double over a year has no annual figures.
  const annualReturn = finiteOrNull((1 + g) ** perYear - 1);
  const variance = sampleVariance(returns);
  // With zero variance the two powers are equal in exact arithmetic; rounding must not make them a negative square.
  const volatility = variance === null ? null : finiteOrNull(Math.sqrt(Math.max(0, (variance + (1 + g) ** 2) ** perYear - (1 + g) ** (2 * perYear))));
  const downside = downsideDeviation(returns);
  return {
    periodsPerYear: perYear,
    returnAnnPct: annualReturn === null ? null : annualReturn * 100,
    volatilityAnnPct: volatility === null ? null : volatility * 100,
    sharpe: annualReturn === null || volatility === null || volatility === 0 ? null : annualReturn / volatility,
    sortino: annualReturn === null || downside === null || downside === 0 ? null : annualReturn / (downside * Math.sqrt(perYear)),
    annualReturn,
  };
}

/** exp(Σ ln(1 + r) / count) − 1; null when equity reached zero or below (no logarithm). */
function geometricMeanReturn(returns: readonly number[], count: number): number | null {
  let logSum = 0;
  for (const r of returns) {
    if (!(1 + r > 0) || !Number.isFinite(r)) return null;
    logSum += Math.log(1 + r);
  }
  return Math.exp(logSum / count) - 1;
}

/** Variance with n − 1; null below two values. */
export function sampleVariance(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
}

/** sqrt(Σ min(r, 0)² / n); null without returns. */
function downsideDeviation(returns: readonly number[]): number | null {
  if (returns.length === 0) return null;
  let squares = 0;
  for (const r of returns) if (r < 0) squares += r * r;
  return Math.sqrt(squares / returns.length);
}

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
