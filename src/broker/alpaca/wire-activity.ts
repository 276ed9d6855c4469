import { SIDES, type Side } from '../../domain/order-types.js';
import type { BrokerOrderStatus, FillActivity } from '../port.js';
import { decimal, oneOf, optionalDecimal, optionalText, text, time, wireObject } from './wire-fields.js';

/** One FILL of GET /v2/account/activities/FILL, as the emulator writes it. */
export interface AlpacaFillActivityJson {
  id: string;
  activity_type: 'FILL';
  transaction_time: string;
  type: 'fill' | 'partial_fill';
  price: string;
  qty: string;
  side: Side;
  symbol: string;
  leaves_qty: string;
  order_id: string;
  cum_qty: string;
  order_status: string;
  /** Not an Alpaca field (its stock fills carry no commission); written only when there is one, as on orders. */
  commission?: string;
}

/** A FILL activity → the port's FillActivity. Throws AlpacaWireError naming a bad field. */
export function toFillActivity(json: unknown): FillActivity {
  const obj = wireObject(json, 'Alpaca fill activity');
  const id = text(obj, 'id', 'Alpaca fill activity');
  const what = `Alpaca fill activity ${id}`;
  oneOf(obj, 'activity_type', ['FILL'], what);
  const type = oneOf(obj, 'type', ['fill', 'partial_fill'], what);
  const commission = optionalDecimal(obj, 'commission', what);
  return {
    id,
    orderId: text(obj, 'order_id', what),
    symbol: text(obj, 'symbol', what),
    side: oneOf(obj, 'side', SIDES, what),
    qty: decimal(obj, 'qty', what),
    price: decimal(obj, 'price', what),
    cumQty: decimal(obj, 'cum_qty', what),
    leavesQty: decimal(obj, 'leaves_qty', what),
    // Older answers lack the order's status; the fill's type says as much.
    orderStatus: (optionalText(obj, 'order_status', what) ?? (type === 'fill' ? 'filled' : 'partially_filled')) as BrokerOrderStatus,
    transactionTime: time(obj, 'transaction_time', what),
    ...(commission !== undefined && { commission }),
  };
}

export function fromFillActivity(activity: FillActivity): AlpacaFillActivityJson {
  return {
    id: activity.id,
    activity_type: 'FILL',
    transaction_time: activity.transactionTime,
    type: activity.orderStatus === 'filled' ? 'fill' : 'partial_fill',
    price: activity.price.toString(),
    qty: activity.qty.toString(),
    side: activity.side,
    symbol: activity.symbol,
    leaves_qty: activity.leavesQty.toString(),
    order_id: activity.orderId,
    cum_qty: activity.cumQty.toString(),
    order_status: activity.orderStatus,
    ...(activity.commission !== undefined && !activity.commission.isZero() && { commission: activity.commission.toString() }),
  };
}
