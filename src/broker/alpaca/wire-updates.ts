import type { TradeUpdate, TradeUpdateEvent } from '../port.js';
import { fromBrokerOrder, toBrokerOrder, type AlpacaOrderJson } from './wire-order.js';
import { AlpacaWireError, optionalDecimal, optionalText, optionalTime, text, toWire, wireObject, type WireDecimal } from './wire-fields.js';

/** A `trade_updates` message as Alpaca sends it (text or binary frame, same JSON). */
export interface AlpacaTradeUpdateMessage {
  stream: 'trade_updates';
  data: {
    event: string;
    order: AlpacaOrderJson;
    timestamp: string;
    execution_id?: string;
    price?: WireDecimal;
    qty?: WireDecimal;
    position_qty?: WireDecimal;
    commission?: string;
  };
}

/**
 * What one message says. Alpaca sends events its own docs do not list (`accepted`, `pending_review`,
 * `trade_bust`, …); those come back as `unknown` with the order when it reads, so the adapter can log
 * them and carry on instead of dropping the stream.
 */
export type ReadTradeUpdate =
  | { readonly kind: 'update'; readonly update: TradeUpdate }
  | { readonly kind: 'unknown'; readonly event: string; readonly orderId: string | undefined };

/** Every event the port knows; a Record so a new one in the port fails to compile until listed here. */
const KNOWN_EVENTS: Readonly<Record<TradeUpdateEvent, true>> = {
  new: true,
  held: true,
  pending_new: true,
  partial_fill: true,
  fill: true,
  canceled: true,
  expired: true,
  done_for_day: true,
  replaced: true,
  rejected: true,
  pending_cancel: true,
  pending_replace: true,
  order_cancel_rejected: true,
  order_replace_rejected: true,
  stopped: true,
  suspended: true,
  calculated: true,
};

function isKnownEvent(event: string): event is TradeUpdateEvent {
  return Object.hasOwn(KNOWN_EVENTS, event);
}

/**
 * Reads a whole stream message (`{stream, data}`) or just its `data`: the SDK hands its listeners
 * the data alone, with the raw snake_case keys kept beside its camelCase ones.
 */
export function toTradeUpdate(message: unknown): ReadTradeUpdate {
  const outer = wireObject(message, 'trade update');
  if (outer.stream !== undefined && outer.stream !== 'trade_updates') {
    throw new AlpacaWireError(`trade update: "stream" is ${JSON.stringify(outer.stream)}, expected "trade_updates"`);
  }
  const data = wireObject(outer.stream === undefined ? outer : outer.data, 'trade update data');
  const event = text(data, 'event', 'trade update');
  if (!isKnownEvent(event)) {
    const order = typeof data.order === 'object' && data.order !== null ? (data.order as Record<string, unknown>) : undefined;
    return { kind: 'unknown', event, orderId: typeof order?.id === 'string' ? order.id : undefined };
  }
  const what = `trade update ${event}`;
  const order = toBrokerOrder(data.order);
  // Alpaca-java saw `id` where `execution_id` was expected (alpaca-behaviours.md §2.1).
  const executionId = optionalText(data, 'execution_id', what) ?? optionalText(data, 'id', what);
  const price = optionalDecimal(data, 'price', what);
  const qty = optionalDecimal(data, 'qty', what);
  const positionQty = optionalDecimal(data, 'position_qty', what);
  const commission = optionalDecimal(data, 'commission', what);
  return {
    kind: 'update',
    update: {
      event,
      order,
      // Only some events are documented with a timestamp; the order's last change is the best stand-in.
      timestamp: optionalTime(data, 'timestamp', what) ?? order.updatedAt,
      ...(executionId !== undefined && { executionId }),
      ...(price !== undefined && { price }),
      ...(qty !== undefined && { qty }),
      ...(positionQty !== undefined && { positionQty }),
      ...(commission !== undefined && { commission }),
    },
  };
}

/** TradeUpdate → the message the emulator sends; per-execution fields only where the update has them. */
export function fromTradeUpdate(update: TradeUpdate): AlpacaTradeUpdateMessage {
  return {
    stream: 'trade_updates',
    data: {
      event: update.event,
      order: fromBrokerOrder(update.order),
      timestamp: update.timestamp,
      ...(update.executionId !== undefined && { execution_id: update.executionId }),
      ...(update.price !== undefined && { price: toWire(update.price) }),
      ...(update.qty !== undefined && { qty: toWire(update.qty) }),
      ...(update.positionQty !== undefined && { position_qty: toWire(update.positionQty) }),
      ...(update.commission !== undefined && { commission: update.commission.toString() }),
    },
  };
}
