import { memo, useMemo } from 'react';
import { Text } from 'ink';
import type { ConsoleBacktestResult } from '../src/app/console-backtest.js';
import { backtestLines } from './backtest-lines.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Pane } from './Pane.js';

export interface BacktestOverlayProps {
  readonly box: PaneBox;
  readonly result: ConsoleBacktestResult;
  /** First line shown; kept within the lines here, as the terminal may have shrunk since. */
  readonly scroll: number;
}

/** A finished backtest over the panes: its equity and drawdown chart sized to the screen, then its statistics. */
export const BacktestOverlay = memo(function BacktestOverlay({ box, result, scroll }: BacktestOverlayProps) {
  const rows = paneRows(box);
  const columns = paneColumns(box);
  const lines = useMemo(() => backtestLines(result, { columns, rows }), [result, columns, rows]);
  const start = Math.max(0, Math.min(scroll, lines.length - rows));
  const visible = lines.slice(start, start + rows);
  const position = visible.length < lines.length ? ` · ${start + 1}–${start + visible.length} of ${lines.length}, j/k PgDn scroll` : '';
  return (
    <Pane title={`Backtest ${result.strategy} on ${result.symbol}${position} · Esc closes`} box={box} focused>
      {visible.map((line, i) => (
        // The lines of one result are fixed; a line's place is its identity.
        <Text key={start + i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Pane>
  );
});
