import { ZERO, type Decimal } from '../domain/decimal.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec } from '../domain/order-types.js';
import { newOrder, type Order, type ProtectiveRole } from '../domain/order.js';
import type { Quote } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { Clock } from './clock.js';
import { orderLabel } from './describe-order.js';
import type { EngineConfig } from './engine-config.js';
import { errorText } from './error-text.js';
import { OrderRefusedError } from './errors.js';
import type { OrderTracker } from './order-tracker.js';
import { checkOrder, isRiskReducing, type RecentIntent } from './risk-gate.js';
import type { TradingSwitch } from './trading-state.js';

export interface OrderEntryDeps {
  readonly gateway: BrokerGateway;
  readonly tracker: OrderTracker;
  readonly trading: TradingSwitch;
  readonly config: EngineConfig;
  readonly clock: Clock;
  readonly newClientOrderId: () => string;
  readonly venue: string;
  /** The symbol's latest quote, asked of the broker when none has arrived yet; rejects when it can't be had. */
  readonly quote: (symbol: string) => Promise<Quote | undefined>;
  readonly buyingPower: () => Decimal | undefined;
}

/**
 * Where an intent becomes a local order, or is refused before anything reaches the broker: the
 * symbol must be traded, the pre-trade checks must pass (a halt lets only position-reducing orders
 * through), and the order gets its client id, row number, deadline and expected price.
 */
export class OrderEntry {
  private readonly recentIntents: RecentIntent[] = [];

  constructor(private readonly deps: OrderEntryDeps) {}

  async admit(spec: OrderSpec, options: PlaceOptions): Promise<Order> {
    const { gateway, tracker, trading, config, clock } = this.deps;
    // Judged as typed, before any broker call: a resume that lands meanwhile must not let it through.
    const haltedWhenAsked = trading.status;
    const reducing = isRiskReducing(spec, tracker.position(spec.symbol)?.qty ?? ZERO);
    // A halt refuses the order whatever it is: no broker call (the broker may be why it halted).
    const refusedByHalt = haltedWhenAsked.state === 'halted' && !reducing;
    if (!refusedByHalt && !(await gateway.isTradable(spec.symbol))) {
      throw new OrderRefusedError(`unknown symbol ${spec.symbol}: not traded on ${this.deps.venue}; check the ticker`);
    }
    const { quote, quoteFailure } = refusedByHalt ? {} : await this.price(spec.symbol);
    const positionQty = tracker.position(spec.symbol)?.qty ?? ZERO;
    const status = haltedWhenAsked.state === 'halted' ? haltedWhenAsked : trading.status;
    const verdict = checkOrder(
      spec,
      {
        ...(quote !== undefined && { quote }),
        ...(quoteFailure !== undefined && { quoteFailure }),
        hasProtection: options.takeProfit !== undefined || options.stopLoss !== undefined,
        positionQty,
        buyingPower: this.deps.buyingPower(),
        tradingState: status.state === 'halted' && reducing && isRiskReducing(spec, positionQty) ? 'active' : status.state,
        haltReason: status.reason,
        recentIntents: this.recentIntents,
        now: clock.now(),
      },
      config.risk,
    );
    if (!verdict.ok) throw new OrderRefusedError(verdict.reason);
    const order = tracker.put(this.build(spec, options, quote));
    this.remember({ spec, at: order.createdAt, seq: order.seq });
    return order;
  }

  private async price(symbol: string): Promise<{ quote?: Quote; quoteFailure?: string }> {
    try {
      const quote = await this.deps.quote(symbol);
      return quote === undefined ? {} : { quote };
    } catch (error) {
      return { quoteFailure: errorText(error) };
    }
  }

  /** A take-profit or stop-loss leg: it only reduces the position, so no risk check and no deadline. */
  protective(spec: OrderSpec, role: ProtectiveRole, parent: Order): Order {
    const { tracker, clock } = this.deps;
    const order = tracker.put({
      ...newOrder(spec, this.deps.newClientOrderId(), tracker.takeSeq(), clock.now()),
      role,
      parentClientOrderId: parent.clientOrderId,
    });
    tracker.log('info', `${orderLabel(order)} placed to ${role === 'take_profit' ? 'take profit' : 'stop loss'} for ${orderLabel(parent)}`);
    return order;
  }

  private build(spec: OrderSpec, options: PlaceOptions, quote: Quote | undefined): Order {
    const { clock, config, tracker } = this.deps;
    const now = clock.now();
    // GTC means "until I cancel it": only an explicit ttl times it out.
    const ttl = options.ttlMs ?? (spec.timeInForce === 'gtc' || config.orderTimeoutMs <= 0 ? undefined : config.orderTimeoutMs);
    const expectedPrice = spec.limitPrice ?? (quote === undefined ? undefined : spec.side === 'buy' ? quote.ask : quote.bid);
    return {
      ...newOrder(spec, this.deps.newClientOrderId(), tracker.takeSeq(), now),
      ...(ttl !== undefined && { timeoutAt: now + ttl }),
      ...(options.onPartial !== undefined && { onPartial: options.onPartial }),
      ...(expectedPrice !== undefined && { expectedPrice }),
      ...(options.takeProfit !== undefined && { takeProfit: options.takeProfit }),
      ...(options.stopLoss !== undefined && { stopLoss: options.stopLoss }),
    };
  }

  private remember(intent: RecentIntent): void {
    const horizon = this.deps.clock.now() - this.deps.config.risk.duplicateWindowMs;
    while (this.recentIntents.length > 0 && (this.recentIntents[0]?.at ?? 0) < horizon) this.recentIntents.shift();
    this.recentIntents.push(intent);
  }
}
