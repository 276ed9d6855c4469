import { ZERO, sumDec, type Decimal } from '../../domain/decimal.js';
import type { OrderClass, OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import type { BrokerAccount } from '../port.js';
import { orderCost, shortQty, symbolReserve, type OpenExposure } from './buying-power.js';
import { checkHeldQty, holdingExposures } from './held-qty.js';
import type { MarketFeed, SimQuote } from './market-feed.js';
import type { SimLedger } from './sim-ledger.js';
import type { SimOrderBook, SimOrderRecord } from './sim-orders.js';

const NONE: ReadonlySet<string> = new Set();

/**
 * The account as the exchange values it: positions marked at the last price, and buying power net
 * of what working orders hold. `excluding` leaves out orders a replace is taking over: their holds
 * pass to the replacement.
 */
export class SimRisk {
  constructor(
    private readonly book: SimOrderBook,
    private readonly feed: MarketFeed,
    private readonly ledger: SimLedger,
    private readonly leverage: Decimal,
  ) {}

  readonly mark = (symbol: string): Decimal | undefined => this.feed.quote(symbol)?.last;

  account(excluding: ReadonlySet<string> = NONE): BrokerAccount {
    return this.ledger.account(this.mark, this.leverage, this.reserved(excluding));
  }

  /**
   * Alpaca's refusals of an order the account cannot carry: an entry that would close a position or
   * an exit that has none to close, shares already held by other orders (insufficient qty), then
   * buying power.
   */
  checkOrder(spec: OrderSpec, orderClass: OrderClass, excluding: ReadonlySet<string> = NONE): void {
    const quote = this.feed.quote(spec.symbol);
    if (quote === undefined) throw new BrokerError('rejected', `unknown symbol ${spec.symbol}`, { status: 422, reason: 'unknown_symbol' });
    const others = holdingExposures(this.book, this.book.working(spec.symbol), quote, excluding);
    const position = this.ledger.positionQty(spec.symbol);
    checkHeldQty(spec, orderClass, position, others, quote);
    this.checkBuyingPower(spec, quote, symbolReserve(others, quote, position).longLeft, excluding);
  }

  private checkBuyingPower(spec: OrderSpec, quote: SimQuote, longLeft: Decimal, excluding: ReadonlySet<string>): void {
    const candidate: OpenExposure = { spec, filledQty: ZERO };
    const fractional = spec.notional !== undefined || (spec.qty !== undefined && !spec.qty.isInteger());
    if (spec.side === 'sell' && fractional && shortQty(candidate, quote, longLeft).gt(0)) {
      throw new BrokerError('rejected', 'fractional orders cannot be sold short', { status: 403 });
    }
    const cost = orderCost(candidate, quote, longLeft);
    if (cost.isZero()) return;
    const available = this.account(excluding).buyingPower;
    if (cost.gt(available)) {
      throw new BrokerError(
        'rejected',
        `insufficient buying power (order cost ${cost.toFixed(2)}, buying power ${available.toFixed(2)})`,
        { status: 403, reason: 'insufficient_buying_power' },
      );
    }
  }

  private reserved(excluding: ReadonlySet<string>): Decimal {
    const bySymbol = new Map<string, SimOrderRecord[]>();
    for (const record of this.book.working()) {
      const list = bySymbol.get(record.order.symbol) ?? [];
      list.push(record);
      bySymbol.set(record.order.symbol, list);
    }
    return sumDec(
      [...bySymbol].map(([symbol, records]) => {
        const quote = this.feed.quote(symbol);
        if (quote === undefined) return ZERO;
        return symbolReserve(holdingExposures(this.book, records, quote, excluding), quote, this.ledger.positionQty(symbol)).reserved;
      }),
    );
  }
}
