import { Decimal, ZERO } from '../domain/decimal.js';
import type { CommissionModel } from '../domain/costs/commission.js';
import type { SlippageModel } from '../domain/costs/slippage.js';
import type { Side } from '../domain/order-types.js';

/**
 * The sim's slippage model, applied to a bar as if it were a quote: the price is the bar's open
 * and the displayed size is the bar's volume, so a size-based model charges an order by how much
 * of the bar's trading it would have been.
 */
export type BarSlippage = SlippageModel;

export interface FillCosts {
  /** Neither slippage nor commission: a fill costs its open price and nothing more. */
  readonly free: boolean;
  /** The price `qty` shares fill at when the quote is `open` and the bar traded `volume`. */
  price(side: Side, qty: Decimal, open: Decimal, volume: number): Decimal;
  commission(side: Side, qty: Decimal, price: Decimal): Decimal;
}

export function fillCosts(slippage: BarSlippage | undefined, commission: CommissionModel | undefined): FillCosts {
  return {
    free: slippage === undefined && commission === undefined,
    price: (side, qty, open, volume) =>
      slippage === undefined ? open : slippage.price({ side, price: open, qty, displayedSize: volumeOf(volume) }),
    // Every backtest order fills in one execution, so nothing was charged before it.
    commission: (side, qty, price) => (commission === undefined ? ZERO : commission.commission({ side, qty, price, priorQty: ZERO, priorCommission: ZERO })),
  };
}

/**
 * The most shares, up to `most`, whose cost (fill price × shares + commission) `budget` covers:
 * with slippage and commission growing with size, a size worked out from the open alone can
 * overspend. Cost only grows with shares, so halving the range finds it in a few steps.
 */
export function affordableShares(costs: FillCosts, side: Side, most: Decimal, open: Decimal, volume: number, budget: Decimal): Decimal {
  const fits = (shares: Decimal): boolean => {
    const price = costs.price(side, shares, open, volume);
    return price.times(shares).plus(costs.commission(side, shares, price)).lte(budget);
  };
  if (fits(most)) return most;
  let low = ZERO;
  let high = most;
  while (high.minus(low).gt(1)) {
    const middle = low.plus(high).dividedToIntegerBy(2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** A volume column's float as shares; a bar with no volume shows none. */
function volumeOf(volume: number): Decimal {
  return Number.isFinite(volume) && volume > 0 ? new Decimal(Math.floor(volume)) : ZERO;
}
