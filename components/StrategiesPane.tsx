import { memo, useMemo } from 'react';
import { filteredStrategies } from '../store/selectors.js';
import type { StrategyView } from '../store/strategy-view.js';
import { strategyCells, STRATEGY_COLUMNS } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { windowedTitle, wrapWords } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { filterTitle, highlightRow, IDLE_PANE, type PaneInteraction } from './pane-interaction.js';
import { useColumnPlan } from './use-column-plan.js';
import { useRowWindow } from './use-row-window.js';

/** What the pane says while none has been started (its title says none): how to start one, and where to find the rest. */
export const NO_STRATEGIES = ['strategy start sma-cross AAPL fast=5 slow=20 size=10 bar=5s', '`strategies` lists what can run'];

interface StrategyRowProps {
  readonly strategy: StrategyView;
  readonly plan: readonly PlannedColumn[];
  /** Highlighted across the pane's inner width when selected. */
  readonly selectedWidth: number | undefined;
}

const StrategyRow = memo(function StrategyRow({ strategy, plan, selectedWidth }: StrategyRowProps) {
  const segments = layoutRow(plan, strategyCells(strategy));
  return <Line segments={selectedWidth === undefined ? segments : highlightRow(segments, selectedWidth)} />;
});

const strategyKey = (strategy: StrategyView): string => strategy.id;

export interface StrategiesPaneProps {
  readonly box: PaneBox;
  readonly interaction?: PaneInteraction;
}

export const StrategiesPane = memo(function StrategiesPane({ box, interaction = IDLE_PANE }: StrategiesPaneProps) {
  const all = useConsole((s) => s.strategies);
  const strategies = useMemo(() => filteredStrategies(all, interaction.filter), [all, interaction.filter]);
  const { visible, selected } = useRowWindow(strategies, strategyKey, paneRows(box), 'top', interaction);
  const plan = useColumnPlan(STRATEGY_COLUMNS, visible.map(strategyCells), paneColumns(box));
  const running = all.filter((s) => s.state === 'running').length;
  const slots = useConsole((s) => s.strategyMetrics?.slots);
  const held = slots === undefined ? '' : ` · slots ${slots.inUse}/${slots.capacity}`;
  const title = all.length === 0 ? 'Strategies (none)' : `Strategies (${running} running${held})`;
  const empty = useMemo(
    () => NO_STRATEGIES.flatMap((text) => wrapWords(text, paneColumns(box))).slice(0, paneRows(box)),
    [box],
  );
  return (
    <Pane title={filterTitle(windowedTitle(title, visible.length, strategies.length), interaction)} box={box} focused={interaction.focused}>
      {all.length === 0 ? empty.map((text) => <EmptyLine key={text} text={text} />) : null}
      {visible.map((strategy, i) => (
        <StrategyRow key={strategy.id} strategy={strategy} plan={plan} selectedWidth={i === selected ? paneColumns(box) : undefined} />
      ))}
    </Pane>
  );
});
