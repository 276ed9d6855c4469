import { adjustmentChange, type Adjustment } from '../domain/adjustment.js';
import { sourceOfClientOrderId } from '../domain/client-order-id.js';
import { applyExecution, FillPriceUnknownError, type Fill } from '../domain/fill.js';
import { InvalidTransitionError } from '../domain/errors.js';
import { applyOrderEvent, newOrder, type Order } from '../domain/order.js';
import { specOf } from '../domain/order-types.js';
import type { Portfolio, PortfolioChange } from '../domain/portfolio.js';
import type { Position } from '../domain/position.js';
import type { BrokerOrder } from '../broker/port.js';
import { ZERO, formatQty, type Decimal } from '../domain/decimal.js';
import type { Clock } from '../kernel/clock.js';
import { BooksOpening, type BroughtFill } from './books-opening.js';
import { fillText, orderLabel } from './describe-order.js';
import type { EventBus } from './event-bus.js';
import { OrderBook } from './order-book.js';
import { legRole, newLegOrder, type LegParent } from './order-legs.js';
import { PortfolioBook } from './portfolio-book.js';
import type { OrderNews } from './trade-update-mapper.js';
import type { TraderLog } from './trader-log.js';

/** What applying one piece of broker news did. */
export interface Applied {
  readonly order: Order;
  /** The fill booked, if the news carried a new execution. */
  readonly fill: Fill | undefined;
  /** The news repeated an execution already booked. */
  readonly duplicate: boolean;
}

/**
 * Changes the local view — the order book and the portfolio — and announces every change. Applies
 * broker news to it: executions first (booked once, from cumulative quantity, into the portfolio),
 * then the status event, each told in the trader's log. Callers serialize per symbol; this class
 * does no I/O.
 */
