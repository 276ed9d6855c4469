import { ZERO, type Decimal } from './decimal.js';
import type { Adjustment } from './adjustment.js';
import type { Fill } from './fill.js';
import type { Portfolio } from './portfolio.js';
import type { SourceBooksSnapshot } from './source-positions.js';

/**
 * Balances brought forward: the opening cash, plus everything already moved out of the live books
 * (archived fills and adjustments). With them, the books balance when every position equals what
 * was brought forward plus the live fills and adjustments, and so does cash.
 */
export interface Balances {
  readonly cash: Decimal;
  /** Signed quantity per symbol. */
  readonly positions: Readonly<Record<string, Decimal>>;
  /**
   * When the books opened on an account that already had history (epoch ms): the broker's orders
   * created earlier are not theirs, but for what those still working fill from then on. Absent in
   * books opened before it was kept, which take every order the broker shows as theirs.
   */
  readonly openedAt?: number;
  /**
   * Each order source's books from the fills moved to the archive, which are no longer on file to
   * rebuild them from. Absent until fills move, and in books kept before sources were.
   */
  readonly sources?: SourceBooksSnapshot;
}

/** What a fill does to cash: a buy pays its value, a sell receives it; both pay the commission. */
export function fillCash(fill: Fill): Decimal {
  const value = fill.notional ?? fill.qty.times(fill.price);
  return (fill.side === 'buy' ? value.neg() : value).minus(fill.commission);
}

/** Cash and positions after the given fills and adjustments, starting from `brought` (sources are SourcePositions' to fold). */
export function carryForward(brought: Balances, fills: readonly Fill[], adjustments: readonly Adjustment[]): Balances {
  let cash = brought.cash;
  const positions: Record<string, Decimal> = { ...brought.positions };
  for (const fill of fills) {
    cash = cash.plus(fillCash(fill));
    const held = positions[fill.symbol] ?? ZERO;
    positions[fill.symbol] = fill.side === 'buy' ? held.plus(fill.qty) : held.minus(fill.qty);
  }
  for (const adjustment of adjustments) {
    cash = cash.plus(adjustment.cash);
    if (adjustment.symbol !== undefined) positions[adjustment.symbol] = (positions[adjustment.symbol] ?? ZERO).plus(adjustment.qty);
  }
  return { cash, positions, ...(brought.openedAt !== undefined && { openedAt: brought.openedAt }) };
}

/**
 * The opening balances that make a portfolio balance with its fills and adjustments: used once, for
 * books kept before balances were (they are taken as they stood).
 */
export function openingBalances(portfolio: Portfolio, fills: readonly Fill[], adjustments: readonly Adjustment[]): Balances {
  const moved = carryForward({ cash: ZERO, positions: {} }, fills, adjustments);
  const positions: Record<string, Decimal> = {};
  for (const symbol of new Set([...Object.keys(portfolio.positions), ...Object.keys(moved.positions)])) {
    const opening = (portfolio.positions[symbol]?.qty ?? ZERO).minus(moved.positions[symbol] ?? ZERO);
    if (!opening.isZero()) positions[symbol] = opening;
  }
  return { cash: portfolio.cash.minus(moved.cash), positions };
}

/** Where the books do not balance: one line per symbol or for cash, with both figures. */
export function booksDifferences(brought: Balances, fills: readonly Fill[], adjustments: readonly Adjustment[], portfolio: Portfolio): string[] {
  const expected = carryForward(brought, fills, adjustments);
  const differences: string[] = [];
  for (const symbol of [...new Set([...Object.keys(portfolio.positions), ...Object.keys(expected.positions)])].sort()) {
    const held = portfolio.positions[symbol]?.qty ?? ZERO;
    const booked = expected.positions[symbol] ?? ZERO;
    if (!held.eq(booked)) differences.push(`${symbol}: position ${held.toFixed()}, fills and adjustments sum to ${booked.toFixed()}`);
  }
  if (!portfolio.cash.eq(expected.cash)) differences.push(`cash ${portfolio.cash.toFixed()}, fills and adjustments sum to ${expected.cash.toFixed()}`);
  return differences;
}
