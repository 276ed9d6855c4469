import type { Clock } from '../../kernel/clock.js';
import { ZERO, dec, minDec, sumDec, type Decimal } from '../../domain/decimal.js';
import { transition, type OrderEvent } from '../../domain/order-state.js';
import type { BrokerOrder, TradeUpdate, TradeUpdateEvent } from '../port.js';
import type { SimQuote as Quote } from './market-feed.js';
import type { CommissionModel } from '../../domain/costs/commission.js';
import type { SimIds } from './ids.js';
import { displayedSize, type MarketFeed } from './market-feed.js';
import { LegFlow } from './legs.js';
import { capAtLimit, executablePrice, notionalQty, trackTrigger } from './matching.js';
import { isLiveLeg, isRoutable } from './order-family.js';
import type { SimLedger } from './sim-ledger.js';
import { isOpen, remainingQty, simStatus, type SimOrderBook, type SimOrderRecord } from './sim-orders.js';
import type { SlippageModel } from '../../domain/costs/slippage.js';
import { isoTime } from './iso-time.js';
import type { SimTimers } from './timers.js';

export interface OrderFlowDeps {
  readonly clock: Clock;
  readonly timers: SimTimers;
  readonly feed: MarketFeed;
  readonly book: SimOrderBook;
  readonly ledger: SimLedger;
  readonly ids: SimIds;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  readonly ackLatencyMs: number;
  readonly fillLatencyMs: number;
  readonly emit: (update: TradeUpdate) => void;
}

interface Execution {
  readonly qty: Decimal;
  readonly price: Decimal;
}

/** How close (as a fraction of the price) the market must be for a resting limit to race a cancel. */
const RACE_REACH = dec('0.005');

/**
 * An order's life at the exchange, on the clock. Acknowledgements, cancels and replacements land
 * one ack latency after the request; an order the exchange finds marketable (on its
 * acknowledgement or on a new quote) is executed one fill latency later, against the quote of
 * that moment. A cancel does not withdraw an execution already under way, so a fill can beat it:
 * the cancel then lands on a filled order and is answered `order_cancel_rejected`. Injected cancel
 * races make a fill win on purpose (fillBeforeCancel).
 * Status moves go through the domain's transition table, so the exchange never tells a story the
 * local view cannot follow. The legs of class orders react to their parent and sibling (LegFlow).
 */
export class OrderFlow {
  /** Pending executions by order id. */
  private readonly executions = new Map<string, () => void>();
  private readonly legs: LegFlow;

  constructor(private readonly deps: OrderFlowDeps) {
    this.legs = new LegFlow({
      book: deps.book,
      acknowledge: (record) => this.acknowledge(record),
      watch: (record) => {
        this.track(record);
        this.route(record);
      },
      cancel: (record) => this.cancel(record),
      emit: (event, record) => this.emit(event, record),
      now: () => this.now(),
    });
  }

  accept(record: SimOrderRecord): void {
    this.deps.timers.after(this.deps.ackLatencyMs, () => this.acknowledgeNew(record));
  }

  /** `raced`: a fill of all that is left lands just before the cancel does. */
  requestCancel(record: SimOrderRecord, raced = false): void {
    if (record.order.status === 'pending_cancel') return;
    this.move(record, 'cancel_requested');
    this.deps.timers.after(this.deps.ackLatencyMs, () => {
      if (raced) this.fillBeforeCancel(record);
      this.landCancel(record);
    });
  }

  /**
   * A cancel loses the race: all that is left of the order trades now, at the quote if it can,
   * else at its own limit or stop price, as if someone traded with it between two quotes.
   */
  fillBeforeCancel(record: SimOrderRecord): void {
    if (!isOpen(record.order)) return;
    const execution = this.racedExecution(record);
    if (execution === undefined) return;
    this.stopExecution(record);
    this.bookExecution(record, execution);
  }

  requestReplace(original: SimOrderRecord, replacement: SimOrderRecord): void {
    this.move(original, 'replace_requested');
    this.deps.timers.after(this.deps.ackLatencyMs, () => this.landReplace(original, replacement));
  }

  /** A symbol's quote changed: stops follow it, and orders it makes marketable are executed. */
  onQuote(symbol: string): void {
    for (const record of this.deps.book.working(symbol)) {
      if (record.order.status === 'pending_new') continue;
      if (record.order.status === 'held' && !isLiveLeg(this.deps.book, record)) continue;
      this.track(record);
      this.route(record);
    }
  }

