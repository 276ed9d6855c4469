import { useMemo } from 'react';
import { planColumns, planKey, type Cells, type ColumnSpec, type PlannedColumn } from './columns.js';

/**
 * Plans a pane's columns from its visible rows. Rows are memoised on the plan object, so the same
 * object is handed out for as long as the widths stay the same.
 */
export function useColumnPlan(specs: readonly ColumnSpec[], rows: readonly Cells[], width: number): readonly PlannedColumn[] {
  const plan = planColumns(specs, rows, width);
  const key = planKey(plan);
  // Keyed on the widths alone on purpose: a plan with the same widths is the same plan.
  return useMemo(() => plan, [key]);
}
