import { memo, useMemo } from 'react';
import type { Position } from '../src/domain/position.js';
import { markOf, type Mark } from '../store/mark-price.js';
import { allPositionsMarked, filteredPositions, valuation } from '../store/selectors.js';
import { POSITION_COLUMNS, positionCells, positionTotalCells } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { emptyText, filterTitle, highlightRow, IDLE_PANE, type PaneInteraction } from './pane-interaction.js';
import { useColumnPlan } from './use-column-plan.js';
import { useRowWindow } from './use-row-window.js';

interface PositionRowProps {
  readonly position: Position;
  readonly mark: Mark | undefined;
  readonly stale: boolean;
  readonly plan: readonly PlannedColumn[];
  /** Highlighted across the pane's inner width when selected. */
  readonly selectedWidth: number | undefined;
}

const PositionRow = memo(function PositionRow({ position, mark, stale, plan, selectedWidth }: PositionRowProps) {
  const segments = layoutRow(plan, positionCells(position, mark, stale));
  return <Line segments={selectedWidth === undefined ? segments : highlightRow(segments, selectedWidth)} />;
});

const positionKey = (position: Position): string => position.symbol;

export interface PositionsPaneProps {
  readonly box: PaneBox;
  readonly interaction?: PaneInteraction;
}

export const PositionsPane = memo(function PositionsPane({ box, interaction = IDLE_PANE }: PositionsPaneProps) {
  const portfolio = useConsole((s) => s.portfolio);
  const quotes = useConsole((s) => s.quotes);
  const stale = useConsole((s) => s.staleQuotes);
  const open = useMemo(() => filteredPositions(portfolio, interaction.filter), [portfolio, interaction.filter]);
  const totals = useMemo(() => valuation({ portfolio, quotes }), [portfolio, quotes]);
  const marked = useMemo(() => allPositionsMarked({ portfolio, quotes }), [portfolio, quotes]);
  // The last line is kept for the totals.
  const { visible, selected } = useRowWindow(open, positionKey, Math.max(0, paneRows(box) - 1), 'top', interaction);
  const marks = visible.map((p) => markOf(quotes[p.symbol]));
  const totalCells = positionTotalCells(marked ? totals.unrealizedPnl : undefined, totals.realizedPnl);
  const plan = useColumnPlan(
    POSITION_COLUMNS,
    [...visible.map((p, i) => positionCells(p, marks[i], stale[p.symbol] === true)), totalCells],
    paneColumns(box),
  );
  return (
    <Pane title={filterTitle(windowedTitle('Positions', visible.length, open.length), interaction)} box={box} focused={interaction.focused}>
      {visible.length === 0 ? <EmptyLine text={emptyText(interaction, 'no open positions')} /> : null}
      {visible.map((position, i) => (
        <PositionRow
          key={position.symbol}
          position={position}
          mark={marks[i]}
          stale={stale[position.symbol] === true}
          plan={plan}
          selectedWidth={i === selected ? paneColumns(box) : undefined}
        />
      ))}
      <Line segments={layoutRow(plan, totalCells)} />
    </Pane>
  );
});