  /**
   * The end of the trading day: day orders still working expire, legs with their parent, before
   * any of them is followed up (a leg that expires anyway is not first set live or canceled).
   */
  expireDayOrders(): void {
    const expiring = this.deps.book.working().filter((record) => record.order.timeInForce === 'day');
    for (const record of expiring) {
      this.stopExecution(record);
      this.move(record, 'expired', { expiredAt: this.now() });
      this.emit('expired', record);
    }
    for (const record of expiring) this.legs.ended(record);
  }

  /** After a restore, the requests that were in flight land again and working orders are routed. */
  resume(): void {
    const { book, timers, ackLatencyMs } = this.deps;
    for (const record of book.working()) {
      const replaces = record.order.replaces === undefined ? undefined : book.find(record.order.replaces);
      if (record.order.status === 'pending_new' && replaces !== undefined) {
        timers.after(ackLatencyMs, () => this.landReplace(replaces, record));
      } else if (record.order.status === 'pending_new') {
        timers.after(ackLatencyMs, () => this.acknowledgeNew(record));
      } else if (record.order.status === 'pending_cancel') {
        timers.after(ackLatencyMs, () => this.landCancel(record));
      } else {
        this.route(record);
      }
    }
  }

  private acknowledge(record: SimOrderRecord): void {
    if (!isOpen(record.order)) return;
    this.move(record, 'accepted');
    this.track(record);
    this.emit('new', record);
    this.route(record);
  }

  /** A submitted order's acknowledgement, which also announces the legs made with it. */
  private acknowledgeNew(record: SimOrderRecord): void {
    if (!isOpen(record.order)) return;
    this.acknowledge(record);
    this.legs.announce(record);
  }

  private landCancel(record: SimOrderRecord): void {
    if (isOpen(record.order)) this.cancel(record);
    else if (record.order.status !== 'canceled') this.emit('order_cancel_rejected', record);
  }

  /**
   * As Alpaca: the replacement takes effect unless the original finished first (typically filled),
   * in which case the replacement is rejected.
   */
  private landReplace(original: SimOrderRecord, replacement: SimOrderRecord): void {
    if (isOpen(original.order)) {
      this.stopExecution(original);
      this.move(original, 'replaced', { replacedAt: this.now(), replacedBy: replacement.order.id });
      this.emit('replaced', original);
      this.legs.replaced(original, replacement);
      this.acknowledge(replacement);
      this.legs.follow(replacement);
      return;
    }
    this.emit('order_replace_rejected', original);
    if (!isOpen(replacement.order)) return;
    const reason = `the order it replaces is already ${original.order.status}`;
    if (replacement.order.status === 'pending_cancel') {
      this.cancel(replacement, reason);
      return;
    }
    this.move(replacement, 'rejected', { failedAt: this.now(), reason });
    this.emit('rejected', replacement);
  }

  /** Only orders the exchange has acknowledged and that nobody is withdrawing are routed. */
  private route(record: SimOrderRecord): void {
    const { order } = record;
    if (this.executions.has(order.id)) return;
    if (!isRoutable(this.deps.book, record)) return;
    const immediate = order.timeInForce === 'ioc' || order.timeInForce === 'fok';
    if (!immediate && executablePrice(order, record.triggered, this.quote(order.symbol)) === undefined) return;
    const stop = this.deps.timers.after(this.deps.fillLatencyMs, () => {
      this.executions.delete(order.id);
      this.execute(record);
    });
    this.executions.set(order.id, stop);
  }

  private execute(record: SimOrderRecord): void {
    if (!isOpen(record.order)) return;
    const { order } = record;
    const execution = this.execution(record);
    if (order.timeInForce === 'fok' && (execution === undefined || !execution.qty.eq(remainingQty(order)))) {
      this.cancel(record, 'fok order could not be filled in full');
      return;
    }
    if (execution !== undefined) this.bookExecution(record, execution);
    if (order.timeInForce === 'ioc' && isOpen(record.order)) this.cancel(record, 'ioc order remainder canceled');
  }

  /** What the order can trade now: the displayed size left at its side, at the quote plus slippage. */
  private execution(record: SimOrderRecord): Execution | undefined {
    const { order } = record;
    const quote = this.quote(order.symbol);
    const quoted = executablePrice(order, record.triggered, quote);
    if (quoted === undefined) return undefined;
    const displayed = displayedSize(quote, order.side);
    const slipped = (qty: Decimal): Decimal =>
      capAtLimit(order, this.deps.slippage.price({ side: order.side, price: quoted, qty, displayedSize: displayed }));
    if (order.qty === undefined) {
      // Dollar orders are filled whole by the broker, whatever the displayed size.
      const notional = order.notional ?? ZERO;
      const price = slipped(notionalQty(notional, quoted));
      const qty = notionalQty(notional, price);
      return qty.gt(0) ? { qty, price } : undefined;
    }
    const qty = minDec(remainingQty(order), this.deps.feed.available(order.symbol, order.side));
    return qty.gt(0) ? { qty, price: slipped(qty) } : undefined;
  }

