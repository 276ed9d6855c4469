import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/backtest/statistics.js';
import { backtestRun, barColumns, trade, weekdays } from './statistics-fixture.js';

const equityPath = fc.array(fc.double({ min: 1, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 60 });
const cents = fc.integer({ min: 1, max: 100_000 }).map((c) => (c / 100).toFixed(2));

/** A run over the path with up to five trades between random bars, long or short, with or without commission. */
const runs = equityPath.chain((equity) => {
  const bars = barColumns(weekdays('2024-01-01', equity.length), equity.map(() => 10));
  const spec = fc.record({
    size: fc.integer({ min: -100, max: 100 }).filter((size) => size !== 0),
    from: fc.nat(equity.length - 1),
    to: fc.nat(equity.length - 1),
    entry: cents,
    exit: cents,
    commission: fc.constantFrom('0', '1.5'),
  });
  return fc.array(spec, { maxLength: 5 }).map((specs) =>
    backtestRun(
      bars,
      equity,
      specs.map((s) => trade(bars, { ...s, entryBar: Math.min(s.from, s.to), exitBar: Math.max(s.from, s.to) })),
    ),
  );
});

describe('computeStatistics: properties', () => {
  it('max drawdown lies in [0, 100] %, return matches the equity ends, and every figure is JSON-safe', () => {
    fc.assert(
      fc.property(runs, (run) => {
        const statistics = computeStatistics(run);
        const first = run.equity[0] as number;
        const last = run.equity[run.equity.length - 1] as number;
        expect(-statistics.maxDrawdownPct).toBeGreaterThanOrEqual(0);
        expect(-statistics.maxDrawdownPct).toBeLessThanOrEqual(100);
        // Relative: a path from 1 to 10^7 returns 10^9 %, beyond any fixed number of decimals.
        const expected = (last / first - 1) * 100;
        expect(Math.abs(statistics.returnPct - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
        if (statistics.avgDrawdownPct !== null) expect(statistics.avgDrawdownPct).toBeGreaterThanOrEqual(statistics.maxDrawdownPct);
        expect(statistics.exposurePct).toBeLessThanOrEqual(100);
        for (const value of Object.values(statistics)) {
          expect(value === null || typeof value === 'string' || Number.isFinite(value)).toBe(true);
        }
      }),
    );
  });
});
