import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, METRIC, Metrics, formatMetrics } from '../../src/core/metrics.js';

/** The stated bound: 1% relative, plus float noise at a bucket edge. */
const RELATIVE_ERROR = 0.01 + 1e-9;

function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function expectClose(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(exact * RELATIVE_ERROR);
}

describe('LatencyHistogram', () => {
  it('gives percentiles within 1% on 1..10000 uniform', () => {
    const histogram = new LatencyHistogram();
    for (let v = 1; v <= 10_000; v++) histogram.record(v);
    const summary = histogram.summary();
    expect(summary.count).toBe(10_000);
    expect(summary.mean).toBe(5000.5);
    expect(summary.max).toBe(10_000);
    expectClose(summary.p50, 5000);
    expectClose(summary.p90, 9000);
    expectClose(summary.p99, 9900);
  });

  it('keeps sub-millisecond and minute-long latencies apart, each within 1%', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 90; i++) histogram.record(0.25);
    for (let i = 0; i < 10; i++) histogram.record(120_000);
    expectClose(histogram.percentile(0.5), 0.25);
    expectClose(histogram.percentile(0.9), 0.25);
    expectClose(histogram.percentile(0.91), 120_000);
  });

  it('reads back zero exactly, counts negatives as zero and drops non-finite values', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0);
    histogram.record(-3);
    histogram.record(Number.NaN);
    histogram.record(Number.POSITIVE_INFINITY);
    expect(histogram.summary()).toEqual({ count: 2, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });

  it('orders its percentiles within [min, max], each within 1% of the exact nearest rank', () => {
    const latency = fc.double({ min: 0.001, max: 1e7, noNaN: true });
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 500 }), (values) => {
        const histogram = new LatencyHistogram();
        for (const v of values) histogram.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        const { p50, p90, p99, max } = histogram.summary();
        expect(p50).toBeLessThanOrEqual(p90);
        expect(p90).toBeLessThanOrEqual(p99);
        expect(p99).toBeLessThanOrEqual(max);
        expect(max).toBe(sorted.at(-1));
        expect(p50).toBeGreaterThanOrEqual(sorted[0]!);
        for (const q of [0.5, 0.9, 0.99]) expectClose(histogram.percentile(q), nearestRank(sorted, q));
      }),
    );
  });
});

