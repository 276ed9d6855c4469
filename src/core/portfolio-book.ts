import type { Decimal } from '../domain/decimal.js';
import { tradeChange, wholePortfolio, type Portfolio, type PortfolioChange, type Trade } from '../domain/portfolio.js';
import type { Position } from '../domain/position.js';

/**
 * The local portfolio, kept so that booking a fill costs the same with 1 symbol held as with 1,000:
 * positions live in a map changed in place, and the immutable Portfolio value is built only when
 * someone asks for all of it (and then kept until the next change).
 */
export class PortfolioBook {
  private cashValue: Decimal;
  private readonly positions = new Map<string, Position>();
  private snapshot: Portfolio | undefined;

  constructor(portfolio: Portfolio) {
    this.cashValue = portfolio.cash;
    this.replace(portfolio);
  }

  get cash(): Decimal {
    return this.cashValue;
  }

  position(symbol: string): Position | undefined {
    return this.positions.get(symbol);
  }

  symbols(): string[] {
    return [...this.positions.keys()];
  }

  portfolio(): Portfolio {
    this.snapshot ??= { cash: this.cashValue, positions: Object.fromEntries(this.positions) };
    return this.snapshot;
  }

  /** Books one fill; returns what changed. */
  book(trade: Trade): PortfolioChange {
    return this.apply(tradeChange(this.cashValue, this.positions.get(trade.symbol), trade));
  }

  /** Applies a change as applyPortfolioChange does, in place: a whole one drops every position it does not list. */
  apply(change: PortfolioChange): PortfolioChange {
    this.cashValue = change.cash;
    if (change.whole === true) this.positions.clear();
    for (const position of change.positions) this.positions.set(position.symbol, position);
    this.snapshot = undefined;
    return change;
  }

  /** Takes a whole portfolio in place of this one; returns it as a change. */
  replace(portfolio: Portfolio): PortfolioChange {
    return this.apply(wholePortfolio(portfolio));
  }
}
