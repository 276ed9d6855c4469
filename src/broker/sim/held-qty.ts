import { ZERO, maxDec, sumDec, type Decimal } from '../../domain/decimal.js';
import type { OrderClass, OrderSpec } from '../../domain/order-types.js';
import { BrokerError } from '../errors.js';
import { openQty, type OpenExposure } from './buying-power.js';
import type { SimQuote } from './market-feed.js';
import { holdingKey } from './order-family.js';
import { invalid } from './refusal.js';
import type { SimOrderBook, SimOrderRecord } from './sim-orders.js';

/**
 * What working orders in one symbol may still trade, oldest first, as the holds see them: the two
 * members of a pair count once, at the larger of what they have left (they sell the same shares),
 * and a leg still waiting on its entry counts not at all. `excluding` leaves out orders a replace
 * is taking over.
 */
export function holdingExposures(
  book: SimOrderBook,
  records: readonly SimOrderRecord[],
  quote: SimQuote,
  excluding: ReadonlySet<string>,
): OpenExposure[] {
  const byKey = new Map<string, OpenExposure>();
  for (const record of records) {
    if (excluding.has(record.order.id)) continue;
    const key = holdingKey(book, record);
    if (key === undefined) continue;
    const exposure: OpenExposure = { spec: record.order, filledQty: record.order.filledQty };
    const known = byKey.get(key);
    if (known === undefined || openQty(exposure, quote).gt(openQty(known, quote))) byKey.set(key, exposure);
  }
  return [...byKey.values()];
}

/**
 * Alpaca holds the shares of every open order that would close them: an order closing a long (a
 * sell) or a short (a buy) may trade only what is left after those, and may not carry the position
 * through zero. An oco is an exit, so it must close shares even when the account holds none on that
 * side; a bracket or oto is an entry, so it may not close any. Orders that open or add to a
 * position are the buying-power check's business.
 */
export function checkHeldQty(spec: OrderSpec, orderClass: OrderClass, position: Decimal, others: readonly OpenExposure[], quote: SimQuote): void {
  const closing = spec.side === 'sell' ? position.gt(0) : position.lt(0);
  if (closing && (orderClass === 'bracket' || orderClass === 'oto')) {
    const direction = position.gt(0) ? 'long' : 'short';
    throw invalid(`${orderClass} orders must be entry orders (the account is ${direction} ${spec.symbol}: this ${spec.side} would close it)`);
  }
  if (!closing && orderClass !== 'oco') return;
  const owned = closing ? position.abs() : ZERO;
  const held = sumDec(others.filter((other) => other.spec.side === spec.side).map((other) => openQty(other, quote)));
  const available = maxDec(ZERO, owned.minus(held));
  const requested = openQty({ spec, filledQty: ZERO }, quote);
  if (requested.lte(available)) return;
  throw new BrokerError(
    'rejected',
    `insufficient qty available for order (requested: ${requested.toString()}, available: ${available.toString()})`,
    { reason: 'insufficient_qty', status: 403, quantity: { requested, available } },
  );
}
