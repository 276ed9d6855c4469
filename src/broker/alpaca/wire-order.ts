import { withoutUndefined } from '../../kernel/without-undefined.js';
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE, type OrderType, type Side, type TimeInForce } from '../../domain/order-types.js';
import { ORDER_CLASSES, type BrokerOrder, type BrokerOrderStatus } from '../port.js';
import {
  AlpacaWireError,
  decimal,
  oneOf,
  optionalDecimal,
  optionalText,
  optionalTime,
  text,
  time,
  toWire,
  wireObject,
  type WireDecimal,
  type WireObject,
} from './wire-fields.js';

/** Alpaca's order object (GET/POST /v2/orders, `order` of a trade update), as the emulator writes it. */
export interface AlpacaOrderJson {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  expired_at: string | null;
  canceled_at: string | null;
  failed_at: string | null;
  replaced_at: string | null;
  replaced_by: string | null;
  replaces: string | null;
  symbol: string;
  notional: WireDecimal;
  qty: WireDecimal;
  filled_qty: string;
  filled_avg_price: WireDecimal;
  order_class: string;
  /** Deprecated twin of `type`, still sent by Alpaca and read by older clients. */
  order_type: OrderType;
  type: OrderType;
  side: Side;
  time_in_force: TimeInForce;
  limit_price: WireDecimal;
  stop_price: WireDecimal;
  status: string;
  legs: AlpacaOrderJson[] | null;
  trail_percent: WireDecimal;
  trail_price: WireDecimal;
  hwm: WireDecimal;
  /** Not in Alpaca's stock orders; written only when the order carries one, so the emulator can charge it. */
  commission?: string;
  /** Not an Alpaca field either; the SDK keeps unknown keys, so the emulator can say why it refused. */
  reason?: string;
}

/** Alpaca's order object → the port's BrokerOrder. Throws AlpacaWireError naming a bad field. */
export function toBrokerOrder(json: unknown): BrokerOrder {
  return readOrder(json, 'Alpaca order', true);
}

function readOrder(json: unknown, label: string, mayHaveLegs: boolean): BrokerOrder {
  const obj = wireObject(json, label);
  const id = text(obj, 'id', label);
  const what = `${label} ${id}`;
  const legs = readLegs(obj, what, mayHaveLegs);
  return withoutUndefined<BrokerOrder>({
    id,
    clientOrderId: text(obj, 'client_order_id', what),
    symbol: text(obj, 'symbol', what),
    side: oneOf(obj, 'side', SIDES, what),
    type: oneOf(obj, obj.type === undefined || obj.type === null ? 'order_type' : 'type', ORDER_TYPES, what),
    timeInForce: oneOf(obj, 'time_in_force', TIMES_IN_FORCE, what),
    orderClass: readOrderClass(obj, what),
    // The port's union lists the statuses known today; a newer one is passed on as Alpaca spelled it.
    status: text(obj, 'status', what) as BrokerOrderStatus,
    filledQty: decimal(obj, 'filled_qty', what),
    createdAt: time(obj, 'created_at', what),
    updatedAt: time(obj, 'updated_at', what),
    submittedAt: time(obj, 'submitted_at', what),
    qty: optionalDecimal(obj, 'qty', what),
    notional: optionalDecimal(obj, 'notional', what),
    limitPrice: optionalDecimal(obj, 'limit_price', what),
    stopPrice: optionalDecimal(obj, 'stop_price', what),
    trailPercent: optionalDecimal(obj, 'trail_percent', what),
    trailPrice: optionalDecimal(obj, 'trail_price', what),
    hwm: optionalDecimal(obj, 'hwm', what),
    filledAvgPrice: optionalDecimal(obj, 'filled_avg_price', what),
    commission: optionalDecimal(obj, 'commission', what),
    filledAt: optionalTime(obj, 'filled_at', what),
    canceledAt: optionalTime(obj, 'canceled_at', what),
    expiredAt: optionalTime(obj, 'expired_at', what),
    failedAt: optionalTime(obj, 'failed_at', what),
    replacedAt: optionalTime(obj, 'replaced_at', what),
    replacedBy: optionalText(obj, 'replaced_by', what),
    replaces: optionalText(obj, 'replaces', what),
    reason: optionalText(obj, 'reason', what),
    legs,
  });
}

/** Real frames carry `order_class: ""` for plain orders, and older ones none at all. */
function readOrderClass(obj: WireObject, what: string): BrokerOrder['orderClass'] {
  const value = optionalText(obj, 'order_class', what);
  if (value === undefined) return 'simple';
  const known = ORDER_CLASSES.find((orderClass) => orderClass === value);
  if (known === undefined) throw new AlpacaWireError(`${what}: "order_class" is "${value}", expected one of ${ORDER_CLASSES.join(', ')}`);
  return known;
}

/** Legs come nested one level deep (`nested=true`); a leg with legs of its own is not a shape Alpaca sends. */
function readLegs(obj: WireObject, what: string, mayHaveLegs: boolean): BrokerOrder[] | undefined {
  const raw = obj.legs;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new AlpacaWireError(`${what}: "legs" should be an array or null`);
  if (raw.length === 0) return undefined;
  if (!mayHaveLegs) throw new AlpacaWireError(`${what}: a leg should not have legs of its own`);
  return raw.map((leg: unknown, index) => readOrder(leg, `${what} leg ${index + 1}`, false));
}

/** BrokerOrder → Alpaca's order object: decimals as strings, absent fields as null, both type spellings. */
export function fromBrokerOrder(order: BrokerOrder): AlpacaOrderJson {
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    submitted_at: order.submittedAt,
    filled_at: order.filledAt ?? null,
    expired_at: order.expiredAt ?? null,
    canceled_at: order.canceledAt ?? null,
    failed_at: order.failedAt ?? null,
    replaced_at: order.replacedAt ?? null,
    replaced_by: order.replacedBy ?? null,
    replaces: order.replaces ?? null,
    symbol: order.symbol,
    notional: toWire(order.notional),
    qty: toWire(order.qty),
    filled_qty: order.filledQty.toString(),
    filled_avg_price: toWire(order.filledAvgPrice),
    order_class: order.orderClass,
    order_type: order.type,
    type: order.type,
    side: order.side,
    time_in_force: order.timeInForce,
    limit_price: toWire(order.limitPrice),
    stop_price: toWire(order.stopPrice),
    status: order.status,
    legs: order.legs === undefined ? null : order.legs.map(fromBrokerOrder),
    trail_percent: toWire(order.trailPercent),
    trail_price: toWire(order.trailPrice),
    hwm: toWire(order.hwm),
    ...(order.commission !== undefined && { commission: order.commission.toString() }),
    ...(order.reason !== undefined && { reason: order.reason }),
  };
}
