import { Decimal, ZERO } from '../domain/decimal.js';
import type { Side } from '../domain/order-types.js';
import type { BookedTrade, TradePrice } from './booked-trade.js';
import { decimalOfUnits, exact, unitsOfDecimal, valueOfUnits } from './fixed-money.js';
import { TradeLog, type TradeEntry, type TradeExit } from './trade-log.js';

/** Shares opened by one fill and not yet taken back. */
interface OpenLot extends TradeEntry {
  /** Whole shares, signed: negative for a short. */
  size: number;
  /** Entry commission still charged to `size`'s shares. */
  commission: Decimal;
  readonly entryBar: number;
  readonly entryTime: number;
  entryPrice: TradePrice;
  readonly entryPriceValue: number;
  readonly entryReason: string;
}

export interface BookedFill extends TradeExit {
  readonly side: Side;
  /** Whole shares: every size a backtest fills is a whole number or `all`, which sizes whole shares. */
  readonly shares: number;
  /** Exact units (fixed-money) or a decimal; units only while the books keep theirs (`inUnits`). */
  readonly price: TradePrice;
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
 * they made. Only fills touch it. Cash is kept in fixed-money units while every fill is priced in
 * them and without commission, and in decimals from the first fill that is not (or would leave the
 * units' exact range): the same exact amounts, the units many times faster. Shares, always whole,
 * are numbers, exact below 2^53. The decimals a strategy reads (cash, qty, avgPrice) are made when
 * read; `cashValue` and `qtyValue` are the floats the bar loop marks equity with.
 */
export class BacktestBooks {
  cashValue: number;
  qtyValue = 0;
  private readonly log = new TradeLog();
  private readonly lots: OpenLot[] = [];
  /** NaN once the ledger keeps decimals. */
  private units: number;
  private cashDecimal: Decimal | undefined;
  private qtyDecimal: Decimal = ZERO;
  private qtyDecimalOf = 0;
  private avgDecimal: Decimal | undefined = ZERO;

  constructor(cash: Decimal) {
    this.units = unitsOfDecimal(cash);
    this.cashDecimal = cash;
    this.cashValue = cash.toNumber();
  }

  /** The round trips closed so far, oldest first. */
  trades(): readonly BookedTrade[] {
    return this.log.trades();
  }

  /** Whether the cash is in units, so a fill priced in units and free of commission books in them. */
  get inUnits(): boolean {
    return !Number.isNaN(this.units);
  }

  /** The cash in units; NaN when the ledger keeps decimals. */
  get cashUnits(): number {
    return this.units;
  }

  get cash(): Decimal {
    this.cashDecimal ??= decimalOfUnits(this.units);
    return this.cashDecimal;
  }

  get qty(): Decimal {
    if (this.qtyDecimalOf !== this.qtyValue) {
      this.qtyDecimal = new Decimal(this.qtyValue);
      this.qtyDecimalOf = this.qtyValue;
    }
    return this.qtyDecimal;
  }

  get avgPrice(): Decimal {
    this.avgDecimal ??= averagePrice(this.lots, this.qty);
    return this.avgDecimal;
  }

  /**
   * Books one execution. Shares against the position close the oldest lots first, a lot bigger
   * than what is left to close is split (its entry commission shared by shares), and whatever
   * remains opens a lot on the fill's side: a reversal is a closed trade and a new one. A fill in
   * units that would take the cash out of their exact range books nothing and answers false: the
   * caller books it again in decimals.
   */
  book(fill: BookedFill): boolean {
    const buying = fill.side === 'buy';
    if (typeof fill.price === 'number' && fill.commission.isZero() && this.inUnits) {
      const notional = exact(fill.shares * fill.price);
      const cash = exact(buying ? this.units - notional : this.units + notional);
      if (Number.isNaN(cash)) return false;
      this.units = cash;
      this.cashDecimal = undefined;
      this.cashValue = valueOfUnits(cash);
    } else {
      const notional = (typeof fill.price === 'number' ? decimalOfUnits(fill.price) : fill.price).times(fill.shares);
      let cash = buying ? this.cash.minus(notional) : this.cash.plus(notional);
      if (!fill.commission.isZero()) cash = cash.minus(fill.commission);
      this.units = Number.NaN;
      this.cashDecimal = cash;
      this.cashValue = cash.toNumber();
    }
    this.match(fill, buying);
    this.qtyValue += buying ? fill.shares : -fill.shares;
    this.avgDecimal = undefined;
    return true;
  }

  private closeTrade(lot: OpenLot, shares: number, entryCommission: Decimal, exitCommission: Decimal, exit: BookedFill): void {
    const size = lot.size < 0 ? -shares : shares;
    const commission = entryCommission.isZero() ? exitCommission : entryCommission.plus(exitCommission);
    // The return feeds statistics, so it is a float: a decimal division costs more than the rest of a fill.
    const charged = commission.isZero() ? 0 : commission.toNumber() / (shares * lot.entryPriceValue);
    this.log.add(lot, exit, size, commission, Math.sign(size) * (exit.priceValue / lot.entryPriceValue - 1) - charged);
  }

  private match(fill: BookedFill, buying: boolean): void {
    const charged = !fill.commission.isZero();
    let left = fill.shares;
    let commissionLeft = fill.commission;
    while (left > 0 && this.lots.length > 0 && (this.lots[0] as OpenLot).size < 0 === buying) {
      const lot = this.lots[0] as OpenLot;
      const lotShares = Math.abs(lot.size);
      const taken = Math.min(lotShares, left);
      const exitCommission = !charged || taken === left ? commissionLeft : share(commissionLeft, taken, left);
      const entryCommission = lot.commission.isZero() || taken === lotShares ? lot.commission : share(lot.commission, taken, lotShares);
      this.closeTrade(lot, taken, entryCommission, exitCommission, fill);
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
  }
}

/** `amount`'s part for `part` of `whole` shares. */
function share(amount: Decimal, part: number, whole: number): Decimal {
  return amount.times(part).div(whole);
}

function lotPrice(lot: OpenLot): Decimal {
  if (typeof lot.entryPrice === 'number') lot.entryPrice = decimalOfUnits(lot.entryPrice);
  return lot.entryPrice;
}

/** The lots' cost over the shares they hold; one lot's own price needs no (slow) decimal division. */
function averagePrice(lots: readonly OpenLot[], qty: Decimal): Decimal {
  if (lots.length === 0) return ZERO;
  if (lots.length === 1) return lotPrice(lots[0] as OpenLot);
  return lots.reduce((cost, lot) => cost.plus(lotPrice(lot).times(lot.size)), ZERO).div(qty);
}
