import { describe, expect, it } from 'vitest';
import type { BacktestJob, BacktestJobOutcome, ConsoleBacktestResult } from '../../src/app/console-backtest.js';
import { createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createConsoleActions } from '../../store/create-console-actions.js';

function job(): { job: BacktestJob; end: (outcome: BacktestJobOutcome) => void; stops: () => number } {
  let end: (outcome: BacktestJobOutcome) => void = () => undefined;
  let stops = 0;
  const ended = new Promise<BacktestJobOutcome>((resolve) => (end = resolve));
  return { job: { label: 'sma-cross on GOOG', ended, stop: () => void stops++ }, end: (o) => end(o), stops: () => stops };
}

describe('a backtest from the command line', () => {
  it('opens its result over the panes when done; closing and scrolling change only the overlay', async () => {
    const store = createConsoleStore(initialConsoleState('sim', 'default'));
    const running = job();
    const actions = createConsoleActions({ store, run: () => Promise.resolve({ ok: true, text: 'backtest of sma-cross on GOOG running…', backtest: running.job }), now: () => 1, onQuit: () => undefined });
    await actions.submit('backtest sma-cross --data GOOG.csv');
    expect(store.getState().backtest).toBeUndefined();
    const result = { strategy: 'sma-cross' } as ConsoleBacktestResult;
    running.end({ kind: 'done', result });
    await running.job.ended;
    await Promise.resolve();
    expect(store.getState().backtest).toEqual({ result, scroll: 0 });
    actions.scrollBacktest((scroll) => scroll + 3);
    expect(store.getState().backtest?.scroll).toBe(3);
    actions.closeBacktest();
    expect(store.getState().backtest).toBeUndefined();
  });

  it('is stopped when the console quits', async () => {
    const store = createConsoleStore(initialConsoleState('sim', 'default'));
    const running = job();
    let quits = 0;
    const actions = createConsoleActions({ store, run: () => Promise.resolve({ ok: true, text: 'running…', backtest: running.job }), now: () => 1, onQuit: () => void quits++ });
    await actions.submit('backtest sma-cross --data GOOG.csv');
    actions.quit();
    expect([running.stops(), quits]).toEqual([1, 1]);
  });
});
