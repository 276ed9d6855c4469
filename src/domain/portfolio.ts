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

/** A holding as an account reports it: signed quantity and average entry price. */
export interface Holding {
  readonly symbol: string;
  readonly qty: Decimal;
  readonly avgCost: Decimal;
}

/** Books that open on an account as it stands: its cash and holdings, costed at their entry prices, nothing realized yet. */
export function openingPortfolio(cash: Decimal, holdings: readonly Holding[]): Portfolio {
  const positions: Record<string, Position> = {};
  for (const { symbol, qty, avgCost } of holdings) if (!qty.isZero()) positions[symbol] = { symbol, qty, avgCost, realizedPnl: ZERO };
  return { cash, positions };
}

/**
 * What one change did to a portfolio: the new cash and the positions that moved (all of them for a
 * whole-portfolio change). A fill touches one position; passing only that along keeps booking a fill
 * independent of how many symbols are held.
 */
export interface PortfolioChange {
  readonly cash: Decimal;
  readonly positions: readonly Position[];
  /** The positions are all there are: any not listed are gone. */
  readonly whole?: boolean;
}

/**
 * Books a fill against cash and the trade's position: the position moves, cash pays or receives the
 * notional and pays the commission.
 */
export function tradeChange(cash: Decimal, position: Position | undefined, trade: Trade): PortfolioChange {
  const notional = trade.notional ?? trade.qty.times(trade.price);
  const moved = trade.side === 'buy' ? cash.minus(notional) : cash.plus(notional);
  const before = position ?? flatPosition(trade.symbol);
  return {
    cash: trade.commission.isZero() ? moved : moved.minus(trade.commission),
    positions: [applyFillToPosition(before, trade.side, trade.qty, trade.price, notional)],
  };
}

/** tradeChange applied to a portfolio value, for whoever keeps one (replays, reports, tests). */
export function applyTrade(portfolio: Portfolio, trade: Trade): Portfolio {
  return applyPortfolioChange(portfolio, tradeChange(portfolio.cash, portfolio.positions[trade.symbol], trade));
}

/** The portfolio after `change`: its cash, and its positions over the old ones (in place of them when whole). */
export function applyPortfolioChange(portfolio: Portfolio, change: PortfolioChange): Portfolio {
  const positions: Record<string, Position> = change.whole === true ? {} : { ...portfolio.positions };
  for (const position of change.positions) positions[position.symbol] = position;
  return { cash: change.cash, positions };
}

/** The change that sets a whole portfolio. */
export function wholePortfolio(portfolio: Portfolio): PortfolioChange {
  return { cash: portfolio.cash, positions: Object.values(portfolio.positions), whole: true };
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
