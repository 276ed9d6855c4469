import { describe, expect, it } from 'vitest';
import { METRIC, Metrics } from '../../src/core/metrics.js';
import { metricsLines } from '../../components/metrics-lines.js';
import { createFrameBudget, withFrameTimes } from '../../store/frame-budget.js';
import type { StrategyMetrics } from '../../store/strategy-metrics.js';

const text = (metrics: Metrics): string[] => metricsLines(metrics.snapshot()).map((l) => `${l.label}|${l.text}`);

describe('metricsLines', () => {
  it('says plainly what has not happened yet, in a fixed order', () => {
    expect(text(new Metrics())).toEqual([
      'fills|applied 0 · dup 0 · inferred 0',
      'detection|no fill detected yet',
      'retries|none',
      'api errors|none',
      'queue|—',
      'lock wait|—',
      'reconcile|runs 0 · findings 0',
      'safety|timed out 0 · halts 0',
      'api calls|none',
    ]);
  });

  it('lists detection latency by method, fastest method first, the label once', () => {
    const metrics = new Metrics();
    metrics.observe(METRIC.detectionLatency, 2000, 'reconcile');
    metrics.observe(METRIC.detectionLatency, 450, 'poll');
    metrics.observe(METRIC.detectionLatency, 1.2, 'stream');
    metrics.observe(METRIC.detectionLatency, 900, 'final_check');
    const lines = metricsLines(metrics.snapshot()).filter((l) => /p50/.test(l.text) && !l.text.startsWith('p50'));
    expect(lines.map((l) => l.label)).toEqual(['detection', '', '', '']);
    expect(lines.map((l) => l.text.split(' ')[0])).toEqual(['stream', 'poll', 'final_check', 'reconcile']);
    expect(lines[0]?.text).toBe('stream p50 1.2ms p99 1.2ms n=1');
  });

  it('breaks counts down by class, largest first, and colours trouble', () => {
    const metrics = new Metrics();
    metrics.count(METRIC.retries, 'rate_limited');
    metrics.count(METRIC.retries, 'transient', 1_204);
    metrics.count(METRIC.apiCalls, 'submit', 3);
    metrics.count(METRIC.apiCalls, 'get', 5);
    const lines = metricsLines(metrics.snapshot());
    const retries = lines.find((l) => l.label === 'retries');
    expect(retries).toEqual({ label: 'retries', text: '1,205 (transient 1,204, rate_limited 1)', color: 'yellow' });
    expect(lines.find((l) => l.label === 'api errors')?.color).toBeUndefined();
    expect(lines.find((l) => l.label === 'api calls')?.text).toBe('8 (get 5, submit 3)');
  });

  it('adds how long the console takes to draw a frame, once it has drawn some', () => {
    const budget = createFrameBudget(100);
    expect(metricsLines(withFrameTimes(new Metrics().snapshot(), budget)).some((l) => l.label === 'frames')).toBe(false);
    for (const ms of [8, 9, 10, 30]) budget.record(ms);
    const frames = metricsLines(withFrameTimes(new Metrics().snapshot(), budget)).find((l) => l.label === 'frames');
    expect(frames?.text).toBe('drawn in p50 9ms p99 30ms n=4');
  });

  it('adds the strategies’ slots, refusals by why and each one’s signal-to-order latency after the errors', () => {
    const figures: StrategyMetrics = {
      slots: { capacity: 3, inUse: 3, peak: 3, taken: 41, released: 38, refused: { all_in_use: 4, in_flight: 1 } },
      refusedBy: { all_in_use: 4, limit: 2, in_flight: 1 },
      latency: [
        { id: 'sma1', signals: 30, p50Ms: 1.2, p99Ms: 14 },
        { id: 'brk2', signals: 11, p50Ms: 3, p99Ms: 250 },
      ],
    };
    const lines = metricsLines(new Metrics().snapshot(), figures);
    const at = lines.findIndex((l) => l.label === 'api errors') + 1;
    expect(lines.slice(at, at + 4)).toEqual([
      { label: 'slots', text: 'in use 3/3 · peak 3 · taken 41', color: 'yellow' },
      { label: 'refused', text: '7 (all_in_use 4, limit 2, in_flight 1)', color: 'yellow' },
      { label: 'sig→order', text: 'sma1 p50 1.2ms p99 14ms n=30' },
      { label: '', text: 'brk2 p50 3ms p99 250ms n=11' },
    ]);
  });

  it('says when no strategy has signalled yet, and leaves a free slot and no refusal uncoloured', () => {
    const idle: StrategyMetrics = {
      slots: { capacity: 3, inUse: 0, peak: 0, taken: 0, released: 0, refused: { all_in_use: 0, in_flight: 0 } },
      refusedBy: {},
      latency: [],
    };
    const lines = metricsLines(new Metrics().snapshot(), idle).filter((l) => ['slots', 'refused', 'sig→order'].includes(l.label));
    expect(lines).toEqual([
      { label: 'slots', text: 'in use 0/3 · peak 0 · taken 0', color: undefined },
      { label: 'refused', text: 'none', color: undefined },
      { label: 'sig→order', text: 'no signal yet' },
    ]);
  });
});
