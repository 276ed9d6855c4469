import { LatencyHistogram, type HistogramSummary, type MetricsSnapshot } from '../src/core/metrics.js';

/** The console's own figure in a metrics reading: how long its frames take to draw. */
export const FRAME_METRIC = 'console_frame';

/** Share of one core the console may spend drawing frames for market and order updates. */
export const DRAWING_SHARE = 0.08;
/** Weight of the newest frame in the running average of frame cost. */
const SMOOTHING = 0.2;

export interface FrameBudget {
  /** Told after each frame is drawn, with how long drawing it took. */
  record(renderMs: number): void;
  /**
   * How long to gather updates before the next frame: the minimum, or longer when frames are
   * dear, so drawing stays within the share of a core (e.g. 30 ms frames → one per 250 ms).
   */
  intervalMs(): number;
  /** Frame times since the console started, for the metrics pane. */
  summary(): HistogramSummary | undefined;
}

/**
 * Drawing a frame costs Ink time in proportion to the terminal's area (a 200×60 frame is several
 * times a 100×30 one), whatever changed. Updates are therefore gathered for longer on a big, busy
 * screen, and the figures stay current within a few hundred milliseconds. Keystrokes do not wait
 * for this: they draw on their own.
 */
export function createFrameBudget(minIntervalMs: number, share = DRAWING_SHARE): FrameBudget {
  let average: number | undefined;
  const frames = new LatencyHistogram();
  return {
    record(renderMs) {
      if (!Number.isFinite(renderMs) || renderMs < 0) return;
      average = average === undefined ? renderMs : average + SMOOTHING * (renderMs - average);
      frames.record(renderMs);
    },
    intervalMs() {
      return average === undefined ? minIntervalMs : Math.max(minIntervalMs, Math.round(average / share));
    },
    summary() {
      return frames.count === 0 ? undefined : frames.summary();
    },
  };
}

/** A metrics reading with the console's frame times added. */
export function withFrameTimes(snapshot: MetricsSnapshot, budget: FrameBudget): MetricsSnapshot {
  const frames = budget.summary();
  return frames === undefined ? snapshot : { ...snapshot, histograms: { ...snapshot.histograms, [FRAME_METRIC]: frames } };
}
