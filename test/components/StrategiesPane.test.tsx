import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import type { StrategyView } from '../../store/strategy-view.js';
import { freshStore, recordingActions, renderApp } from './fixtures.js';

afterEach(() => cleanup());

/** The lines of the strategies pane: the left column, from its title to its bottom border. */
function strategiesPane(lines: readonly string[], width: number): string[] {
  const left = lines.map((line) => line.slice(0, width));
  const top = left.findIndex((line) => line.startsWith('┌ Strategies'));
  const bottom = left.findIndex((line, i) => i > top && line.startsWith('└'));
  return left.slice(top, bottom + 1);
}

describe('the strategies pane', () => {
  it('says there are none yet and how one will be started, under the watchlist at 100×30', async () => {
    const store = freshStore();
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(strategiesPane(app.lines(), 38)).toEqual([
      '┌ Strategies ────────────────────────┐',
      '│ none — not in this build yet       │',
      '│ later: strategy start sma-cross    │',
      '│ AAPL fast=5 slow=20 qty=10         │',
      '└────────────────────────────────────┘',
    ]);
  });

  it('keeps the first lines of that message at the 80×20 minimum', async () => {
    const store = freshStore();
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 } });
    const pane = strategiesPane(app.lines(), 34);
    expect(pane).toHaveLength(4);
    expect(pane[1]).toContain('none — not in this build yet');
    expect(pane[2]).toContain('later: strategy start');
  });

  it('lists strategies with their symbols, state and P&L once the store is fed', async () => {
    const store = freshStore();
    const strategies: StrategyView[] = [
      { id: 's1', name: 'sma-cross', symbols: ['AAPL'], state: 'running', pnl: dec('12.40') },
      { id: 's2', name: 'sma-cross', symbols: ['MSFT', 'NVDA'], state: 'error', pnl: dec('-3.10') },
      { id: 's3', name: 'breakout', symbols: ['TSLA'], state: 'stopped', pnl: dec('0') },
      { id: 's4', name: 'breakout', symbols: ['SPY'], state: 'running', pnl: dec('1') },
    ];
    store.setState({ strategies });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    const pane = strategiesPane(app.lines(), 38);
    expect(pane[0]).toMatch(/^┌ Strategies \(2 running\) · 3 of 4 ─+┐$/);
    // 38 columns leave no room for which built-in each runs.
    expect(pane[1]).toMatch(/│ s1 AAPL\s+running\s+\+12\.40\s+│/);
    expect(pane[2]).toMatch(/│ s2 MSFT NVDA error\s+-3\.10\s+│/);
    expect(pane[3]).toMatch(/│ s3 TSLA\s+stopped\s+0\.00\s+│/);
    expect(pane).toHaveLength(5);
  });

  it('names the built-in each one runs where there is room', async () => {
    const store = freshStore();
    store.setState({ strategies: [{ id: 's1', name: 'sma-cross', symbols: ['MSFT', 'NVDA'], state: 'running', pnl: dec('12.40') }] });
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    expect(app.frame()).toMatch(/│ s1 sma-cross MSFT NVDA running \+12\.40\s+│/);
  });
});
