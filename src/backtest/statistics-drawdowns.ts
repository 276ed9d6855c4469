import type { BarColumns } from './types.js';

const DAY_MS = 86_400_000;

export interface DrawdownStatistics {
  /** Deepest fall from a running peak, as a fraction in [0, 1]. */
  readonly maxDrawdown: number;
  /** Mean of each drawdown period's deepest fall (fraction); null when equity never fell below a peak. */
  readonly avgDrawdown: number | null;
  readonly maxDrawdownDays: number | null;
  readonly avgDrawdownDays: number | null;
}

/**
 * Drawdowns on every bar's equity. A period runs from the bar at a peak to the first bar back at or
 * above it, or to the last bar when equity never recovered; its duration is the time between those
 * two bars (backtesting.py's periods, except that a fall on the very last bar also counts as one).
 */
export function drawdownStatistics(bars: BarColumns, equity: Float64Array): DrawdownStatistics {
  let peak = -Infinity;
  let maxDrawdown = 0;
  let peakBar = 0;
  let deepest = 0;
  let periods = 0;
  let depthSum = 0;
  let daysSum = 0;
  let maxDays = 0;
  const close = (endBar: number): void => {
    const days = ((bars.start[endBar] as number) - (bars.start[peakBar] as number)) / DAY_MS;
    periods++;
    depthSum += deepest;
    daysSum += days;
    maxDays = Math.max(maxDays, days);
    deepest = 0;
  };

  for (let i = 0; i < bars.length; i++) {
    const value = equity[i] as number;
    peak = Math.max(peak, value);
    const drawdown = 1 - value / peak;
    if (drawdown === 0) {
      if (deepest > 0) close(i);
      peakBar = i;
      continue;
    }
    deepest = Math.max(deepest, drawdown);
    maxDrawdown = Math.max(maxDrawdown, drawdown);
  }
  if (deepest > 0) close(bars.length - 1);

  return periods === 0
    ? { maxDrawdown, avgDrawdown: null, maxDrawdownDays: null, avgDrawdownDays: null }
    : { maxDrawdown, avgDrawdown: depthSum / periods, maxDrawdownDays: maxDays, avgDrawdownDays: daysSum / periods };
}
