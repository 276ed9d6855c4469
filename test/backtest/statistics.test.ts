import { describe, expect, it } from 'vitest';
import { computeStatistics, STATISTIC_FORMULAS, type BacktestStatistics } from '../../src/backtest/statistics.js';
import { backtestRun, barColumns, trade, weekdays } from './statistics-fixture.js';

/** Every statistic, numbers to 9 significant digits (the hand arithmetic's float rounding aside). */
function expectStatistics(actual: BacktestStatistics, expected: BacktestStatistics): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected) as [keyof BacktestStatistics, BacktestStatistics[keyof BacktestStatistics]][]) {
    const got = actual[name];
    if (typeof value === 'number' && typeof got === 'number') expect(got, name).toBeCloseTo(value, 9 - Math.max(0, Math.ceil(Math.log10(Math.abs(value) + 1))));
    else expect(got, name).toEqual(value);
  }
}

describe('computeStatistics: golden runs worked out by hand', () => {
  it('one long trade over a week of daily bars', () => {
    // Mon 2024-01-01 .. Fri 2024-01-05, no weekend bars: N = 252. Cash 1000; 100 shares bought at
    // Tuesday's open 10, marked at 10, 10.1, 9.999, sold at Friday's open 10.09899 (end of data).
    const bars = barColumns(weekdays('2024-01-01', 5), [10, 10, 10.1, 9.999, 10.2]);
    const run = backtestRun(bars, [1000, 1000, 1010, 999.9, 1009.899], [trade(bars, { size: 100, entryBar: 1, exitBar: 4, entry: '10', exit: '10.09899' })]);
    // Daily equity = bar equity; d = 5 days; day-to-day r = [0, 0.01, −0.01, 0.01].
    // growth 1009.899/1000 = 1.009899; g = 1.009899^(1/5) − 1 = 0.001972007…
    // annual (1+g)^252 − 1 = 1.009899^(252/5) − 1 = 0.642889239… → 64.2889239 %
    // var(r): mean 0.0025, squared deviations 6.25e-6 + 5.625e-5 + 1.5625e-4 + 5.625e-5 = 2.75e-4, / 3 = 9.1667e-5
    // volatility sqrt((9.1667e-5 + 1.001972²)^252 − 1.001972^504) = 0.250640724… → 25.0640724 %
    // Sharpe 0.642889239 / 0.250640724 = 2.56498317; downside sqrt(0.01² / 4) = 0.005, Sortino 0.642889239 / (0.005·√252) = 8.09964308
    // max drawdown 1 − 999.9/1010 = 0.01 (−1 %), never recovered: Wed peak → Fri last bar = 2 days; Calmar 0.642889239 / 0.01 = 64.2889239
    // CAGR: 4 days = 4/365.25 years, 1.009899^(365.25/4) − 1 = 1.45827007 → 145.827007 %
    // trade: return 10.09899/10 − 1 = 0.9899 %, P&L 9.899 > 0: win rate 100 %, best = worst = mean = geometric mean
    // no losing trade: both profit factors null; one trade: SQN null (stdev needs two)
    // exposure bars 1..4 of 5 = 80 %; Tue → Fri = 3 days; buy & hold 10.2/10 − 1 = 2 %
    expectStatistics(computeStatistics(run), {
      start: '2024-01-01T00:00:00.000Z',
      end: '2024-01-05T00:00:00.000Z',
      durationDays: 4,
      periodsPerYear: 252,
      exposurePct: 80,
      equityFinal: 1009.899,
      equityPeak: 1010,
      returnPct: 0.9899,
      buyHoldReturnPct: 2,
      returnAnnPct: 64.28892391268573,
      volatilityAnnPct: 25.064072440657874,
      cagrPct: 145.82700711003844,
      sharpe: 2.5649831672365804,
      sortino: 8.099643082329521,
      calmar: 64.28892391268572,
      maxDrawdownPct: -1,
      avgDrawdownPct: -1,
      maxDrawdownDays: 2,
      avgDrawdownDays: 2,
      trades: 1,
      winRatePct: 100,
      bestTradePct: 0.9899,
      worstTradePct: 0.9899,
      avgTradePct: 0.9899,
      maxTradeDays: 3,
      avgTradeDays: 3,
      profitFactor: null,
      profitFactorMoney: null,
      expectancyPct: 0.9899,
      sqn: null,
    });
  });

  it('a win, a losing short and a win after commission over two weeks', () => {
    // Mon 2024-01-01 .. Fri 2024-01-12 (10 bars, bar 5 = Mon 8th). Cash 1000.
    //  T1 long 100: bar 1 @10 → bar 3 @12: P&L 200, return 0.2
    //  T2 short 50: bar 3 @12 → bar 5 @13.2: P&L −60, return −(13.2/12 − 1) = −0.1
    //  T3 long 40:  bar 7 @10 → bar 8 @10.55, commission 2: P&L 22 − 2 = 20, return 0.055 − 2/400 = 0.05
    // Marked at the closes: E = 1000, 1100, 1050, 1200, 1170, 1140, 1140, 1159, 1160, 1160.
    const bars = barColumns(weekdays('2024-01-01', 10), [10, 11, 10.5, 12, 12.6, 13, 13, 10.5, 10.8, 10.8]);
    const trades = [
      trade(bars, { size: 100, entryBar: 1, exitBar: 3, entry: '10', exit: '12' }),
      trade(bars, { size: -50, entryBar: 3, exitBar: 5, entry: '12', exit: '13.2' }),
      trade(bars, { size: 40, entryBar: 7, exitBar: 8, entry: '10', exit: '10.55', commission: '2' }),
    ];
    const run = backtestRun(bars, [1000, 1100, 1050, 1200, 1170, 1140, 1140, 1159, 1160, 1160], trades);
    // r = [0.1, −1/22, 1/7, −0.025, −1/39, 0, 1/60, 1/1159, 0]; d = 10; g = 1.16^(1/10) − 1
    // annual 1.16^(25.2) − 1 = 41.1057423 → 4110.57423 %; var(r) (n − 1 = 8) = 0.00387952529
    // volatility sqrt((0.00387952529 + 1.16^(2/10))^252 − 1.16^(504/10)) = 52.9033941 → 5290.33941 %; Sharpe 41.1057423/52.9033941 = 0.776996317
    // downside Σ min(r,0)² = (1/22)² + 0.025² + (1/39)² = 0.0033485779, / 9, sqrt = 0.019288966; Sortino 41.1057423/(0.019288966·√252) = 134.243503
    // drawdowns: 1100 (bar 1, Tue 2nd) → 1050 (−1/22) → 1200 recovers at bar 3 (Thu 4th): 2 days;
    //            1200 (bar 3) → 1140 (−5 %) … 1160 never recovers: to bar 9 (Fri 12th): 8 days
    // max −5 %, Calmar 41.1057423 / 0.05 = 822.114847; avg depth (1/22 + 0.05)/2 = −4.77272727 %, avg 5 days
    // CAGR: 11 days, 1.16^(365.25/11) − 1 = 137.133251 → 13713.3251 %
    // trades: win rate 2/3; best 20 %, worst −10 %; geometric (1.2·0.9·1.05)^(1/3) − 1 = 1.134^(1/3) − 1 = 4.28079935 %
    // expectancy (0.2 − 0.1 + 0.05)/3 = 5 %; profit factor 0.25/0.1 = 2.5; in money (200 + 20)/60 = 3.6667
    // SQN: P&L mean 160/3, stdev sqrt(((146.67)² + (−113.33)² + (−33.33)²)/2) = 133.166562; √3·53.3333/133.166562 = 0.693687976
    // exposure: bars 1..3 ∪ 3..5 ∪ 7..8 = 7 of 10 (bar 3 once) = 70 %; days 2 (Tue→Thu), 4 (Thu→Mon), 1: max 4, mean 7/3
    expectStatistics(computeStatistics(run), {
      start: '2024-01-01T00:00:00.000Z',
      end: '2024-01-12T00:00:00.000Z',
      durationDays: 11,
      periodsPerYear: 252,
      exposurePct: 70,
      equityFinal: 1160,
      equityPeak: 1200,
      returnPct: 16,
      buyHoldReturnPct: 8,
      returnAnnPct: 4110.574233868446,
      volatilityAnnPct: 5290.339406204178,
      cagrPct: 13713.325101092036,
      sharpe: 0.7769963169183101,
      sortino: 134.24350314761213,
      calmar: 822.1148467736891,
      maxDrawdownPct: -5,
      avgDrawdownPct: -4.772727272727273,
      maxDrawdownDays: 8,
      avgDrawdownDays: 5,
      trades: 3,
      winRatePct: 200 / 3,
      bestTradePct: 20,
      worstTradePct: -10,
      avgTradePct: 4.280799346593489,
      maxTradeDays: 4,
      avgTradeDays: 7 / 3,
      profitFactor: 2.5,
      profitFactorMoney: 11 / 3,
      expectancyPct: 5,
      sqn: 0.693687975619296,
    });
  });
});

