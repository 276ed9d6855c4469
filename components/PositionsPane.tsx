import { memo, useMemo } from 'react';
import type { Decimal } from '../src/domain/decimal.js';
import type { Position } from '../src/domain/position.js';
import { valuation } from '../store/selectors.js';
import { POSITION_COLUMNS, positionCells, positionTotalCells } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { useColumnPlan } from './use-column-plan.js';

interface PositionRowProps {
  readonly position: Position;
  readonly last: Decimal | undefined;
  readonly plan: readonly PlannedColumn[];
}

const PositionRow = memo(function PositionRow({ position, last, plan }: PositionRowProps) {
  return <Line segments={layoutRow(plan, positionCells(position, last))} />;
});

export const PositionsPane = memo(function PositionsPane({ box }: { readonly box: PaneBox }) {
  const portfolio = useConsole((s) => s.portfolio);
  const quotes = useConsole((s) => s.quotes);
  const open = useMemo(
    () =>
      Object.values(portfolio.positions)
        .filter((p) => !p.qty.isZero())
        .sort((a, b) => a.symbol.localeCompare(b.symbol)),
    [portfolio],
  );
  const totals = useMemo(() => valuation({ portfolio, quotes }), [portfolio, quotes]);
  // The last line is kept for the totals.
  const visible = open.slice(0, Math.max(0, paneRows(box) - 1));
  const totalCells = positionTotalCells(totals.unrealizedPnl, totals.realizedPnl);
  const plan = useColumnPlan(
    POSITION_COLUMNS,
    [...visible.map((p) => positionCells(p, quotes[p.symbol]?.last)), totalCells],
    paneColumns(box),
  );
  return (
    <Pane title={windowedTitle('Positions', visible.length, open.length)} box={box}>
      {visible.length === 0 ? <EmptyLine text="no open positions" /> : null}
      {visible.map((position) => (
        <PositionRow key={position.symbol} position={position} last={quotes[position.symbol]?.last} plan={plan} />
      ))}
      <Line segments={layoutRow(plan, totalCells)} />
    </Pane>
  );
});
