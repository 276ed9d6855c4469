import { memo, useMemo } from 'react';
import { isOrderWorking, type Order } from '../src/domain/order.js';
import { ordersForDisplay, workingOrderCount } from '../store/selectors.js';
import { orderCells, ORDER_COLUMNS } from './cells.js';
import { layoutRow, type PlannedColumn } from './columns.js';
import { useConsole } from './console-context.js';
import { formatAge, windowedTitle } from './format.js';
import { paneColumns, paneRows, type PaneBox } from './layout.js';
import { Line } from './Line.js';
import { EmptyLine, Pane } from './Pane.js';
import { useColumnPlan } from './use-column-plan.js';
import { useNow } from './use-now.js';

const AGE_TICK_MS = 1000;

interface OrderRowProps {
  readonly order: Order;
  /** Empty for finished orders, so their rows never re-render on the clock. */
  readonly age: string;
  readonly plan: readonly PlannedColumn[];
}

const OrderRow = memo(function OrderRow({ order, age, plan }: OrderRowProps) {
  return <Line segments={layoutRow(plan, orderCells(order, age))} />;
});

export interface OrdersPaneProps {
  readonly box: PaneBox;
  readonly now: () => number;
}

export const OrdersPane = memo(function OrdersPane({ box, now }: OrdersPaneProps) {
  const orders = useConsole((s) => s.orders);
  const sorted = useMemo(() => ordersForDisplay(orders), [orders]);
  const open = useMemo(() => workingOrderCount(orders), [orders]);
  const nowMs = useNow(now, open > 0 ? AGE_TICK_MS : undefined);
  const visible = sorted.slice(0, paneRows(box));
  const ages = visible.map((order) => (isOrderWorking(order) ? formatAge(nowMs - order.createdAt) : ''));
  const plan = useColumnPlan(
    ORDER_COLUMNS,
    visible.map((order, i) => orderCells(order, ages[i] ?? '')),
    paneColumns(box),
  );
  return (
    <Pane title={windowedTitle(`Orders (${open} open)`, visible.length, sorted.length)} box={box}>
      {visible.length === 0 ? <EmptyLine text="no orders yet — try: buy 10 AAPL @ 187" /> : null}
      {visible.map((order, i) => (
        <OrderRow key={order.clientOrderId} order={order} age={ages[i] ?? ''} plan={plan} />
      ))}
    </Pane>
  );
});
