import type { Decimal } from '../domain/decimal.js';
import { decimalOfUnits, exact } from './fixed-money.js';
import type { BacktestTrade } from './types.js';

/** A trade's price: exact units (fixed-money) when the fill had them, else its decimal. */
export type TradePrice = number | Decimal;

export interface TradeFields {
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: TradePrice;
  readonly exitPrice: TradePrice;
  readonly commission: Decimal;
  readonly returnPct: number;
  readonly entryReason: string;
  readonly closedAtEnd: boolean;
}

/**
 * A round trip whose money is made into decimals when first read. A run of a million bars closes
 * tens of thousands of trades and a decimal costs more than a whole bar, while a sweep reads only
 * the statistics of most runs; the units it is made from are exact, so reading gives the same
 * decimal as making it at the fill would have.
 */
export class BookedTrade implements BacktestTrade {
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly returnPct: number;
  readonly entryReason: string;
  readonly closedAtEnd: boolean;
  readonly commission: Decimal;
  #entryPrice: TradePrice;
  #exitPrice: TradePrice;
  #pnl: Decimal | undefined;

  constructor(fields: TradeFields) {
    this.size = fields.size;
    this.entryBar = fields.entryBar;
    this.exitBar = fields.exitBar;
    this.entryTime = fields.entryTime;
    this.exitTime = fields.exitTime;
    this.returnPct = fields.returnPct;
    this.entryReason = fields.entryReason;
    this.closedAtEnd = fields.closedAtEnd;
    this.commission = fields.commission;
    this.#entryPrice = fields.entryPrice;
    this.#exitPrice = fields.exitPrice;
  }

  get entryPrice(): Decimal {
    if (typeof this.#entryPrice === 'number') this.#entryPrice = decimalOfUnits(this.#entryPrice);
    return this.#entryPrice;
  }

  get exitPrice(): Decimal {
    if (typeof this.#exitPrice === 'number') this.#exitPrice = decimalOfUnits(this.#exitPrice);
    return this.#exitPrice;
  }

  /** size × (exit − entry) − commission, exact. */
  get pnl(): Decimal {
    if (this.#pnl === undefined) {
      const gross = typeof this.#entryPrice === 'number' && typeof this.#exitPrice === 'number' ? exact((this.#exitPrice - this.#entryPrice) * this.size) : Number.NaN;
      const money = Number.isNaN(gross) ? this.exitPrice.minus(this.entryPrice).times(this.size) : decimalOfUnits(gross);
      this.#pnl = this.commission.isZero() ? money : money.minus(this.commission);
    }
    return this.#pnl;
  }
}
