import { ZERO, maxDec, type Decimal } from '../domain/decimal.js';
import type { OrderClass, OrderSpec } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import { opposingOrders, rowList, sharesHeld } from './book-conflicts.js';
import { shares } from './refusal-figures.js';

/**
 * The risk gate's second half: refusals the broker is likely to make, foreseen from the core's own
 * book. They warn and do not refuse: the order is still sent, since the book may be behind the
 * broker (an order canceled a moment ago, a fill on its way), and the broker decides.
 */

/** What the book holds for the order's symbol. */
export interface BookView {
  /** The symbol's working orders (the new order itself not among them). */
  readonly working: readonly Order[];
  /** Any order by client order id, ended ones too: a leg's parent may have filled already. */
  readonly find: (clientOrderId: string) => Order | undefined;
  /** The position in the symbol, signed: negative is short. */
  readonly positionQty: Decimal;
}

/** One refusal foreseen, told twice: in full for the log, and in a few words for the line under the prompt. */
export interface PreTradeWarning {
  /** What is in the way and what would let the order through, e.g. `AAPL has an open sell #2: …`. */
  readonly text: string;
  /** The refusal and what causes it, e.g. `wash trade: open sell #2`. */
  readonly brief: string;
}

export function preTradeWarnings(order: OrderSpec & { readonly orderClass: OrderClass }, book: BookView): PreTradeWarning[] {
  return [washTradeWarning(order, book), heldSharesWarning(order, book)].filter((w): w is PreTradeWarning => w !== undefined);
}

/**
 * A plain order against an open order on the other side of the symbol: Alpaca refuses it as a
 * possible wash trade. Bracket, oco and oto orders and trailing stops are exempt.
 */
function washTradeWarning(order: OrderSpec & { readonly orderClass: OrderClass }, book: BookView): PreTradeWarning | undefined {
  if (order.orderClass !== 'simple' || order.type === 'trailing_stop') return undefined;
  const opposing = opposingOrders(order.side, order.symbol, book.working);
  if (opposing.length === 0) return undefined;
  const one = opposing.length === 1;
  const other = order.side === 'buy' ? 'sell' : 'buy';
  return {
    text:
      `${order.symbol} has ${one ? `an open ${other}` : `open ${other}s`} ${rowList(opposing)}: the broker refuses this as a possible ` +
      `wash trade unless ${one ? rowList(opposing) : 'they'} ${one ? 'is' : 'are'} canceled first`,
    brief: `wash trade: open ${other}${one ? '' : 's'} ${rowList(opposing)}`,
  };
}

/**
 * A sale of more long shares than the open sells leave free, or a cover of more of a short than the
 * open buys leave: Alpaca refuses it as insufficient qty. It also refuses going from long to short
 * (or short to long) in one order, which is the same sum with nothing held.
 */
function heldSharesWarning(order: OrderSpec, book: BookView): PreTradeWarning | undefined {
  const { qty } = order;
  const closing = order.side === 'sell' ? book.positionQty.gt(0) : book.positionQty.lt(0);
  if (qty === undefined || !closing) return undefined;
  const position = book.positionQty.abs();
  const held = sharesHeld(order.side, order.symbol, book.working, book.find);
  const available = maxDec(ZERO, position.minus(held.qty));
  if (qty.lte(available)) return undefined;
  const what = `${order.side} ${shares(qty)} ${order.symbol}`;
  const [side, other] = order.side === 'sell' ? ['long', 'short'] : ['short', 'long'];
  if (held.qty.isZero()) {
    return {
      text:
        `${what} is more than the ${shares(position)} ${side}: the broker refuses going from ${side} to ${other} in one order — ` +
        `send ${shares(position)}, then the rest`,
      brief: `insufficient qty: only ${shares(position)} ${side}`,
    };
  }
  return {
    text:
      `${what} is more than the ${shares(available)} available: open ${order.side}s ${rowList(held.by)} hold ${shares(held.qty)} of the ` +
      `${shares(position)} ${side} — the broker refuses it as insufficient qty unless they are canceled or resized first`,
    brief: `insufficient qty: ${shares(available)} available, ${rowList(held.by)} ${held.by.length === 1 ? 'holds' : 'hold'} ${shares(held.qty)}`,
  };
}
