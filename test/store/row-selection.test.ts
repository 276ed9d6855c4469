import { describe, expect, it } from 'vitest';
import { moveSelection, selectedIndex, windowStart } from '../../store/row-selection.js';

const KEYS = ['a', 'b', 'c', 'd', 'e'];

describe('row selection', () => {
  it('starts at the top row of a list and at the newest (bottom) row of the log', () => {
    expect(selectedIndex(KEYS, undefined, 'top')).toBe(0);
    expect(selectedIndex(KEYS, undefined, 'bottom')).toBe(4);
    expect(selectedIndex([], undefined, 'top')).toBe(-1);
  });

  it('follows its row when rows move, and takes the row at its old place when its row is gone', () => {
    expect(selectedIndex(['new', ...KEYS], { key: 'c', index: 2 }, 'top')).toBe(3);
    expect(selectedIndex(['a', 'b', 'd', 'e'], { key: 'c', index: 2 }, 'top')).toBe(2);
    expect(selectedIndex(['a'], { key: 'c', index: 2 }, 'top')).toBe(0);
  });

  it('moves by rows within the list, and to the first and last', () => {
    expect(moveSelection(KEYS, { key: 'b', index: 1 }, 'top', { kind: 'by', rows: 1 })).toEqual({ key: 'c', index: 2 });
    expect(moveSelection(KEYS, { key: 'b', index: 1 }, 'top', { kind: 'by', rows: -9 })).toEqual({ key: 'a', index: 0 });
    expect(moveSelection(KEYS, { key: 'b', index: 1 }, 'top', { kind: 'by', rows: 9 })).toEqual({ key: 'e', index: 4 });
    expect(moveSelection(KEYS, undefined, 'top', { kind: 'last' })).toEqual({ key: 'e', index: 4 });
    expect(moveSelection(KEYS, { key: 'd', index: 3 }, 'top', { kind: 'first' })).toEqual({ key: 'a', index: 0 });
    expect(moveSelection([], undefined, 'top', { kind: 'first' })).toBeUndefined();
  });

  it('scrolls the window only when the selected row would leave it', () => {
    // 10 rows, 4 fit.
    expect(windowStart(undefined, 0, 4, 10, 'top')).toBe(0);
    expect(windowStart(0, 3, 4, 10, 'top')).toBe(0);
    expect(windowStart(0, 4, 4, 10, 'top')).toBe(1);
    expect(windowStart(1, 2, 4, 10, 'top')).toBe(1);
    expect(windowStart(6, 2, 4, 10, 'top')).toBe(2);
    expect(windowStart(undefined, 9, 4, 10, 'bottom')).toBe(6);
    // Rows went away: the window never starts past the last full page.
    expect(windowStart(6, 1, 4, 3, 'top')).toBe(0);
  });
});