  /**
   * What a racing fill trades at: the quote when the order is marketable, or its limit when the
   * market is within a hair of it (the kind of touch that happens between two quotes). An order
   * far from the market never races: that would invent a price nobody traded at.
   */
  private racedExecution(record: SimOrderRecord): Execution | undefined {
    const { order } = record;
    const quote = this.quote(order.symbol);
    const touch = order.side === 'buy' ? quote.ask : quote.bid;
    const limit = order.limitPrice;
    const armed = order.type === 'limit' || record.triggered;
    const nearLimit = limit !== undefined && armed && touch.minus(limit).abs().lte(touch.times(RACE_REACH));
    const price = executablePrice(order, record.triggered, quote) ?? (nearLimit ? limit : undefined);
    if (price === undefined) return undefined;
    const qty = order.qty === undefined ? notionalQty(order.notional ?? ZERO, price) : remainingQty(order);
    return qty.gt(0) && price.gt(0) ? { qty, price } : undefined;
  }

  private bookExecution(record: SimOrderRecord, { qty, price }: Execution): void {
    const { order } = record;
    const { ledger, ids } = this.deps;
    const prior = ledger.orderFills(order.id);
    const commission = this.deps.commission.commission({
      side: order.side,
      qty,
      price,
      priorQty: order.filledQty,
      priorCommission: sumDec(prior.map((f) => f.commission)),
    });
    const at = this.now();
    const executionId = ids.execution();
    const positionQty = ledger.book({
      executionId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      commission,
      at,
    });
    this.deps.feed.consume(order.symbol, order.side, qty);
    const fills = ledger.orderFills(order.id);
    const filledQty = sumDec(fills.map((f) => f.qty));
    const filledAvgPrice = sumDec(fills.map((f) => f.qty.times(f.price))).div(filledQty);
    // The order's running total, so a client that missed this execution's update can still tell
    // from the order what it was charged.
    const totals = { filledQty, filledAvgPrice, commission: sumDec(fills.map((f) => f.commission)) };
    const complete = order.qty === undefined || filledQty.gte(order.qty);
    const event = complete ? 'fill' : 'partial_fill';
    this.move(record, event, complete ? { ...totals, filledAt: at } : totals);
    this.emit(event, record, { executionId, price, qty, positionQty, commission });
    this.legs.executed(record);
  }

  private cancel(record: SimOrderRecord, reason?: string): void {
    this.stopExecution(record);
    this.move(record, 'canceled', reason === undefined ? { canceledAt: this.now() } : { canceledAt: this.now(), reason });
    this.emit('canceled', record);
    this.legs.ended(record);
  }

  private stopExecution(record: SimOrderRecord): void {
    this.executions.get(record.order.id)?.();
    this.executions.delete(record.order.id);
  }

  /** Stops and trailing stops follow the last price; the trigger, once hit, stays hit. */
  private track(record: SimOrderRecord): void {
    const { order } = record;
    if (order.type !== 'stop' && order.type !== 'stop_limit' && order.type !== 'trailing_stop') return;
    const state = trackTrigger(order, record.triggered, this.quote(order.symbol));
    if (!sameDecimal(state.hwm, order.hwm) || !sameDecimal(state.stopPrice, order.stopPrice)) {
      this.deps.book.set(record, { ...order, hwm: state.hwm, stopPrice: state.stopPrice, updatedAt: this.now() }, state.triggered);
    } else if (state.triggered !== record.triggered) {
      this.deps.book.set(record, order, state.triggered);
    }
  }

  private move(record: SimOrderRecord, event: OrderEvent, changes: Partial<BrokerOrder> = {}): void {
    const { status } = transition(simStatus(record.order), event);
    this.deps.book.set(record, { ...record.order, ...changes, status, updatedAt: this.now() });
  }

  private emit(event: TradeUpdateEvent, record: SimOrderRecord, execution: Partial<TradeUpdate> = {}): void {
    this.deps.emit({ event, order: this.deps.book.report(record), timestamp: this.now(), ...execution });
  }

  private quote(symbol: string): Quote {
    const quote = this.deps.feed.quote(symbol);
    if (quote === undefined) throw new Error(`no quote for ${symbol}`);
    return quote;
  }

  private now(): string {
    return isoTime(this.deps.clock.now());
  }
}

function sameDecimal(a: Decimal | undefined, b: Decimal | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.eq(b);
}
