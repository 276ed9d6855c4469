import { ZERO, sumDec, type Decimal } from '../../domain/decimal.js';
import type { OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import type { BrokerAccount } from '../port.js';
import { orderCost, shortQty, symbolReserve, type OpenExposure } from './buying-power.js';
import type { MarketFeed } from './market-feed.js';
import type { SimLedger } from './sim-ledger.js';
import type { SimOrderBook, SimOrderRecord } from './sim-orders.js';

/**
 * The account as the exchange values it: positions marked at the last price, and buying power net
 * of what working orders hold. `excluding` leaves out an order being replaced, whose hold the
 * replacement takes over.
 */
export class SimRisk {
  constructor(
    private readonly book: SimOrderBook,
    private readonly feed: MarketFeed,
    private readonly ledger: SimLedger,
    private readonly leverage: Decimal,
  ) {}

  readonly mark = (symbol: string): Decimal | undefined => this.feed.quote(symbol)?.last;

  account(excluding?: string): BrokerAccount {
    return this.ledger.account(this.mark, this.leverage, this.reserved(excluding));
  }

  /** Alpaca answers 403 when an order needs more buying power than the account has. */
  checkBuyingPower(spec: OrderSpec, excluding?: string): void {
    const quote = this.feed.quote(spec.symbol);
    if (quote === undefined) throw new BrokerError('rejected', `unknown symbol ${spec.symbol}`, { status: 422 });
    const others = this.book.working(spec.symbol).filter((r) => r.order.id !== excluding).map(exposure);
    const { longLeft } = symbolReserve(others, quote, this.ledger.positionQty(spec.symbol));
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

  private reserved(excluding?: string): Decimal {
    const bySymbol = new Map<string, OpenExposure[]>();
    for (const record of this.book.working()) {
      if (record.order.id === excluding) continue;
      const list = bySymbol.get(record.order.symbol) ?? [];
      list.push(exposure(record));
      bySymbol.set(record.order.symbol, list);
    }
    return sumDec(
      [...bySymbol].map(([symbol, orders]) => {
        const quote = this.feed.quote(symbol);
        return quote === undefined ? ZERO : symbolReserve(orders, quote, this.ledger.positionQty(symbol)).reserved;
      }),
    );
  }
}

function exposure(record: SimOrderRecord): OpenExposure {
  return { spec: record.order, filledQty: record.order.filledQty };
}
