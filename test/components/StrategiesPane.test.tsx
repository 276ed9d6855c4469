import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import { strategyCells, STRATEGY_COLUMNS } from '../../components/cells.js';
import { layoutRow, planColumns } from '../../components/columns.js';
import { plainText } from '../../components/segments.js';
import type { StrategyView } from '../../store/strategy-view.js';
import { at, freshStore, recordingActions, renderApp, strategy } from './fixtures.js';

afterEach(() => cleanup());

/** The lines of the strategies pane: the left column, from its title to its bottom border. */
function strategiesPane(lines: readonly string[], width: number): string[] {
  const left = lines.map((line) => line.slice(0, width));
  const top = left.findIndex((line) => line.startsWith('┌ Strategies'));
  const bottom = left.findIndex((line, i) => i > top && line.startsWith('└'));
  return left.slice(top, bottom + 1);
}

const FOUR = [
  strategy({ id: 'sma1', position: dec(10), realized: dec('12.40'), unrealized: dec('3.00'), sent: 4, slotsInUse: 1, lastSignal: { at: at(10, 31, 2), text: 'buy 10 (cross up)' } }),
  strategy({ id: 'brk2', name: 'breakout', symbol: 'MSFT', timeframe: '1m', state: 'error', error: 'onBar threw: boom', realized: dec('-3.10') }),
  strategy({ id: 'bll3', name: 'bollinger', symbol: 'TSLA', state: 'stopped' }),
  strategy({ id: 'sma4', symbol: 'SPY', state: 'paused', position: dec(-5), realized: dec(1), unrealized: undefined, sent: 7, refused: 2 }),
];

describe('the strategies pane', () => {
  it('with none started, says how to start one and where the rest are listed, at 100×30', async () => {
    const store = freshStore();
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(strategiesPane(app.lines(), 38)).toEqual([
      '┌ Strategies (none) ─────────────────┐',
      '│ strategy start sma-cross AAPL      │',
      '│ fast=5 slow=20 size=10 bar=5s      │',
      '│ `strategies` lists what can run    │',
      '└────────────────────────────────────┘',
    ]);
  });

  it('keeps the whole start command at the 80×20 minimum', async () => {
    const store = freshStore();
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 } });
    const pane = strategiesPane(app.lines(), 34);
    expect(pane.slice(1, 3)).toEqual(['│ strategy start sma-cross AAPL  │', '│ fast=5 slow=20 size=10 bar=5s  │']);
  });

  it('at 100×30 keeps which one, its symbol, state, position and P&L, and counts those running', async () => {
    const store = freshStore();
    store.setState({ strategies: FOUR });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    const pane = strategiesPane(app.lines(), 38);
    expect(pane[0]).toMatch(/^┌ Strategies \(1 running\) · 3 of 4 ─+┐$/);
    expect(pane.slice(1, 4)).toEqual([
      '│ sma1 AAPL running·1  +10 +15.40    │',
      '│ brk2 MSFT error     flat  -3.10    │',
      '│ bll3 TSLA stopped   flat   0.00    │',
    ]);
  });

  it('says in its title how many of the signal slots are in use', async () => {
    const store = freshStore();
    const slots = { capacity: 3, inUse: 2, peak: 3, taken: 9, released: 7, refused: { all_in_use: 1, in_flight: 0 } };
    store.setState({ strategies: FOUR.slice(0, 2), strategyMetrics: { slots, refusedBy: {}, latency: [] } });
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    expect(strategiesPane(app.lines(), 56)[0]).toMatch(/^┌ Strategies \(1 running · slots 2\/3\) ─*┐$/);
  });

  it('marks a P&L that leaves out an unpriced position as realized only', async () => {
    const store = freshStore();
    store.setState({ strategies: FOUR.slice(3) });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(strategiesPane(app.lines(), 38)[1]).toMatch(/│ sma4 SPY paused -5 rpl \+1\.00 +│/);
  });

  it('at 200×60 adds the signals sent and the last signal, or why it failed, cut to the room left', async () => {
    const store = freshStore();
    store.setState({ strategies: FOUR.slice(0, 2) });
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    const pane = strategiesPane(app.lines(), 56);
    expect(pane.slice(1, 3)).toEqual([
      '│ sma1 AAPL running·1 sent 4  +10 +15.40 buy 10 (cros… │',
      '│ brk2 MSFT error     sent 0 flat  -3.10 onBar threw:… │',
    ]);
  });
});

describe('a strategy row', () => {
  const row = (width: number): string => {
    const cells = strategyCells(FOUR[0] as StrategyView);
    return plainText(layoutRow(planColumns(STRATEGY_COLUMNS, [cells], width), cells));
  };

  it('gives way from the name, the bar and the signals before the last signal and the position; a slot held shows in the state', () => {
    expect(row(120)).toBe('sma1 sma-cross AAPL 5s running·1 sent 4 +10 +15.40 buy 10 (cross up) · 10:31:02');
    expect(row(60)).toBe('sma1 AAPL 5s running·1 sent 4 +10 +15.40 buy 10 (cross up) …');
    expect(row(48)).toBe('sma1 AAPL running·1 +10 +15.40 buy 10 (cross up…');
    expect(row(40)).toBe('sma1 AAPL running·1 +10 +15.40');
    expect(row(24)).toBe('sma1 AAPL running·1 +15.40');
  });

  it('colours the state: running green, paused and reducing yellow, error red, stopped dim', () => {
    const style = (state: StrategyView['state']) => {
      const cell = strategyCells(strategy({ state })).state;
      return cell?.dim === true ? 'dim' : cell?.color;
    };
    expect([style('running'), style('paused'), style('reducing'), style('error'), style('stopped')]).toEqual(['green', 'yellow', 'yellow', 'red', 'dim']);
  });

  it('shows refused signals beside those sent, in yellow, and a position by its side', () => {
    const cells = strategyCells(strategy({ sent: 7, refused: 2, position: dec(-5) }));
    expect([cells.signals?.text, cells.signals?.color]).toEqual(['sent 7 · refused 2', 'yellow']);
    expect([cells.position?.text, cells.position?.color]).toEqual(['-5', 'red']);
    expect(strategyCells(strategy({ sent: 3 })).signals).toEqual({ text: 'sent 3' });
  });
});
