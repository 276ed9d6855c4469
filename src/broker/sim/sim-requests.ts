import { withoutUndefined } from '../../kernel/without-undefined.js';
import type { Clock } from '../../kernel/clock.js';
import { ZERO } from '../../domain/decimal.js';
import { isWorking } from '../../domain/order-state.js';
import type { OrderClass, OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import type { BrokerOrder, ReplaceOrderRequest, SubmitOrderRequest } from '../port.js';
import type { CancelRace } from './fault-stats.js';
import type { SimIds } from './ids.js';
import type { MarketFeed } from './market-feed.js';
import type { OrderFlow } from './order-flow.js';
import { cancelTargets, familyOf } from './order-family.js';
import { invalid } from './refusal.js';
import { simStatus, type SimOrderBook } from './sim-orders.js';
import type { SimRisk } from './sim-risk.js';
import { isoTime } from './iso-time.js';
import { checkClientOrderId, validateSpec, validateSubmit, type SubmitContext } from './validation.js';
import { checkWashTrade } from './wash-trade.js';

/** Where the requests meet the fault injection. */
export interface SimRequestHooks {
  /** Asked for each cancel of an acknowledged order: whether, and how, a fill beats it. */
  cancelRace(): CancelRace | undefined;
  /** A submit or replace was refused because its client order id was already used. */
  refusedClientOrderId(clientOrderId: string): void;
}

/**
 * The order requests, answered the way Alpaca's REST API answers them: a bad request (422), a wash
 * trade, shares already held or too little buying power (403) is refused on the spot as a
 * BrokerError 'rejected' with its reason, and leaves no order behind; an accepted request returns
 * at once and its outcome follows on the trade-update stream.
 */
export class SimRequests {
  private readonly context: SubmitContext;

  constructor(
    private readonly clock: Clock,
    private readonly feed: MarketFeed,
    private readonly book: SimOrderBook,
    private readonly ids: SimIds,
    private readonly risk: SimRisk,
    private readonly flow: OrderFlow,
    private readonly hooks: SimRequestHooks,
  ) {
    this.context = {
      isKnownSymbol: (symbol) => this.feed.has(symbol),
      // Asked only to refuse a reused id, so every refusal is counted here.
      isClientOrderIdTaken: (clientOrderId) => {
        const taken = this.book.hasClientOrderId(clientOrderId);
        if (taken) this.hooks.refusedClientOrderId(clientOrderId);
        return taken;
      },
    };
  }

  /** A bracket, oco or oto comes with its legs, `held`, each its own order with an id and client order id the exchange makes. */
  submit(request: SubmitOrderRequest): BrokerOrder {
    const { orderClass, parent, legs } = validateSubmit(request, this.context);
    checkWashTrade(parent, orderClass, this.book);
    this.risk.checkOrder(parent, orderClass);
    const record = this.book.add(this.newOrder(parent, orderClass, request.clientOrderId));
    for (const leg of legs) this.book.add(this.newOrder(leg, orderClass), false, record.order.id);
    this.flow.accept(record);
    return this.book.report(record);
  }

  /**
   * Accepted means asked: the `canceled` update (or, if a fill wins, `order_cancel_rejected`) follows.
   * In a class order the cancel reaches the group the order stands for (cancelTargets).
   */
  cancel(orderId: string): void {
    const record = this.book.get(orderId);
    const acknowledged = record.order.status === 'new' || record.order.status === 'partially_filled';
    const race = acknowledged ? this.hooks.cancelRace() : undefined;
    if (race === 'fill_before_request') this.flow.fillBeforeCancel(record);
    const targets = cancelTargets(this.book, record);
    if (targets.length === 0) {
      throw new BrokerError('not_cancelable', `order is already in "${simStatus(record.order)}" state`, { status: 422 });
    }
    if (targets.some((target) => target.order.status === 'pending_replace')) {
      throw new BrokerError('rejected', 'order is being replaced and cannot be canceled until that completes', { status: 422 });
    }
    for (const target of targets) this.flow.requestCancel(target, target === record && race === 'fill_before_cancel');
  }

  /**
   * Alpaca's PATCH: a new order with a new id replaces a working one, which ends `replaced` when the
   * replacement takes effect. Unset fields carry over; the quantity defaults to what is left. An
   * oco is resized whole: its take-profit is replaced (also when the stop leg is named) and the
   * stop leg follows the replacement.
   */
  replace(orderId: string, request: ReplaceOrderRequest): BrokerOrder {
    const named = this.book.get(orderId);
    const original = named.order.orderClass === 'oco' ? (this.book.parentOf(named) ?? named) : named;
    const old = original.order;
    checkReplaceable(old, request);
    if (old.notional !== undefined) throw invalid('notional orders cannot be replaced');
    // As Alpaca: a fractional quantity cannot be changed by a replace, nor a whole one made fractional.
    if ([old.qty, request.qty].some((q) => q !== undefined && !q.isInteger())) throw invalid('fractional orders cannot be replaced');
    checkClientOrderId(request.clientOrderId, this.context);
    const trailing = old.type === 'trailing_stop';
    const spec: OrderSpec = {
      symbol: old.symbol,
      side: old.side,
      type: old.type,
      timeInForce: request.timeInForce ?? old.timeInForce,
      qty: request.qty ?? (old.qty ?? ZERO).minus(old.filledQty),
      limitPrice: request.limitPrice ?? old.limitPrice,
      // A trailing stop's stop price is the exchange's to move, not the trader's.
      stopPrice: trailing ? undefined : (request.stopPrice ?? old.stopPrice),
      trailPercent: request.trailPrice === undefined ? old.trailPercent : undefined,
      trailPrice: request.trailPrice ?? old.trailPrice,
    };
    validateSpec(spec);
    // What the original (and an oco's stop leg) holds passes to the replacement.
    const excluding = new Set(familyOf(this.book, original).map((record) => record.order.id));
    this.risk.checkOrder(spec, old.orderClass, excluding);
    const replacement = this.book.add({ ...this.newOrder(spec, old.orderClass, request.clientOrderId), replaces: old.id });
    this.flow.requestReplace(original, replacement);
    return this.book.report(replacement);
  }

  /** Without a client order id the order is a leg: held, with a client order id the exchange makes. */
  private newOrder(spec: OrderSpec, orderClass: OrderClass, clientOrderId?: string): BrokerOrder {
    const now = isoTime(this.clock.now());
    const id = this.ids.order();
    return withoutUndefined({
      id,
      clientOrderId: clientOrderId ?? this.legClientOrderId(id),
      orderClass,
      symbol: spec.symbol,
      side: spec.side,
      type: spec.type,
      timeInForce: spec.timeInForce,
      qty: spec.qty,
      notional: spec.notional,
      limitPrice: spec.limitPrice,
      stopPrice: spec.stopPrice,
      trailPercent: spec.trailPercent,
      trailPrice: spec.trailPrice,
      status: clientOrderId === undefined ? 'held' : 'pending_new',
      filledQty: ZERO,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    });
  }

  /** A leg's client order id is its own id, unless a client already chose that text for one of its orders. */
  private legClientOrderId(id: string): string {
    let candidate = id;
    for (let n = 1; this.book.hasClientOrderId(candidate); n++) candidate = `${id}-${n}`;
    return candidate;
  }
}

/** Only a working, acknowledged order is replaced; of the class orders, only an oco, and only its qty. */
function checkReplaceable(order: BrokerOrder, request: ReplaceOrderRequest): void {
  const { status, orderClass } = order;
  if (!isWorking(simStatus(order))) {
    throw new BrokerError('rejected', `order is already in "${status}" state`, { status: 422, reason: 'not_cancelable' });
  }
  if (status !== 'new' && status !== 'partially_filled') throw invalid(`order cannot be replaced while ${status}`);
  if (orderClass === 'bracket' || orderClass === 'oto') {
    throw invalid(`${orderClass} orders cannot be replaced (only an oco's qty can): cancel it and submit a new one`);
  }
  const { limitPrice, stopPrice, trailPrice, timeInForce, qty } = request;
  if (orderClass === 'oco' && (qty === undefined || [limitPrice, stopPrice, trailPrice, timeInForce].some((v) => v !== undefined))) {
    throw invalid('only the qty of an oco order can be replaced: send qty alone');
  }
}
