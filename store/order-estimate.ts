import type { QuoteLookup } from '../src/command/preview.js';
import type { Decimal } from '../src/domain/decimal.js';
import type { OrderSpec } from '../src/domain/order-types.js';

/**
 * What an order is worth, as the command line's preview estimates it (`≈ $1,870.00`): a dollar
 * order its amount; otherwise the quantity at the order's limit, else its stop, else the side of the
 * book a market order would take, else the last trade. Undefined when there is no price to go by.
 */
export function estimateNotional(spec: OrderSpec, quotes: QuoteLookup): Decimal | undefined {
  if (spec.notional !== undefined) return spec.notional;
  if (spec.qty === undefined) return undefined;
  const price = spec.limitPrice ?? spec.stopPrice ?? marketPrice(spec, quotes);
  return price?.times(spec.qty);
}

function marketPrice(spec: OrderSpec, quotes: QuoteLookup): Decimal | undefined {
  const quote = quotes(spec.symbol);
  if (quote === undefined) return undefined;
  const touch = spec.side === 'buy' ? quote.ask : quote.bid;
  if (touch.gt(0)) return touch;
  return quote.last?.gt(0) === true ? quote.last : undefined;
}
