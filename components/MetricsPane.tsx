import { memo, useEffect, useMemo } from 'react';
import { metricsCells, METRICS_COLUMNS } from './cells.js';
import { layoutRow } from './columns.js';
import { useConsole, useConsoleActions } from './console-context.js';
import { windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { metricsLines } from './metrics-lines.js';
import { EmptyLine, Pane } from './Pane.js';
import { useColumnPlan } from './use-column-plan.js';

/** Often enough to watch counters move, rarely enough that reading them costs nothing. */
export const METRICS_REFRESH_MS = 1000;

export interface MetricsPaneProps {
  readonly box: PaneBox;
  readonly focused?: boolean;
}

/**
 * The core's counters and latencies. The pane owns the refresh: it reads the core once when shown
 * and once a second after, and stops when hidden or when the console closes.
 */
export const MetricsPane = memo(function MetricsPane({ box, focused = false }: MetricsPaneProps) {
  const actions = useConsoleActions();
  useEffect(() => {
    actions.refreshMetrics();
    const timer = setInterval(() => actions.refreshMetrics(), METRICS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [actions]);
  const snapshot = useConsole((s) => s.metrics);
  // Strategy lines only once there is a strategy: a session that runs none is not shown empty slots.
  const strategies = useConsole((s) => (s.strategies.length === 0 ? undefined : s.strategyMetrics));
  const lines = useMemo(() => (snapshot === undefined ? [] : metricsLines(snapshot, strategies)), [snapshot, strategies]);
  const visible = lines.slice(0, paneRows(box));
  const cells = visible.map(metricsCells);
  const plan = useColumnPlan(METRICS_COLUMNS, cells, paneColumns(box));
  return (
    <Pane title={windowedTitle('Metrics', visible.length, lines.length)} box={box} focused={focused}>
      {visible.length === 0 ? <EmptyLine text="no metrics from the core yet" /> : null}
      {cells.map((row, i) => (
        // Lines have a fixed order and no identity of their own beyond it.
        <Line key={i} segments={layoutRow(plan, row)} />
      ))}
    </Pane>
  );
});