export class OrderTracker {
  readonly book: OrderBook;
  /** When the books opened, which tells the broker's orders that are theirs from those that are not. */
  readonly opening: BooksOpening;
  private readonly holdings: PortfolioBook;
  private seq: number;

  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: TraderLog,
    orders: readonly Order[],
    portfolio: Portfolio,
    nextSeq: number,
    openedAt: number | undefined,
  ) {
    this.book = new OrderBook(orders);
    this.opening = new BooksOpening(openedAt);
    this.holdings = new PortfolioBook(portfolio);
    this.seq = Math.max(nextSeq, this.book.highestSeq() + 1);
  }

  /** The whole portfolio as a value; built on demand, so hot paths read `position` and `cash` instead. */
  get portfolio(): Portfolio {
    return this.holdings.portfolio();
  }

  set portfolio(portfolio: Portfolio) {
    this.announce(this.holdings.replace(portfolio));
  }

  get cash(): Decimal {
    return this.holdings.cash;
  }

  position(symbol: string): Position | undefined {
    return this.holdings.position(symbol);
  }

  /** Symbols with a position, open or closed. */
  positionSymbols(): string[] {
    return this.holdings.symbols();
  }

  /**
   * Books a correction the broker's figures call for: the position or cash moves by the adjustment,
   * which is announced as an entry of its own so the books keep saying why.
   */
  adjust(adjustment: Adjustment): void {
    this.announce(this.holdings.apply(adjustmentChange(this.holdings.cash, this.holdings.position(adjustment.symbol ?? ''), adjustment)));
    this.bus.emit({ type: 'adjustment', adjustment });
  }

  private announce(change: PortfolioChange): void {
    this.bus.emit({ type: 'portfolio', change });
  }

  takeSeq(): number {
    return this.seq++;
  }

  put(order: Order): Order {
    this.book.put(order);
    this.bus.emit({ type: 'order', order });
    return order;
  }

  /** Moves an order by one local event (a request or a local rejection); impossible moves are refused. */
  transition(order: Order, event: Parameters<typeof applyOrderEvent>[1], reason?: string): Order {
    return this.put(applyOrderEvent(order, event, this.clock.now(), this.reasonText(reason)));
  }

  /**
   * Whether a broker order is no business of these books: unknown here, and finished before they
   * opened (its fills are in the opening balances).
   */
  isHistory(brokerOrder: BrokerOrder): boolean {
    const known = this.book.byClientOrderId(brokerOrder.clientOrderId) ?? this.book.byBrokerOrderId(brokerOrder.id);
    return known === undefined && this.opening.isHistory(brokerOrder);
  }

  /**
   * Local record for an order the broker knows but we did not place (or lost). Who placed it is read
   * from its client order id; a bracket or oto keeps its legs' prices, so its protection is looked
   * after like one placed here. One working when the books opened starts with what it had filled
   * by then, which the opening balances hold: only its later fills are booked.
   */
  adopt(brokerOrder: BrokerOrder): Order {
    const order = withBroughtFill(
      {
        ...newOrder(specOf(brokerOrder), brokerOrder.clientOrderId, this.takeSeq(), Date.parse(brokerOrder.createdAt), {
          source: sourceOfClientOrderId(brokerOrder.clientOrderId),
          orderClass: brokerOrder.orderClass,
        }),
        brokerOrderId: brokerOrder.id,
        ...legPrices(brokerOrder),
      },
      this.opening.brought(brokerOrder),
    );
    const brought = order.filledQty.isZero() ? '' : ` (${formatQty(order.filledQty)} filled before the books opened, brought forward)`;
    this.log.write('warn', `${orderLabel(order)} adopted: the broker has it but Blotter did not place it${brought}`);
    return this.put(order);
  }

  /** Local record for a leg nested in an order we know: a row of its own, linked to its parent. */
  adoptLeg(leg: BrokerOrder, parent: LegParent): Order {
    const order = this.put(withBroughtFill(newLegOrder(leg, parent, this.takeSeq(), this.clock.now()), this.opening.brought(leg)));
    const what = order.role === undefined ? 'leg' : order.role === 'take_profit' ? 'take-profit leg' : 'stop-loss leg';
    this.log.write('info', `${orderLabel(order)}: ${parent.orderClass} ${what} of ${orderLabel(parent.order)} (${order.status})`);
    return order;
  }

  /** Applies what the broker says about one order: executions first, then the status. */
  apply(order: Order, news: OrderNews, brokerOrder: BrokerOrder): Applied {
    let next: Order = order.brokerOrderId === undefined ? { ...order, brokerOrderId: brokerOrder.id } : order;
    let fill: Fill | undefined;
    let duplicate = false;
    if (news.execution !== undefined) {
      try {
        const outcome = applyExecution(next, news.execution);
        if (outcome.kind === 'applied') {
          next = outcome.order;
          fill = outcome.fill;
          this.announce(this.holdings.book(fill));
          this.bus.emit({ type: 'fill', fill });
          const how = fill.detectedBy === undefined || fill.detectedBy === 'stream' ? '' : ` (seen by ${fill.detectedBy.replace('_', ' ')})`;
          this.log.write('info', `${fillText(next, fill)}${how}`);
        } else {
          duplicate = outcome.kind === 'duplicate';
        }
      } catch (error) {
        if (!(error instanceof FillPriceUnknownError)) throw error;
        this.log.write('error', `${orderLabel(next)}: ${error.message}; fill not booked`);
      }
    }
    if (news.event !== undefined) {
      try {
        const before = next.status;
        next = applyOrderEvent(next, news.event, this.clock.now(), this.reasonText(brokerOrder.reason));
        if (next.status !== before) this.logStatus(next);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        this.log.write('debug', `${orderLabel(next)}: ignored broker event ${news.event} while ${next.status}`);
      }
    }
    return { order: next === order ? order : this.put(next), fill, duplicate };
  }

  private reasonText(reason: string | undefined): string | undefined {
    return reason === undefined ? undefined : this.log.bounded(reason);
  }

  private logStatus(order: Order): void {
    const because = order.reason === undefined ? '' : `: ${order.reason}`;
    if (order.status === 'canceled') this.log.write('info', `${orderLabel(order)} canceled${because}`);
    else if (order.status === 'expired') this.log.write('info', `${orderLabel(order)} expired${because}`);
    else if (order.status === 'rejected') this.log.write('error', `${orderLabel(order)} rejected${because}`);
    else if (order.status === 'replaced') this.log.write('info', `${orderLabel(order)} replaced`);
  }
}

/** An adopted order starting from what it had filled before the books opened, when it had. */
function withBroughtFill(order: Order, brought: BroughtFill | undefined): Order {
  if (brought === undefined || brought.filledQty.isZero()) return order;
  return {
    ...order,
    filledQty: brought.filledQty,
    ...(brought.filledAvgPrice !== undefined && { avgFillPrice: brought.filledAvgPrice }),
    commissionPaid: brought.commission ?? ZERO,
  };
}

/** The take-profit and stop-loss prices of a bracket or oto parent, read from its nested legs. */
function legPrices(brokerOrder: BrokerOrder): Pick<Order, 'takeProfit' | 'stopLoss'> {
  if (brokerOrder.orderClass !== 'bracket' && brokerOrder.orderClass !== 'oto') return {};
  const legs = brokerOrder.legs ?? [];
  const takeProfit = legs.find((leg) => legRole(leg.type) === 'take_profit')?.limitPrice;
  const stopLoss = legs.find((leg) => legRole(leg.type) === 'stop_loss')?.stopPrice;
  return { ...(takeProfit !== undefined && { takeProfit }), ...(stopLoss !== undefined && { stopLoss }) };
}
