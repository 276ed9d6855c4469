import { describe, expect, it } from 'vitest';
import { layoutRow, planColumns, planKey, type ColumnSpec } from '../../components/columns.js';
import { fit, keepTail, plainText } from '../../components/segments.js';

const SPECS: readonly ColumnSpec[] = [
  { id: 'seq' },
  { id: 'time', giveWay: 2 },
  { id: 'qty', align: 'right', min: 3 },
  { id: 'tif', giveWay: 1 },
];
const ROWS = [
  { seq: { text: '#12' }, time: { text: '10:31:02' }, qty: { text: '10' }, tif: { text: 'DAY' } },
  { seq: { text: '#9' }, time: { text: '10:20:00' }, qty: { text: '1500' }, tif: { text: 'GTC' } },
];

describe('planColumns', () => {
  it('sizes each column to its widest visible cell, never below its minimum', () => {
    expect(planColumns(SPECS, ROWS, 80)).toEqual([
      { id: 'seq', width: 3, align: 'left' },
      { id: 'time', width: 8, align: 'left' },
      { id: 'qty', width: 4, align: 'right' },
      { id: 'tif', width: 3, align: 'left' },
    ]);
    expect(planColumns(SPECS, [], 80).find((c) => c.id === 'qty')?.width).toBe(3);
  });

  it('drops give-way columns, lowest rank first, only as far as needed', () => {
    // Full row: 3 + 8 + 4 + 3 + 3 gaps = 21.
    expect(planColumns(SPECS, ROWS, 21).map((c) => c.id)).toEqual(['seq', 'time', 'qty', 'tif']);
    expect(planColumns(SPECS, ROWS, 20).map((c) => c.id)).toEqual(['seq', 'time', 'qty']);
    // Without tif: 3 + 8 + 4 + 2 gaps = 17.
    expect(planColumns(SPECS, ROWS, 17).map((c) => c.id)).toEqual(['seq', 'time', 'qty']);
    expect(planColumns(SPECS, ROWS, 16).map((c) => c.id)).toEqual(['seq', 'qty']);
  });

  it('never drops a column without a rank, even when nothing fits', () => {
    expect(planColumns(SPECS, ROWS, 3).map((c) => c.id)).toEqual(['seq', 'qty']);
  });

  it('leaves out a column no visible row has anything in, gap and all', () => {
    const rows = ROWS.map((row) => ({ ...row, time: { text: '' } }));
    expect(planColumns(SPECS, rows, 80).map((c) => c.id)).toEqual(['seq', 'qty', 'tif']);
    expect(plainText(layoutRow(planColumns(SPECS, rows, 80), rows[0]!))).toBe('#12   10 DAY');
  });

  it('gives a growing column the width that is left', () => {
    const plan = planColumns([{ id: 'time' }, { id: 'text', grow: true }], [{ time: { text: '10:00:00' }, text: { text: 'hello' } }], 40);
    expect(plan).toEqual([
      { id: 'time', width: 8, align: 'left' },
      { id: 'text', width: 31, align: 'left' },
    ]);
  });
});

describe('layoutRow', () => {
  it('pads cells to their columns with the style kept', () => {
    const plan = planColumns(SPECS, ROWS, 80);
    const row = layoutRow(plan, { ...ROWS[0], qty: { text: '10', color: 'green' } });
    expect(plainText(row)).toBe('#12 10:31:02   10 DAY');
    expect(row.find((s) => s.text === '  10')?.color).toBe('green');
  });

  it('leaves a missing cell blank', () => {
    const plan = planColumns(SPECS, ROWS, 80);
    expect(plainText(layoutRow(plan, { seq: { text: '#1' }, tif: { text: 'IOC' } }))).toBe('#1                IOC');
  });

  it('gives equal plans equal keys', () => {
    expect(planKey(planColumns(SPECS, ROWS, 80))).toBe(planKey(planColumns(SPECS, ROWS, 80)));
    expect(planKey(planColumns(SPECS, ROWS, 80))).not.toBe(planKey(planColumns(SPECS, ROWS, 20)));
  });
});

describe('fit and keepTail', () => {
  it('pads, aligns, and marks a cut with an ellipsis', () => {
    expect(fit('AAPL', 6)).toBe('AAPL  ');
    expect(fit('10', 4, 'right')).toBe('  10');
    expect(fit('1,234,567.89', 8, 'right')).toBe('1,234,5…');
    expect(fit('abc', 0)).toBe('');
  });

  it('keeps the end of a long line, unpadded', () => {
    expect(keepTail('buy 10 AAPL', 6)).toBe('… AAPL');
    expect(keepTail('buy ', 10)).toBe('buy ');
  });
});
