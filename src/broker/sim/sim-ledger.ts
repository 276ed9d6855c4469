import { ZERO, type Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/order-types.js';
import { applyTrade, buyingPower, valuePortfolio, type Portfolio, type Valuation } from '../../domain/portfolio.js';
import { marketValue, unrealizedPnl, type Position } from '../../domain/position.js';
import type { BrokerAccount, BrokerPosition } from '../port.js';

/** One execution as the exchange booked it. */
export interface SimFill {
  readonly executionId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  readonly at: string;
}

export type Mark = (symbol: string) => Decimal | undefined;

/**
 * Cash, positions and executions: the exchange's ground truth. Booking goes through the domain's
 * applyTrade, the same code the local view uses, so the two can be compared to the cent.
 */
export class SimLedger {
  private portfolio: Portfolio;
  private readonly booked: SimFill[] = [];
  private readonly byOrder = new Map<string, SimFill[]>();
  private dayStartEquity: Decimal;

  /** `fills` are the history behind `portfolio`: indexed, not booked again. `changed` hears of every change after that. */
  constructor(
    portfolio: Portfolio,
    fills: readonly SimFill[],
    lastEquity: Decimal,
    private readonly changed: { booked(symbol: string): void; accountChanged(): void } = { booked: () => {}, accountChanged: () => {} },
  ) {
    this.portfolio = portfolio;
    this.dayStartEquity = lastEquity;
    for (const fill of fills) this.record(fill);
  }

  /** Books an execution; returns the signed position in the symbol afterwards. */
  book(fill: SimFill): Decimal {
    this.portfolio = applyTrade(this.portfolio, fill);
    this.record(fill);
    this.changed.booked(fill.symbol);
    return this.positionQty(fill.symbol);
  }

  /** One order's executions, oldest first. */
  orderFills(orderId: string): readonly SimFill[] {
    return this.byOrder.get(orderId) ?? [];
  }

  positionQty(symbol: string): Decimal {
    return this.portfolio.positions[symbol]?.qty ?? ZERO;
  }

  cash(): Decimal {
    return this.portfolio.cash;
  }

  positions(): Readonly<Record<string, Position>> {
    return this.portfolio.positions;
  }

  fills(): readonly SimFill[] {
    return this.booked;
  }

  lastEquity(): Decimal {
    return this.dayStartEquity;
  }

  valuation(mark: Mark): Valuation {
    return valuePortfolio(this.portfolio, mark);
  }

  account(mark: Mark, leverage: Decimal, reserved: Decimal): BrokerAccount {
    const valuation = this.valuation(mark);
    return {
      cash: this.portfolio.cash,
      equity: valuation.equity,
      buyingPower: buyingPower(valuation, leverage, reserved),
      lastEquity: this.dayStartEquity,
      currency: 'USD',
    };
  }

  /** Open positions only, as Alpaca lists them. */
  brokerPositions(mark: Mark): BrokerPosition[] {
    return Object.values(this.portfolio.positions)
      .filter((p) => !p.qty.isZero())
      .map((p) => {
        const last = mark(p.symbol) ?? p.avgCost;
        return {
          symbol: p.symbol,
          qty: p.qty,
          avgEntryPrice: p.avgCost,
          currentPrice: last,
          marketValue: marketValue(p, last),
          unrealizedPl: unrealizedPnl(p, last),
        };
      });
  }

  /** A new trading day measures its P&L from here. */
  rollDay(mark: Mark): void {
    this.dayStartEquity = this.valuation(mark).equity;
    this.changed.accountChanged();
  }

  /** Drops the executions of orders that have moved to the archive; they no longer count in the live history. */
  forget(orderIds: ReadonlySet<string>): void {
    for (const orderId of orderIds) this.byOrder.delete(orderId);
    const kept = this.booked.filter((fill) => !orderIds.has(fill.orderId));
    this.booked.length = 0;
    this.booked.push(...kept);
  }

  private record(fill: SimFill): void {
    this.booked.push(fill);
    const list = this.byOrder.get(fill.orderId);
    if (list === undefined) this.byOrder.set(fill.orderId, [fill]);
    else list.push(fill);
  }
}
