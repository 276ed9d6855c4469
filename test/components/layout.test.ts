import { describe, expect, it } from 'vitest';
import {
  computeLayout,
  MIN_COLUMNS,
  MIN_ROWS,
  paneColumns,
  paneRows,
  PANE_IDS,
  visiblePanes,
  type ConsoleLayout,
  type TerminalSize,
} from '../../components/layout.js';

function console_(size: TerminalSize, showMetrics = false): ConsoleLayout {
  const layout = computeLayout(size, { showMetrics });
  if (layout.kind !== 'console') throw new Error(`${size.columns}×${size.rows} refused`);
  return layout;
}

/** The right column of the bottom band: metrics above the log, either of them alone. */
function rightColumnHeight(layout: ConsoleLayout): number {
  return (layout.metrics?.height ?? 0) + (layout.log?.height ?? 0);
}

describe('computeLayout', () => {
  it('refuses sizes below the minimum with a message that names both sizes', () => {
    expect(computeLayout({ columns: 60, rows: 15 })).toEqual({
      kind: 'too-small',
      message: 'Blotter needs at least 80×20; this terminal is 60×15',
    });
    expect(computeLayout({ columns: MIN_COLUMNS - 1, rows: 40 }).kind).toBe('too-small');
    expect(computeLayout({ columns: 120, rows: MIN_ROWS - 1 }).kind).toBe('too-small');
    expect(computeLayout({ columns: MIN_COLUMNS, rows: MIN_ROWS }).kind).toBe('console');
  });

  it.each([false, true])('fills exactly rows − 1 lines and the full width at every size (metrics shown: %s)', (showMetrics) => {
    for (let columns = MIN_COLUMNS; columns <= 300; columns += 7) {
      for (let rows = MIN_ROWS; rows <= 120; rows += 5) {
        const layout = console_({ columns, rows }, showMetrics);
        expect(layout.height).toBe(rows - 1);
        expect(1 + layout.orders.height + layout.positions.height + 1).toBe(rows - 1);
        expect(layout.watchlist.height + layout.strategies.height).toBe(layout.orders.height);
        expect(rightColumnHeight(layout)).toBe(layout.positions.height);
        expect(layout.watchlist.width).toBe(layout.strategies.width);
        expect(layout.watchlist.width + layout.orders.width).toBe(columns);
        for (const box of [layout.log, layout.metrics]) if (box !== undefined) expect(layout.positions.width + box.width).toBe(columns);
        for (const id of visiblePanes(layout)) {
          const box = layout[id];
          if (box === undefined) throw new Error(`${id} listed but not laid out`);
          expect(paneRows(box)).toBeGreaterThanOrEqual(2);
          expect(paneColumns(box)).toBeGreaterThanOrEqual(28);
        }
        expect(paneRows(layout.watchlist)).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('gives the orders band the larger share of the height', () => {
    const layout = console_({ columns: 100, rows: 30 });
    expect(layout.orders.height).toBe(15);
    expect(layout.log?.height).toBe(12);
  });

  it('at 100×30 shows the eight default symbols above a short strategies pane, and room for a sparkline', () => {
    const layout = console_({ columns: 100, rows: 30 });
    expect(paneRows(layout.watchlist)).toBe(8);
    expect(paneRows(layout.strategies)).toBe(3);
    // GOOGL 172.30 x 172.32 +0.8% and a five-bar sparkline: 5 + 15 + 5 + 5 + 3 gaps = 33.
    expect(paneColumns(layout.watchlist)).toBeGreaterThanOrEqual(33);
  });

  it('keeps every pane readable at the 80×20 minimum', () => {
    const layout = console_({ columns: 80, rows: 20 });
    expect(paneRows(layout.watchlist)).toBe(4);
    expect(paneRows(layout.strategies)).toBe(2);
    expect(paneRows(layout.orders)).toBe(8);
    expect(paneRows(layout.positions)).toBe(5);
    const metrics = console_({ columns: 80, rows: 20 }, true);
    expect(metrics.metrics).toEqual(layout.log);
    expect(metrics.log).toBeUndefined();
  });

  it('puts the metrics in the log’s place at 100×30, and above the log at 200×60', () => {
    const small = console_({ columns: 100, rows: 30 }, true);
    expect(small.log).toBeUndefined();
    expect(small.metrics).toEqual({ width: 50, height: 12 });
    const large = console_({ columns: 200, rows: 60 }, true);
    expect(large.metrics).toEqual({ width: 120, height: 12 });
    expect(large.log).toEqual({ width: 120, height: 13 });
    // Hidden, the log has the band to itself again.
    expect(console_({ columns: 200, rows: 60 }).log).toEqual({ width: 120, height: 25 });
    expect(console_({ columns: 200, rows: 60 }).metrics).toBeUndefined();
  });

  it('lists the panes on screen in the fixed pane-key order', () => {
    expect(PANE_IDS).toEqual(['watchlist', 'orders', 'positions', 'log', 'strategies', 'metrics']);
    expect(visiblePanes(console_({ columns: 100, rows: 30 }))).toEqual(['watchlist', 'orders', 'positions', 'log', 'strategies']);
    expect(visiblePanes(console_({ columns: 100, rows: 30 }, true))).toEqual(['watchlist', 'orders', 'positions', 'strategies', 'metrics']);
    expect(visiblePanes(console_({ columns: 200, rows: 60 }, true))).toEqual([...PANE_IDS]);
  });
});
