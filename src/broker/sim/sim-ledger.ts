import { ZERO, maxDec, minDec, type Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/order-types.js';
import type { Portfolio, Valuation } from '../../domain/portfolio.js';
import type { Position } from '../../domain/position.js';
import type { LedgerFill } from '../controls.js';
import type { BrokerAccount, BrokerPosition } from '../port.js';

export type Mark = (symbol: string) => Decimal | undefined;

/**
 * Decimal places kept of the cost a partial close takes out. Prices and quantities carry far fewer,
 * so every later sum of costs stays exact within the 40 digits a Decimal holds.
 */
const COST_PLACES = 20;

/**
 * Cash, positions and executions: the exchange's ground truth, booked with arithmetic of its own
 * written from Alpaca's definitions. The local view books the same fills with the domain's code;
 * were both to share one bookkeeping routine, a bug in it would agree with itself and never show
 * when the two are compared.
 */
export class SimLedger {
  private cashBalance: Decimal;
  private readonly holdings = new Map<string, Position>();
  private readonly booked: LedgerFill[] = [];
  private readonly byOrder = new Map<string, LedgerFill[]>();
  private dayStartEquity: Decimal;

  /** `fills` are the history behind `portfolio`: indexed, not booked again. `changed` hears of every change after that. */
  constructor(
    portfolio: Portfolio,
    fills: readonly LedgerFill[],
    lastEquity: Decimal,
    private readonly changed: { booked(symbol: string): void; accountChanged(): void } = { booked: () => {}, accountChanged: () => {} },
  ) {
    this.cashBalance = portfolio.cash;
    for (const position of Object.values(portfolio.positions)) this.holdings.set(position.symbol, withCost(position));
    this.dayStartEquity = lastEquity;
    for (const fill of fills) this.record(fill);
  }

  /** Books an execution; returns the signed position in the symbol afterwards. */
  book(fill: LedgerFill): Decimal {
    if (!fill.qty.gt(0)) throw new Error(`cannot book execution ${fill.executionId}: qty ${fill.qty.toString()} must be greater than 0`);
    const before = this.holdings.get(fill.symbol) ?? flat(fill.symbol);
    const after = afterFill(before, fill.side, fill.qty, fill.price);
    this.holdings.set(fill.symbol, after);
    const value = fill.qty.times(fill.price);
    // A buy pays the value, a sell receives it; either pays the commission.
    this.cashBalance = (fill.side === 'buy' ? this.cashBalance.minus(value) : this.cashBalance.plus(value)).minus(fill.commission);
    this.record(fill);
    this.changed.booked(fill.symbol);
    return after.qty;
  }

  /** One order's executions, oldest first. */
  orderFills(orderId: string): readonly LedgerFill[] {
    return this.byOrder.get(orderId) ?? [];
  }

  positionQty(symbol: string): Decimal {
    return this.holdings.get(symbol)?.qty ?? ZERO;
  }

  cash(): Decimal {
    return this.cashBalance;
  }

  /** Every symbol ever traded; a closed position stays, flat, with what it realized. */
  positions(): Readonly<Record<string, Position>> {
    return Object.fromEntries(this.holdings);
  }

  fills(): readonly LedgerFill[] {
    return this.booked;
  }

  lastEquity(): Decimal {
    return this.dayStartEquity;
  }

  /**
   * Open positions marked at `mark(symbol)`; one with no mark is valued at what it cost, so no
   * unrealized P&L is made up for it.
   */
  valuation(mark: Mark): Valuation {
    let long = ZERO;
    let short = ZERO;
    let unrealized = ZERO;
    let realized = ZERO;
    for (const position of this.holdings.values()) {
      realized = realized.plus(position.realizedPnl);
      if (position.qty.isZero()) continue;
      const last = mark(position.symbol);
      const value = last === undefined ? signedCost(position) : position.qty.times(last);
      if (position.qty.isNeg()) short = short.plus(value);
      else long = long.plus(value);
      unrealized = unrealized.plus(value.minus(signedCost(position)));
    }
    return {
      equity: this.cashBalance.plus(long).plus(short),
      longMarketValue: long,
      shortMarketValue: short,
      unrealizedPnl: unrealized,
      realizedPnl: realized,
    };
  }

  /**
   * Reg T buying power: (equity − initial margin) × multiplier, where the initial margin is the gross
   * exposure over the multiplier; written without the division, less what working orders hold, and
   * never below zero.
   */
  account(mark: Mark, leverage: Decimal, reserved: Decimal): BrokerAccount {
    const { equity, longMarketValue, shortMarketValue } = this.valuation(mark);
    const gross = longMarketValue.minus(shortMarketValue);
    return {
      cash: this.cashBalance,
      equity,
      buyingPower: maxDec(ZERO, equity.times(leverage).minus(gross).minus(reserved)),
      lastEquity: this.dayStartEquity,
      currency: 'USD',
    };
  }

  /** Open positions only, as Alpaca lists them: unrealized P&L is market value less the cost. */
  brokerPositions(mark: Mark): BrokerPosition[] {
    return [...this.holdings.values()]
      .filter((p) => !p.qty.isZero())
      .map((p) => {
        const last = mark(p.symbol) ?? p.avgCost;
        const marketValue = p.qty.times(last);
        const unrealizedPl = marketValue.minus(signedCost(p));
        return { symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgCost, currentPrice: last, marketValue, unrealizedPl };
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

  private record(fill: LedgerFill): void {
    this.booked.push(fill);
    const list = this.byOrder.get(fill.orderId);
    if (list === undefined) this.byOrder.set(fill.orderId, [fill]);
    else list.push(fill);
  }
}

function flat(symbol: string): Position {
  return { symbol, qty: ZERO, avgCost: ZERO, realizedPnl: ZERO, costBasis: ZERO };
}

/** A position restored without its cost (an older snapshot) is costed at its average. */
function withCost(position: Position): Position {
  return position.costBasis === undefined ? { ...position, costBasis: position.qty.abs().times(position.avgCost) } : position;
}

/** What the held shares cost, as a signed amount: negative for a short (what its sales brought in). */
function signedCost(position: Position): Decimal {
  const cost = position.costBasis ?? ZERO;
  return position.qty.isNeg() ? cost.neg() : cost;
}

/**
 * One fill against a holding, by Alpaca's definitions of the average entry price:
 * - a fill that opens or adds on the held side: the average is the weighted average of the
 *   opening fills (their cost over their shares);
 * - a fill that reduces: the average is unchanged, and each closed share realizes the fill price
 *   less the average (the reverse for a short);
 * - a fill that crosses through zero: the old side closes in full and the rest opens at the fill
 *   price.
 * The cost of the held shares is kept beside the average: the average of 10 @ 100 and 5 @ 110 is
 * 1550 / 15, which no decimal holds, and with the cost realized and unrealized P&L still add up to
 * the cash that moved, to the last digit.
 */
function afterFill(holding: Position, side: Side, qty: Decimal, price: Decimal): Position {
  const { symbol } = holding;
  const cost = holding.costBasis ?? ZERO;
  const moved = side === 'buy' ? qty : qty.neg();
  const after = holding.qty.plus(moved);
  if (holding.qty.isZero() || holding.qty.isNeg() === moved.isNeg()) {
    const opened = cost.plus(qty.times(price));
    return { symbol, qty: after, avgCost: opened.div(after.abs()), realizedPnl: holding.realizedPnl, costBasis: opened };
  }
  const held = holding.qty.abs();
  const closing = minDec(held, qty);
  const closedCost = closing.eq(held) ? cost : closing.times(holding.avgCost).toDecimalPlaces(COST_PLACES);
  const longGain = closing.times(price).minus(closedCost);
  const realizedPnl = holding.realizedPnl.plus(holding.qty.isNeg() ? longGain.neg() : longGain);
  const opening = qty.minus(closing);
  if (opening.gt(0)) return { symbol, qty: after, avgCost: price, realizedPnl, costBasis: opening.times(price) };
  if (after.isZero()) return { symbol, qty: ZERO, avgCost: ZERO, realizedPnl, costBasis: ZERO };
  return { symbol, qty: after, avgCost: holding.avgCost, realizedPnl, costBasis: cost.minus(closedCost) };
}
