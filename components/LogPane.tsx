import { memo, useMemo } from 'react';
import type { LogEntry } from '../src/core/events.js';
import { logCells, LOG_COLUMNS } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { mergeRepeats, type MergedLogLine } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { useColumnPlan } from './use-column-plan.js';

/**
 * Log entries carry no id; a line is known by its first entry object (the store never copies
 * entries), so a line keeps its React key while newer lines push it up the pane.
 */
const lineIds = new WeakMap<LogEntry, number>();
let nextLineId = 0;
function lineKey(line: MergedLogLine): number {
  let id = lineIds.get(line.first);
  if (id === undefined) {
    id = nextLineId++;
    lineIds.set(line.first, id);
  }
  return id;
}

interface LogRowProps {
  readonly line: MergedLogLine;
  readonly plan: readonly PlannedColumn[];
}

const LogRow = memo(function LogRow({ line, plan }: LogRowProps) {
  return <Line segments={layoutRow(plan, logCells(line))} />;
});

export const LogPane = memo(function LogPane({ box }: { readonly box: PaneBox }) {
  const log = useConsole((s) => s.log);
  const lines = useMemo(() => mergeRepeats(log), [log]);
  // Newest at the bottom: the pane shows the tail.
  const visible = lines.slice(-paneRows(box));
  const plan = useColumnPlan(LOG_COLUMNS, visible.map(logCells), paneColumns(box));
  return (
    <Pane title="Log" box={box}>
      {visible.length === 0 ? <EmptyLine text="nothing logged yet" /> : null}
      {visible.map((line) => (
        <LogRow key={lineKey(line)} line={line} plan={plan} />
      ))}
    </Pane>
  );
});