describe('Metrics', () => {
  it('counts by name and label, sets gauges keeping the max, and observes per label', () => {
    const metrics = new Metrics();
    metrics.count(METRIC.fillsApplied);
    metrics.count(METRIC.fillsApplied, undefined, 4);
    metrics.count(METRIC.retries, 'transient');
    metrics.count(METRIC.retries, 'transient', 2);
    metrics.count(METRIC.retries, 'rate_limited');
    metrics.gauge(METRIC.queueDepth, 7);
    metrics.gauge(METRIC.queueDepth, 2);
    metrics.observe(METRIC.detectionLatency, 4, 'stream');
    metrics.observe(METRIC.detectionLatency, 900, 'poll');
    const snapshot = metrics.snapshot();
    expect(snapshot.counters).toEqual({ 'fills.applied': 5, 'retries{rate_limited}': 1, 'retries{transient}': 3 });
    expect(snapshot.gauges).toEqual({ 'queue.depth': { value: 2, max: 7 } });
    expect(snapshot.histograms['detection.latency{stream}']).toMatchObject({ count: 1, max: 4, p50: 4 });
    expect(snapshot.histograms['detection.latency{poll}']).toMatchObject({ count: 1, max: 900, p99: 900 });
  });

  it('treats an empty label as no label', () => {
    const metrics = new Metrics();
    metrics.count(METRIC.halts, '');
    metrics.count(METRIC.halts);
    expect(metrics.snapshot().counters).toEqual({ halts: 2 });
  });

  it('snapshots as plain JSON with keys in the same order whatever the recording order', () => {
    const record = (metrics: Metrics, order: readonly number[]): void => {
      const steps = [
        () => metrics.count(METRIC.reconcileRuns),
        () => metrics.count(METRIC.apiCalls, 'submit'),
        () => metrics.count(METRIC.apiCalls, 'cancel'),
        () => metrics.observe(METRIC.laneWait, 1.5),
        () => metrics.observe(METRIC.detectionLatency, 3, 'stream'),
        () => metrics.gauge(METRIC.queueDepth, 1),
      ];
      for (const i of order) steps[i]!();
    };
    const forward = new Metrics();
    const backward = new Metrics();
    record(forward, [0, 1, 2, 3, 4, 5]);
    record(backward, [5, 4, 3, 2, 1, 0]);
    const text = JSON.stringify(forward.snapshot());
    expect(JSON.stringify(backward.snapshot())).toBe(text);
    expect(JSON.parse(text)).toEqual(forward.snapshot());
    expect(Object.keys(forward.snapshot().counters)).toEqual(['api.calls{cancel}', 'api.calls{submit}', 'reconcile.runs']);
    expect(Object.keys(forward.snapshot().histograms)).toEqual(['detection.latency{stream}', 'lane.wait']);
  });

  it('leaves out a histogram that only saw non-finite values', () => {
    const metrics = new Metrics();
    metrics.observe(METRIC.laneWait, Number.NaN);
    expect(metrics.snapshot().histograms).toEqual({});
  });

  it('records a million observations with no per-call allocation', () => {
    const metrics = new Metrics();
    const labels = ['stream', 'poll', 'final_check', 'reconcile'];
    const record = (n: number): void => {
      for (let i = 0; i < n; i++) {
        metrics.observe(METRIC.detectionLatency, (i % 1000) * 0.037 + 0.01, labels[i & 3]);
        metrics.count(METRIC.fillsApplied);
      }
    };
    record(100_000); // warm-up: until the JIT optimizes, doubles passed as arguments are boxed
    const profiler = new v8.GCProfiler();
    profiler.start();
    record(1_000_000);
    const collections = profiler.stop().statistics.length;
    // A string key built per call (~40 bytes) costs about 27 young-generation collections here.
    expect(collections).toBeLessThanOrEqual(3);
    const snapshot = metrics.snapshot();
    expect(snapshot.counters[METRIC.fillsApplied]).toBe(1_100_000);
    expect(snapshot.histograms['detection.latency{stream}']?.count).toBe(275_000);
  });
});

describe('formatMetrics', () => {
  it('writes one line per counter family, labels largest first, then gauges, then histograms', () => {
    const metrics = new Metrics();
    metrics.count(METRIC.fillsApplied, undefined, 1204);
    metrics.count(METRIC.fillsDuplicate, undefined, 31);
    metrics.count(METRIC.retries, 'rate_limited', 3);
    metrics.count(METRIC.retries, 'transient', 9);
    metrics.count(METRIC.ordersTimedOut);
    metrics.gauge(METRIC.queueDepth, 17);
    metrics.gauge(METRIC.queueDepth, 0);
    for (let i = 1; i <= 1204; i++) metrics.observe(METRIC.detectionLatency, i <= 602 ? 4 : 18, 'stream');
    metrics.observe(METRIC.laneWait, 0.42);
    metrics.observe(METRIC.laneWait, 2500);
    expect(formatMetrics(metrics.snapshot())).toEqual([
      'fills applied 1,204 · duplicate 31',
      'orders timed out 1',
      'retries 12 (transient 9, rate_limited 3)',
      'queue depth 0 (max 17)',
      'detection stream p50 4ms p99 18ms max 18ms (n=1,204)',
      'lane wait p50 0.42ms p99 2.5s max 2.5s (n=2)',
    ]);
  });

  it('writes nothing for an empty registry', () => {
    expect(formatMetrics(new Metrics().snapshot())).toEqual([]);
  });
});
