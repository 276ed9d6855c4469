import { describe, expect, it } from 'vitest';
import { computeLayout, MIN_COLUMNS, MIN_ROWS, paneColumns, paneRows } from '../../components/layout.js';

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

  it('fills exactly rows − 1 lines and the full width at every size', () => {
    for (let columns = MIN_COLUMNS; columns <= 300; columns += 7) {
      for (let rows = MIN_ROWS; rows <= 120; rows += 5) {
        const layout = computeLayout({ columns, rows });
        if (layout.kind !== 'console') throw new Error(`${columns}×${rows} refused`);
        expect(layout.height).toBe(rows - 1);
        expect(1 + layout.orders.height + layout.log.height + 1).toBe(rows - 1);
        expect(layout.watchlist.height).toBe(layout.orders.height);
        expect(layout.positions.height).toBe(layout.log.height);
        expect(layout.watchlist.width + layout.orders.width).toBe(columns);
        expect(layout.positions.width + layout.log.width).toBe(columns);
        for (const box of [layout.watchlist, layout.orders, layout.positions, layout.log]) {
          expect(paneRows(box)).toBeGreaterThanOrEqual(3);
          expect(paneColumns(box)).toBeGreaterThanOrEqual(28);
        }
      }
    }
  });

  it('gives the orders row the larger share of the height', () => {
    const layout = computeLayout({ columns: 100, rows: 30 });
    if (layout.kind !== 'console') throw new Error('refused');
    expect(layout.orders.height).toBe(15);
    expect(layout.log.height).toBe(12);
  });
});
