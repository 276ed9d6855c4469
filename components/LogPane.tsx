import { memo, useMemo } from 'react';
import type { LogLevel } from '../src/kernel/log-entry.js';
import { DEFAULT_LOG_LEVEL } from '../store/log-level.js';
import { filteredLog } from '../store/selectors.js';
import { logCells, LOG_COLUMNS } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import type { MergedLogLine } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { logRowKey, logRows } from './log-rows.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { emptyText, filterTitle, highlightRow, IDLE_PANE, type PaneInteraction } from './pane-interaction.js';
import { useColumnPlan } from './use-column-plan.js';
import { useRowWindow } from './use-row-window.js';

/** `Log`, `Log · 3 hidden`, `Log · level warn · 12 hidden`: the trader can tell the pane is filtered. */
function logTitle(level: LogLevel, hidden: number): string {
  const parts = ['Log'];
  if (level !== DEFAULT_LOG_LEVEL) parts.push(`level ${level}`);
  if (hidden > 0) parts.push(`${hidden} hidden`);
  return parts.join(' · ');
}

interface LogRowProps {
  readonly line: MergedLogLine;
  readonly plan: readonly PlannedColumn[];
  /** Highlighted across the pane's inner width when selected. */
  readonly selectedWidth: number | undefined;
}

const LogRow = memo(function LogRow({ line, plan, selectedWidth }: LogRowProps) {
  const segments = layoutRow(plan, logCells(line));
  return <Line segments={selectedWidth === undefined ? segments : highlightRow(segments, selectedWidth)} />;
});

const lineKey = (line: MergedLogLine): string => logRowKey(line.last);

export interface LogPaneProps {
  readonly box: PaneBox;
  readonly interaction?: PaneInteraction;
}

export const LogPane = memo(function LogPane({ box, interaction = IDLE_PANE }: LogPaneProps) {
  const log = useConsole((s) => s.log);
  const level = useConsole((s) => s.logLevel);
  const height = paneRows(box);
  const { filter } = interaction;
  const { rows, hidden } = useMemo(() => logRows(filteredLog(log, filter), level, height), [log, filter, level, height]);
  const { selected } = useRowWindow(rows, lineKey, height, 'bottom', interaction);
  const plan = useColumnPlan(LOG_COLUMNS, rows.map(logCells), paneColumns(box));
  const empty = log.length === 0 ? 'nothing logged yet' : `nothing at ${level} or above; L shows more`;
  return (
    <Pane title={filterTitle(logTitle(level, hidden), interaction)} box={box} focused={interaction.focused}>
      {rows.length === 0 ? <EmptyLine text={emptyText(interaction, empty)} /> : null}
      {rows.map((line, i) => (
        <LogRow key={lineKey(line)} line={line} plan={plan} selectedWidth={i === selected ? paneColumns(box) : undefined} />
      ))}
    </Pane>
  );
});
