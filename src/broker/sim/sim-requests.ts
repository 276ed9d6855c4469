import type { Clock } from '../../core/clock.js';
import { ZERO } from '../../domain/decimal.js';
import { isWorking } from '../../domain/order-state.js';
import type { OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import type { BrokerOrder, ReplaceOrderRequest, SubmitOrderRequest } from '../port.js';
import type { CancelRace } from './fault-stats.js';
import type { SimIds } from './ids.js';
import type { MarketFeed } from './market-feed.js';
import type { OrderFlow } from './order-flow.js';
import { simStatus, type SimOrderBook } from './sim-orders.js';
import type { SimRisk } from './sim-risk.js';
import { isoTime } from './ticks.js';
import { checkClientOrderId, validateSpec, validateSubmit, type SubmitContext } from './validation.js';

/** Where the requests meet the fault injection. */
export interface SimRequestHooks {
  /** Asked for each cancel of an acknowledged order: whether, and how, a fill beats it. */
  cancelRace(): CancelRace | undefined;
  /** A submit or replace was refused because its client order id was already used. */
  refusedClientOrderId(clientOrderId: string): void;
}

/**
 * The order requests, answered the way Alpaca's REST API answers them: a bad request or too little
 * buying power is refused on the spot (BrokerError 'rejected', 422 / 403) and leaves no order
 * behind; an accepted request returns at once and its outcome follows on the trade-update stream.
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

  submit(request: SubmitOrderRequest): BrokerOrder {
    const spec = validateSubmit(request, this.context);
    this.risk.checkBuyingPower(spec);
    const record = this.book.add(this.newOrder(spec, request.clientOrderId));
    this.flow.accept(record);
    return record.order;
  }

  /** Accepted means asked: the `canceled` update (or, if a fill wins, `order_cancel_rejected`) follows. */
  cancel(orderId: string): void {
    const record = this.book.get(orderId);
    const acknowledged = record.order.status === 'new' || record.order.status === 'partially_filled';
    const race = acknowledged ? this.hooks.cancelRace() : undefined;
    if (race === 'fill_before_request') this.flow.fillBeforeCancel(record);
    const status = simStatus(record.order);
    if (!isWorking(status)) throw new BrokerError('not_cancelable', `order is already in "${status}" state`, { status: 422 });
    if (status === 'pending_replace') {
      throw new BrokerError('rejected', 'order is being replaced and cannot be canceled until that completes', { status: 422 });
    }
    this.flow.requestCancel(record, race === 'fill_before_cancel');
  }

  /**
   * Alpaca's PATCH: a new order with a new id replaces a working one, which ends `replaced` when the
   * replacement takes effect. Unset fields carry over; the quantity defaults to what is left.
   */
  replace(orderId: string, request: ReplaceOrderRequest): BrokerOrder {
    const original = this.book.get(orderId);
    const old = original.order;
    const status = simStatus(old);
    if (!isWorking(status)) throw new BrokerError('rejected', `order is already in "${status}" state`, { status: 422 });
    if (status !== 'new' && status !== 'partially_filled') {
      throw new BrokerError('rejected', `order cannot be replaced while ${status}`, { status: 422 });
    }
    if (old.notional !== undefined) throw new BrokerError('rejected', 'notional orders cannot be replaced', { status: 422 });
    // As Alpaca: a fractional quantity cannot be changed by a replace, nor a whole one made fractional.
    if ([old.qty, request.qty].some((q) => q !== undefined && !q.isInteger())) {
      throw new BrokerError('rejected', 'fractional orders cannot be replaced', { status: 422 });
    }
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
    this.risk.checkBuyingPower(spec, old.id);
    const replacement = this.book.add({ ...this.newOrder(spec, request.clientOrderId), replaces: old.id });
    this.flow.requestReplace(original, replacement);
    return replacement.order;
  }

  private newOrder(spec: OrderSpec, clientOrderId: string): BrokerOrder {
    const now = isoTime(this.clock.now());
    return withoutUndefined({
      id: this.ids.order(),
      clientOrderId,
      orderClass: 'simple',
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
      status: 'pending_new',
      filledQty: ZERO,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    });
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
