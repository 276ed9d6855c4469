import { memo, useMemo } from 'react';
import { isOrderWorking, type Order } from '../src/domain/order.js';
import { filteredOrders, workingOrderCount } from '../store/selectors.js';
import { orderCells, ORDER_COLUMNS, type ParentRow } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { formatAge, orderTimeoutText, windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { emptyText, filterTitle, highlightRow, IDLE_PANE, type PaneInteraction } from './pane-interaction.js';
import { useColumnPlan } from './use-column-plan.js';
import { useNow } from './use-now.js';
import { useRowWindow } from './use-row-window.js';

const AGE_TICK_MS = 1000;

interface OrderRowProps {
  readonly order: Order;
  /** Age and timeout countdown: empty for finished orders, so their rows never re-render on the clock. */
  readonly age: string;
  readonly ttl: string;
  /** A leg's parent, when the pane has it. */
  readonly parent: ParentRow | undefined;
  readonly plan: readonly PlannedColumn[];
  /** Highlighted across the pane's inner width when selected. */
  readonly selectedWidth: number | undefined;
}

const OrderRow = memo(function OrderRow({ order, age, ttl, parent, plan, selectedWidth }: OrderRowProps) {
  const segments = layoutRow(plan, orderCells(order, age, ttl, parent));
  return <Line segments={selectedWidth === undefined ? segments : highlightRow(segments, selectedWidth)} />;
});

const orderKey = (order: Order): string => order.clientOrderId;

export interface OrdersPaneProps {
  readonly box: PaneBox;
  readonly now: () => number;
  readonly interaction?: PaneInteraction;
}

export const OrdersPane = memo(function OrdersPane({ box, now, interaction = IDLE_PANE }: OrdersPaneProps) {
  const orders = useConsole((s) => s.orders);
  const sorted = useMemo(() => filteredOrders(orders, interaction.filter), [orders, interaction.filter]);
  const open = useMemo(() => workingOrderCount(orders), [orders]);
  const nowMs = useNow(now, open > 0 ? AGE_TICK_MS : undefined);
  const { visible, selected } = useRowWindow(sorted, orderKey, paneRows(box), 'top', interaction);
  const ages = visible.map((order) => (isOrderWorking(order) ? formatAge(nowMs - order.createdAt) : ''));
  const ttls = visible.map((order) => (isOrderWorking(order) ? orderTimeoutText(order, nowMs) : ''));
  const parents = visible.map((order) => (order.parentClientOrderId === undefined ? undefined : orders[order.parentClientOrderId]));
  const plan = useColumnPlan(
    ORDER_COLUMNS,
    visible.map((order, i) => orderCells(order, ages[i] ?? '', ttls[i] ?? '', parents[i])),
    paneColumns(box),
  );
  return (
    <Pane title={filterTitle(windowedTitle(`Orders (${open} open)`, visible.length, sorted.length), interaction)} box={box} focused={interaction.focused}>
      {visible.length === 0 ? <EmptyLine text={emptyText(interaction, 'no orders yet — try: buy 10 AAPL @ 187')} /> : null}
      {visible.map((order, i) => (
        <OrderRow
          key={order.clientOrderId}
          order={order}
          age={ages[i] ?? ''}
          ttl={ttls[i] ?? ''}
          parent={parents[i]}
          plan={plan}
          selectedWidth={i === selected ? paneColumns(box) : undefined}
        />
      ))}
    </Pane>
  );
});
