import { ZERO, maxDec, type Decimal } from './decimal.js';
import type { Side } from './order-types.js';
import { applyFillToPosition, costBasisOf, flatPosition, marketValue, unrealizedPnl, type Position } from './position.js';

/** Cash and holdings. Positions are keyed by symbol; a closed position stays (it keeps realized P&L). */
export interface Portfolio {
  readonly cash: Decimal;
  readonly positions: Readonly<Record<string, Position>>;
}

export interface Trade {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  /** Exact value when `price` is only an average (see Fill.notional). */
  readonly notional?: Decimal;
}

export function emptyPortfolio(cash: Decimal): Portfolio {
  return { cash, positions: {} };
}

/** Books a fill: the position moves, cash pays or receives the notional and pays the commission. */
export function applyTrade(portfolio: Portfolio, trade: Trade): Portfolio {
  const position = portfolio.positions[trade.symbol] ?? flatPosition(trade.symbol);
  const notional = trade.notional ?? trade.qty.times(trade.price);
  const cashDelta = trade.side === 'buy' ? notional.neg() : notional;
  return {
    cash: portfolio.cash.plus(cashDelta).minus(trade.commission),
    positions: {
      ...portfolio.positions,
      [trade.symbol]: applyFillToPosition(position, trade.side, trade.qty, trade.price, notional),
    },
  };
}

export interface Valuation {
  readonly equity: Decimal;
  readonly longMarketValue: Decimal;
  readonly shortMarketValue: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
}

/**
 * Marks every open position at `mark(symbol)`, falling back to its average cost when unknown (valued
 * at exactly what it cost, so nothing unrealized is invented from a rounded average).
 */
export function valuePortfolio(portfolio: Portfolio, mark: (symbol: string) => Decimal | undefined): Valuation {
  let long = ZERO;
  let short = ZERO;
  let unrealized = ZERO;
  let realized = ZERO;
  for (const position of Object.values(portfolio.positions)) {
    realized = realized.plus(position.realizedPnl);
    if (position.qty.isZero()) continue;
    const last = mark(position.symbol);
    const cost = costBasisOf(position);
    const value = last === undefined ? (position.qty.isNeg() ? cost.neg() : cost) : marketValue(position, last);
    if (value.isNeg()) short = short.plus(value);
    else long = long.plus(value);
    if (last !== undefined) unrealized = unrealized.plus(unrealizedPnl(position, last));
  }
  return {
    equity: portfolio.cash.plus(long).plus(short),
    longMarketValue: long,
    shortMarketValue: short,
    unrealizedPnl: unrealized,
    realizedPnl: realized,
  };
}

/**
 * Reg-T style buying power: `leverage × equity − gross exposure − cash reserved for open buy orders`,
 * never below zero.
 */
export function buyingPower(valuation: Valuation, leverage: Decimal, reserved: Decimal): Decimal {
  const gross = valuation.longMarketValue.minus(valuation.shortMarketValue);
  return maxDec(ZERO, valuation.equity.times(leverage).minus(gross).minus(reserved));
}
