import { ZERO, type Decimal } from '../domain/decimal.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec } from '../domain/order-types.js';
import { checkOrderSource } from '../domain/client-order-id.js';
import { MANUAL_SOURCE, newOrder, type Order } from '../domain/order.js';
import { entryOrderClass } from '../domain/protection-plan.js';
import type { Quote } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { Clock } from '../kernel/clock.js';
import { orderLabel } from './describe-order.js';
import type { EngineConfig } from './engine-config.js';
import { errorText } from './error-text.js';
import { OrderRefusedError } from './errors.js';
import type { OrderTracker } from './order-tracker.js';
import { preTradeWarnings } from './pre-trade-warnings.js';
import type { ExitOrder } from './protection.js';
import { checkOrder, isRiskReducing, type RecentIntent } from './risk-gate.js';
import type { TradingSwitch } from './trading-state.js';
import type { TraderLog } from './trader-log.js';

export interface OrderEntryDeps {
  readonly gateway: BrokerGateway;
  readonly tracker: OrderTracker;
  readonly log: TraderLog;
  readonly trading: TradingSwitch;
  readonly config: EngineConfig;
  readonly clock: Clock;
  /** A fresh client order id, carrying who placed the order. */
  readonly newClientOrderId: (source: string) => string;
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
/** What the trader or a strategy asks for beyond the order itself; `source` is who places it (default manual). */
export interface PlaceRequest extends PlaceOptions {
  readonly source?: string;
  /**
   * The order this one is the planned next step of (a reversal's new side after its close): the
   * same order again soon after that one is the plan, not a double submit.
   */
  readonly after?: string;
}

export class OrderEntry {
  private readonly recentIntents: (RecentIntent & { readonly clientOrderId: string })[] = [];

  constructor(private readonly deps: OrderEntryDeps) {}

  async admit(spec: OrderSpec, options: PlaceRequest): Promise<Order> {
    const { gateway, tracker, log, trading, config, clock } = this.deps;
    checkOrderSource(options.source ?? MANUAL_SOURCE);
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
        recentIntents: this.recentIntents.filter((intent) => intent.source === (options.source ?? MANUAL_SOURCE) && intent.clientOrderId !== options.after),
        now: clock.now(),
      },
      config.risk,
    );
    if (!verdict.ok) throw new OrderRefusedError(verdict.reason);
    const built = this.build(spec, options, quote);
    const book = { working: tracker.book.working(spec.symbol), find: (id: string) => tracker.book.byClientOrderId(id), positionQty };
    const warnings = preTradeWarnings(built, book);
    const order = tracker.put(built);
    for (const warning of warnings) log.write('warn', `${orderLabel(order)}: ${warning.text}`);
    this.remember({ spec, at: order.createdAt, seq: order.seq, source: order.source, clientOrderId: order.clientOrderId });
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

  /** The exit of an entry's filled shares: it only reduces the position, so no risk check and no deadline. */
  protective(exit: ExitOrder, parent: Order): Order {
    const { tracker, log, clock } = this.deps;
    const order = tracker.put({
      ...newOrder(exit.spec, this.deps.newClientOrderId(parent.source), tracker.takeSeq(), clock.now(), { source: parent.source, orderClass: exit.orderClass }),
      role: exit.role,
      parentClientOrderId: parent.clientOrderId,
      ...(exit.takeProfit !== undefined && { takeProfit: exit.takeProfit }),
      ...(exit.stopLoss !== undefined && { stopLoss: exit.stopLoss }),
    });
    const purpose = exit.orderClass === 'oco' ? 'take profit or stop loss (oco)' : exit.role === 'take_profit' ? 'take profit' : 'stop loss';
    log.write('info', `${orderLabel(order)} placed to ${purpose} for ${orderLabel(parent)}`);
    return order;
  }

  private build(spec: OrderSpec, options: PlaceRequest, quote: Quote | undefined): Order {
    const { clock, config, tracker } = this.deps;
    const now = clock.now();
    // GTC means "until I cancel it": only an explicit ttl times it out.
    const ttl = options.ttlMs ?? (spec.timeInForce === 'gtc' || config.orderTimeoutMs <= 0 ? undefined : config.orderTimeoutMs);
    const expectedPrice = spec.limitPrice ?? (quote === undefined ? undefined : spec.side === 'buy' ? quote.ask : quote.bid);
    const source = options.source ?? MANUAL_SOURCE;
    return {
      ...newOrder(spec, this.deps.newClientOrderId(source), tracker.takeSeq(), now, { source, orderClass: entryOrderClass(spec, options) }),
      ...(ttl !== undefined && { timeoutAt: now + ttl }),
      ...(options.onPartial !== undefined && { onPartial: options.onPartial }),
      ...(expectedPrice !== undefined && { expectedPrice }),
      ...(options.takeProfit !== undefined && { takeProfit: options.takeProfit }),
      ...(options.stopLoss !== undefined && { stopLoss: options.stopLoss }),
    };
  }

  private remember(intent: RecentIntent & { readonly clientOrderId: string }): void {
    const horizon = this.deps.clock.now() - this.deps.config.risk.duplicateWindowMs;
    while (this.recentIntents.length > 0 && (this.recentIntents[0]?.at ?? 0) < horizon) this.recentIntents.shift();
    this.recentIntents.push(intent);
  }
}
