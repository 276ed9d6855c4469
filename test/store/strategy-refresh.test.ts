import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { StrategyMetrics } from '../../src/strategy/instance-status.js';
import type { StrategyRow } from '../../src/strategy/strategy-manager.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { freshStore, strategyRow } from '../components/fixtures.js';

const FIGURES: StrategyMetrics = {
  slots: { capacity: 3, inUse: 1, peak: 2, taken: 5, released: 4, refused: { all_in_use: 1, in_flight: 0 } },
  refusedBy: { all_in_use: 1 },
  latency: [{ id: 'sma1', signals: 5, p50Ms: 2, p99Ms: 9 }],
};

/** Console actions over a strategy manager whose list and figures the test sets, counting store changes. */
function setup() {
  const store = freshStore();
  let rows: StrategyRow[] = [];
  let figures = FIGURES;
  const run: string[] = [];
  const actions = createConsoleActions({
    store,
    run: (text) => {
      run.push(text);
      rows = [strategyRow()];
      return Promise.resolve({ ok: true, text: 'started sma1 on AAPL' });
    },
    now: () => 0,
    onQuit: () => {},
    strategies: () => rows,
    strategyMetrics: () => figures,
  });
  let changes = 0;
  store.subscribe(() => changes++);
  return {
    store,
    actions,
    setRows: (next: StrategyRow[]) => (rows = next),
    setFigures: (next: StrategyMetrics) => (figures = next),
    changes: () => changes,
  };
}

describe('feeding the strategies pane', () => {
  it('reads the instances into the store, and leaves the store alone when nothing shown changed', () => {
    const { store, actions, setRows, changes } = setup();
    setRows([strategyRow({ realized: dec('2.50') })]);
    actions.refreshStrategies();
    expect(store.getState().strategies.map((s) => [s.id, s.pnl.toString()])).toEqual([['sma1', '2.5']]);
    expect(changes()).toBe(1);
    setRows([strategyRow({ realized: dec('2.50') })]);
    actions.refreshStrategies();
    expect(changes()).toBe(1);
    setRows([strategyRow({ realized: dec('2.50'), state: 'paused' })]);
    actions.refreshStrategies();
    expect(store.getState().strategies[0]?.state).toBe('paused');
    expect(changes()).toBe(2);
  });

  it('shows what a command started with its answer, not a second later', async () => {
    const { store, actions } = setup();
    await actions.submit('strategy start sma-cross AAPL');
    expect(store.getState().feedback?.text).toBe('started sma1 on AAPL');
    expect(store.getState().strategies.map((s) => s.id)).toEqual(['sma1']);
  });

  it('reads the strategies’ figures with the core’s metrics, and only stores a reading that differs', () => {
    const { store, actions, setFigures, changes } = setup();
    actions.refreshMetrics();
    expect(store.getState().strategyMetrics).toEqual(FIGURES);
    actions.refreshMetrics();
    expect(changes()).toBe(1);
    setFigures({ ...FIGURES, slots: { ...FIGURES.slots, inUse: 0 } });
    actions.refreshMetrics();
    expect(store.getState().strategyMetrics?.slots.inUse).toBe(0);
  });

  it('without a strategy manager, leaves the pane empty', () => {
    const store = freshStore();
    const actions = createConsoleActions({ store, run: () => Promise.resolve({ ok: true, text: '' }), now: () => 0, onQuit: () => {} });
    actions.refreshStrategies();
    actions.refreshMetrics();
    expect(store.getState().strategies).toEqual([]);
    expect(store.getState().strategyMetrics).toBeUndefined();
  });
});
