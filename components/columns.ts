import { fit, type Segment } from './segments.js';

export interface ColumnSpec {
  readonly id: string;
  readonly align?: 'left' | 'right';
  /** Floor for the width, so a column doesn't jump as values come and go. */
  readonly min?: number;
  /**
   * When the pane is too narrow, columns with a rank give way, lowest rank first. Columns without
   * one (what a trader can't do without) are never dropped.
   */
  readonly giveWay?: number;
  /** Takes whatever width is left (free text such as a log line). */
  readonly grow?: boolean;
}

export interface PlannedColumn {
  readonly id: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

export type Cells = Readonly<Record<string, Segment>>;

const COLUMN_GAP = 1;

/**
 * Sizes columns to the widest cell among the rows that will be shown, then drops give-way columns
 * until the row fits `width`. Only visible rows are measured, so the cost does not grow with the data.
 */
export function planColumns(specs: readonly ColumnSpec[], rows: readonly Cells[], width: number): PlannedColumn[] {
  const widths = new Map<string, number>();
  for (const spec of specs) {
    let widest = spec.min ?? 0;
    if (!spec.grow) for (const row of rows) widest = Math.max(widest, row[spec.id]?.text.length ?? 0);
    widths.set(spec.id, widest);
  }
  // A column with nothing to show in any visible row (no fills yet, no timeouts) costs not even its gap.
  const kept = specs.filter((s) => s.grow === true || (widths.get(s.id) ?? 0) > 0);
  const total = (): number => kept.reduce((sum, s) => sum + (widths.get(s.id) ?? 0), 0) + COLUMN_GAP * (kept.length - 1);
  const byRank = specs.filter((s) => s.giveWay !== undefined).sort((a, b) => (a.giveWay ?? 0) - (b.giveWay ?? 0));
  for (const spec of byRank) {
    if (total() <= width) break;
    if (kept.includes(spec)) kept.splice(kept.indexOf(spec), 1);
  }
  const grow = kept.find((s) => s.grow);
  if (grow !== undefined) {
    const others = total() - (widths.get(grow.id) ?? 0);
    widths.set(grow.id, Math.max(grow.min ?? 0, width - others));
  }
  return kept.map((s) => ({ id: s.id, width: widths.get(s.id) ?? 0, align: s.align ?? 'left' }));
}

/** A stable text key for a plan, so memoised rows can tell when the column widths really changed. */
export function planKey(plan: readonly PlannedColumn[]): string {
  return plan.map((c) => `${c.id}:${c.width}`).join(',');
}

/**
 * Lays one row's cells out along the plan: each cell padded or cut to its column. Trailing blanks are
 * left off: the screen is blank there anyway, and every character written costs Ink work on every
 * frame (a 200-column console writes a third fewer characters).
 */
export function layoutRow(plan: readonly PlannedColumn[], cells: Cells): Segment[] {
  const out: Segment[] = [];
  plan.forEach((column, index) => {
    if (index > 0) out.push({ text: ' '.repeat(COLUMN_GAP) });
    const cell = cells[column.id] ?? { text: '' };
    out.push({ ...cell, text: fit(cell.text, column.width, column.align) });
  });
  while (out.length > 0) {
    const last = out[out.length - 1] as Segment;
    if (last.backgroundColor !== undefined || last.inverse === true) break;
    const text = last.text.trimEnd();
    if (text !== '') {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}
