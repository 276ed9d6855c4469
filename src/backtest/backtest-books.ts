import { Decimal, ZERO } from '../domain/decimal.js';
import type { Side } from '../domain/order-types.js';
import type { BacktestTrade } from './types.js';

/** Shares opened by one fill and not yet taken back. */
interface OpenLot {
  /** Whole shares, signed: negative for a short. */
  size: number;
  /** Entry commission still charged to `size`'s shares. */
  commission: Decimal;
  readonly entryBar: number;
  readonly entryTime: number;
  readonly entryPrice: Decimal;
  readonly entryPriceValue: number;
  readonly entryReason: string;
}

export interface BookedFill {
  readonly side: Side;
  /** Whole shares: every size a backtest fills is a whole number or `all`, which sizes whole shares. */
  readonly qty: Decimal;
  readonly price: Decimal;
  /** `price` as a float, for the trade's return. */
  readonly priceValue: number;
  readonly commission: Decimal;
  readonly bar: number;
  readonly time: number;
  readonly reason: string;
  readonly closedAtEnd: boolean;
}

/**
 * A run's exact ledger: cash, the net position, its lots first in first out, and the round trips
 * they made. Only fills touch it. Money is decimal; shares, always whole, are counted in numbers,
 * exact below 2^53, which keeps a fill to a handful of decimal operations (a backtest of a busy
 * strategy makes tens of thousands of them). `cashValue` and `qtyValue` are the float copies the
 * bar loop marks equity with.
 */
export class BacktestBooks {
  cash: Decimal;
  qty: Decimal = ZERO;
  avgPrice: Decimal = ZERO;
  cashValue: number;
  qtyValue = 0;
  readonly trades: BacktestTrade[] = [];
  private readonly lots: OpenLot[] = [];

  constructor(cash: Decimal) {
    this.cash = cash;
    this.cashValue = cash.toNumber();
  }

  /**
   * Books one execution. Shares against the position close the oldest lots first, a lot bigger
   * than what is left to close is split (its entry commission shared by shares), and whatever
   * remains opens a lot on the fill's side: a reversal is a closed trade and a new one.
   */
  book(fill: BookedFill): void {
    const shares = fill.qty.toNumber();
    const buying = fill.side === 'buy';
    const notional = fill.qty.times(fill.price);
    this.cash = buying ? this.cash.minus(notional) : this.cash.plus(notional);
    const charged = !fill.commission.isZero();
    if (charged) this.cash = this.cash.minus(fill.commission);
    let left = shares;
    let commissionLeft = fill.commission;
    while (left > 0 && this.lots.length > 0 && (this.lots[0] as OpenLot).size < 0 === buying) {
      const lot = this.lots[0] as OpenLot;
      const lotShares = Math.abs(lot.size);
      const taken = Math.min(lotShares, left);
      const exitCommission = !charged || taken === left ? commissionLeft : share(commissionLeft, taken, left);
      const entryCommission = lot.commission.isZero() || taken === lotShares ? lot.commission : share(lot.commission, taken, lotShares);
      this.trades.push(roundTrip(lot, taken, entryCommission, exitCommission, fill));
      left -= taken;
      commissionLeft = exitCommission === commissionLeft ? ZERO : commissionLeft.minus(exitCommission);
      if (taken === lotShares) this.lots.shift();
      else {
        lot.size += buying ? taken : -taken;
        lot.commission = entryCommission === lot.commission ? lot.commission : lot.commission.minus(entryCommission);
      }
    }
    if (left > 0) {
      this.lots.push({
        size: buying ? left : -left,
        commission: commissionLeft,
        entryBar: fill.bar,
        entryTime: fill.time,
        entryPrice: fill.price,
        entryPriceValue: fill.priceValue,
        entryReason: fill.reason,
      });
    }
    this.qtyValue += buying ? shares : -shares;
    this.qty = new Decimal(this.qtyValue);
    this.avgPrice = averagePrice(this.lots, this.qty);
    this.cashValue = this.cash.toNumber();
  }
}

/** `amount`'s part for `part` of `whole` shares. */
function share(amount: Decimal, part: number, whole: number): Decimal {
  return amount.times(part).div(whole);
}

/** The lots' cost over the shares they hold; one lot's own price needs no (slow) decimal division. */
function averagePrice(lots: readonly OpenLot[], qty: Decimal): Decimal {
  if (lots.length === 0) return ZERO;
  if (lots.length === 1) return (lots[0] as OpenLot).entryPrice;
  return lots.reduce((cost, lot) => cost.plus(lot.entryPrice.times(lot.size)), ZERO).div(qty);
}

function roundTrip(lot: OpenLot, shares: number, entryCommission: Decimal, exitCommission: Decimal, exit: BookedFill): BacktestTrade {
  const size = lot.size < 0 ? -shares : shares;
  const commission = entryCommission.isZero() ? exitCommission : entryCommission.plus(exitCommission);
  const gross = exit.price.minus(lot.entryPrice).times(size);
  // The return feeds statistics, so it is a float: a decimal division costs more than the rest of a fill.
  const charged = commission.isZero() ? 0 : commission.toNumber() / (shares * lot.entryPriceValue);
  return {
    size,
    entryBar: lot.entryBar,
    exitBar: exit.bar,
    entryTime: lot.entryTime,
    exitTime: exit.time,
    entryPrice: lot.entryPrice,
    exitPrice: exit.price,
    commission,
    pnl: commission.isZero() ? gross : gross.minus(commission),
    returnPct: Math.sign(size) * (exit.priceValue / lot.entryPriceValue - 1) - charged,
    entryReason: lot.entryReason,
    closedAtEnd: exit.closedAtEnd,
  };
}