describe('computeStatistics: edge cases', () => {
  it('an always-flat run has zero return, zero trades and nulls where a figure is undefined', () => {
    const bars = barColumns(weekdays('2024-01-01', 5), [10, 11, 9, 12, 10]);
    const statistics = computeStatistics(backtestRun(bars, [1000, 1000, 1000, 1000, 1000]));
    expect(statistics).toMatchObject({
      trades: 0,
      equityFinal: 1000,
      equityPeak: 1000,
      returnPct: 0,
      returnAnnPct: 0,
      volatilityAnnPct: 0,
      cagrPct: 0,
      exposurePct: 0,
      maxDrawdownPct: 0,
      buyHoldReturnPct: 0,
    });
    // Zero volatility, no losing day, no drawdown, no trades: each ratio or average over them is null.
    for (const name of ['sharpe', 'sortino', 'calmar', 'avgDrawdownPct', 'maxDrawdownDays', 'avgDrawdownDays', 'winRatePct', 'bestTradePct', 'worstTradePct', 'avgTradePct', 'maxTradeDays', 'avgTradeDays', 'profitFactor', 'profitFactorMoney', 'expectancyPct', 'sqn'] as const) {
      expect(statistics[name], name).toBeNull();
    }
    expect(Object.is(statistics.maxDrawdownPct, -0)).toBe(false);
    expect(JSON.parse(JSON.stringify(statistics))).toEqual(statistics);
  });

  it('takes daily returns from the last bar of each day, and the drawdown from every bar', () => {
    // Two days of three hourly bars: the midday dip to 900 is a 10 % drawdown but no daily return.
    const times = ['2024-01-01T14:00:00Z', '2024-01-01T15:00:00Z', '2024-01-01T16:00:00Z', '2024-01-02T14:00:00Z', '2024-01-02T15:00:00Z', '2024-01-02T16:00:00Z'];
    const bars = barColumns(times, [10, 10, 10, 10, 10, 10]);
    const statistics = computeStatistics(backtestRun(bars, [1000, 1000, 1000, 1000, 900, 1100]));
    // Day ends 1000, 1100: d = 2, g = 1.1^(1/2) − 1, annual 1.1^126 − 1; one return: no variance.
    expect(statistics.returnAnnPct).toBeCloseTo((1.1 ** 126 - 1) * 100, 6);
    expect(statistics.volatilityAnnPct).toBeNull();
    expect(statistics.sortino).toBeNull();
    expect(statistics.maxDrawdownPct).toBeCloseTo(-10, 12);
    // From the peak at 2024-01-02T14:00 to the recovery at 16:00: two hours.
    expect(statistics.maxDrawdownDays).toBeCloseTo(2 / 24, 12);
  });

  it('annualises over 365 days when the bars include weekends', () => {
    const days = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString());
    const statistics = computeStatistics(backtestRun(barColumns(days, Array(14).fill(10)), [1000, ...Array(13).fill(1100)]));
    expect(statistics.periodsPerYear).toBe(365);
    expect(statistics.returnAnnPct).toBeCloseTo((1.1 ** (365 / 14) - 1) * 100, 6);
  });

  it('refuses a run without bars in one line', () => {
    expect(() => computeStatistics(backtestRun(barColumns([], []), [], [], '1000'))).toThrow(/^statistics need at least one bar; the TEST run has none$/);
  });

  it('names a formula for every statistic', () => {
    const bars = barColumns(weekdays('2024-01-01', 2), [10, 10]);
    const names = Object.keys(computeStatistics(backtestRun(bars, [1000, 1000]))).sort();
    expect(Object.keys(STATISTIC_FORMULAS).sort()).toEqual(names);
    for (const formula of Object.values(STATISTIC_FORMULAS)) expect(formula).not.toContain('\n');
  });
});
