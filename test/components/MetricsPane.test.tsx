import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { METRIC, Metrics } from '../../src/core/metrics.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import type { ConsoleStore } from '../../store/console-store.js';
import type { StrategyRow } from '../../src/strategy/strategy-manager.js';
import type { StrategyMetrics } from '../../store/strategy-metrics.js';
import { at, emit, freshStore, logEntry, renderApp, strategyRow, tick } from './fixtures.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The core's registry as a session would have it after a few fills, and actions that read it. */
function consoleWithMetrics(store: ConsoleStore) {
  const metrics = new Metrics();
  for (let i = 0; i < 40; i++) {
    metrics.count(METRIC.fillsApplied);
    metrics.observe(METRIC.detectionLatency, 0.5 + i / 40, 'stream');
  }
  metrics.count(METRIC.fillsApplied);
  metrics.count(METRIC.fillsInferred, 'poll');
  metrics.observe(METRIC.detectionLatency, 447, 'poll');
  metrics.count(METRIC.retries, 'transient', 2);
  metrics.count(METRIC.apiErrors, 'transient', 2);
  metrics.count(METRIC.apiErrors, 'permanent');
  metrics.gauge(METRIC.queueDepth, 7);
  metrics.gauge(METRIC.queueDepth, 1);
  metrics.observe(METRIC.laneWait, 0.2);
  let reads = 0;
  const actions = createConsoleActions({
    store,
    run: () => Promise.resolve({ ok: true, text: 'ok' }),
    now: () => 0,
    onQuit: () => {},
    metrics: () => {
      reads++;
      return metrics.snapshot();
    },
  });
  return { metrics, actions, reads: () => reads };
}

describe('the metrics pane', () => {
  it('is hidden until toggled, then takes the log’s place at 100×30 with the core’s figures', async () => {
    const store = freshStore();
    emit(store, logEntry(at(10, 0, 0), 'info', 'filled #1 BUY 10 AAPL @ 187.44'));
    const { actions } = consoleWithMetrics(store);
    const app = await renderApp(store, actions, { size: { columns: 100, rows: 30 } });
    expect(app.frame()).toContain('┌ Log');
    expect(app.frame()).not.toContain('┌ Metrics');

    actions.toggleMetrics();
    await tick();
    const frame = app.frame();
    expect(frame).toContain('┌ Metrics');
    expect(frame).not.toContain('┌ Log');
    expect(frame).toMatch(/│ fills\s+applied 41 · dup 0 · inferred 1\s+│/);
    expect(frame).toMatch(/│ detection\s+stream p50 0\.98ms p99 1\.5ms n=40\s+│/);
    expect(frame).toMatch(/│\s+poll p50 447ms p99 447ms n=1\s+│/);
    expect(frame).toMatch(/│ retries\s+2 \(transient 2\)\s+│/);
    expect(frame).toMatch(/│ api errors\s+3 \(transient 2, permanent 1\)\s+│/);
    expect(frame).toMatch(/│ queue\s+depth 1 \(max 7\)\s+│/);
    expect(frame).toMatch(/│ lock wait\s+p50 0\.2ms p99 0\.2ms n=1\s+│/);
    expect(app.lines()).toHaveLength(29);

    actions.toggleMetrics();
    await tick();
    expect(app.frame()).toContain('┌ Log');
    expect(app.frame()).not.toContain('┌ Metrics');
  });

  it('shares the log’s column at 200×60, above the log', async () => {
    const store = freshStore();
    emit(store, logEntry(at(10, 0, 0), 'info', 'filled #1 BUY 10 AAPL @ 187.44'));
    const { actions } = consoleWithMetrics(store);
    actions.toggleMetrics();
    const app = await renderApp(store, actions);
    await app.resize({ columns: 200, rows: 60 });
    const frame = app.frame();
    expect(frame.indexOf('┌ Metrics')).toBeGreaterThan(0);
    expect(frame.indexOf('┌ Log')).toBeGreaterThan(frame.indexOf('┌ Metrics'));
    expect(frame).toContain('filled #1 BUY 10 AAPL @ 187.44');
    expect(frame).toMatch(/│ api calls\s+none\s+│/);
    expect(app.lines()).toHaveLength(59);
  });

  it('shows what fits at 80×20 and says how much more there is', async () => {
    const store = freshStore();
    const { actions } = consoleWithMetrics(store);
    actions.toggleMetrics();
    const app = await renderApp(store, actions, { size: { columns: 80, rows: 20 } });
    expect(app.frame()).toContain('┌ Metrics · 5 of 10');
    expect(app.lines()).toHaveLength(19);
    for (const line of app.lines()) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('reads the core once when shown and every second after, and stops when hidden', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = freshStore();
    const { metrics, actions, reads } = consoleWithMetrics(store);
    const app = await renderApp(store, actions, { size: { columns: 100, rows: 30 } });
    vi.advanceTimersByTime(5_000);
    expect(reads()).toBe(0);

    actions.toggleMetrics();
    await tick();
    expect(reads()).toBe(1);
    metrics.count(METRIC.fillsApplied, undefined, 9);
    vi.advanceTimersByTime(1_000);
    await tick();
    expect(reads()).toBe(2);
    expect(app.frame()).toMatch(/applied 50 ·/);

    actions.toggleMetrics();
    await tick();
    vi.advanceTimersByTime(5_000);
    expect(reads()).toBe(2);
  });

  it('says so when there is no reading from the core', async () => {
    const store = freshStore();
    const actions = createConsoleActions({ store, run: () => Promise.resolve({ ok: true, text: 'ok' }), now: () => 0, onQuit: () => {} });
    actions.toggleMetrics();
    const app = await renderApp(store, actions, { size: { columns: 100, rows: 30 } });
    expect(app.frame()).toMatch(/┌ Metrics ─+┐/);
    expect(app.frame()).toContain('no metrics from the core yet');
  });

  it('shows the strategies’ lines once a strategy has been started', async () => {
    const store = freshStore();
    const figures: StrategyMetrics = {
      slots: { capacity: 3, inUse: 1, peak: 2, taken: 9, released: 8, refused: { all_in_use: 0, in_flight: 0 } },
      refusedBy: {},
      latency: [{ id: 'sma1', signals: 9, p50Ms: 2, p99Ms: 8 }],
    };
    let rows: StrategyRow[] = [];
    const actions = createConsoleActions({
      store,
      run: () => Promise.resolve({ ok: true, text: 'ok' }),
      now: () => 0,
      onQuit: () => {},
      metrics: () => new Metrics().snapshot(),
      strategies: () => rows,
      strategyMetrics: () => figures,
    });
    actions.toggleMetrics();
    const app = await renderApp(store, actions);
    await app.resize({ columns: 200, rows: 60 });
    expect(app.frame()).not.toContain('sig→order');
    rows = [strategyRow()];
    actions.refreshStrategies();
    await tick();
    expect(app.frame()).toMatch(/│ slots\s+in use 1\/3 · peak 2 · taken 9\s+│/);
    expect(app.frame()).toMatch(/│ sig→order\s+sma1 p50 2ms p99 8ms n=9\s+│/);
  });
});
