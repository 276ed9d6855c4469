import type { Order } from '../domain/order.js';
import { BrokerError, type RejectReason } from '../broker/errors.js';
import { opposingOrders, rowList, sharesHeld } from './book-conflicts.js';
import type { OrderBook } from './order-book.js';

/** An error as one line for the trader's log. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The part of the core's book a refusal's advice is read from. */
export type RefusalBook = Pick<OrderBook, 'working' | 'byClientOrderId'>;

/**
 * Why the broker refused `order`, and what to do about it, read by the refusal's reason: the
 * broker's own words where they carry figures, then the way out, named from the core's book (which
 * open order is in the way). Anything that is not a typed refusal is shown as it came.
 */
export function refusalText(error: unknown, order: Order, book: RefusalBook): string {
  if (!(error instanceof BrokerError) || error.kind !== 'rejected') return errorText(error);
  return ADVICE[error.reason ?? 'invalid_order'](error.message, order, book, error);
}

type Advice = (said: string, order: Order, book: RefusalBook, error: BrokerError) => string;

const ADVICE: Readonly<Record<RejectReason, Advice>> = {
  insufficient_qty: (said, order, book, error) => {
    const { by } = sharesHeld(order.side, order.symbol, othersThan(order, book), (id) => book.byClientOrderId(id));
    const way = by.length === 0 ? `${order.side} at most what the position holds` : `cancel or resize ${rowList(by)} first`;
    const figures = error.quantity;
    // The figures first: a narrow answer line still shows how many can go.
    if (figures === undefined) return `${said} — ${way}`;
    const action = order.side === 'sell' ? 'sell' : 'buy to cover';
    return `only ${figures.available.toString()} ${order.symbol} available to ${action} (${figures.requested.toString()} asked) — ${way}`;
  },
  wash_trade: (_said, order, book) => {
    const opposing = opposingOrders(order.side, order.symbol, othersThan(order, book));
    const other = order.side === 'buy' ? 'sell' : 'buy';
    const which =
      opposing.length === 0
        ? `the broker has an open ${other} order on ${order.symbol} — cancel it first`
        : opposing.length === 1
          ? `${order.symbol} has an open ${other} order ${rowList(opposing)} — cancel it first`
          : `${order.symbol} has open ${other} orders ${rowList(opposing)} — cancel them first`;
    return `potential wash trade: ${which}, or send this as a bracket/oco`;
  },
  insufficient_buying_power: (said) => `${said} — send a smaller order, or cancel open orders that hold buying power`,
  duplicate_client_order_id: (_said, order) =>
    `the broker already has an order with client order id ${order.clientOrderId}: it was sent before — nothing new was sent; ` +
    'it shows in the orders pane once the broker reports it',
  unknown_symbol: (_said, order) => `unknown symbol ${order.symbol} at the broker — check the ticker`,
  not_tradable: (said, order) =>
    `${order.symbol} can't be traded at the broker now (${said}) — try again when it trades, or pick another symbol`,
  market_closed: (said) => `the market is closed (${said}) — wait for the open, or send a day or gtc limit order to rest until then`,
  not_cancelable: (_said, order) => `#${order.seq} has already filled or ended at the broker, so it can no longer be changed`,
  invalid_order: (said) => said,
};

function othersThan(order: Order, book: RefusalBook): Order[] {
  return book.working(order.symbol).filter((o) => o.clientOrderId !== order.clientOrderId);
}
