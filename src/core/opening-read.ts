import { listEveryOrder } from '../broker/paging.js';
import type { BrokerAccount, BrokerOrder, ListOrdersQuery } from '../broker/port.js';
import type { Holding } from '../domain/portfolio.js';
import type { BrokerGateway } from './broker-gateway.js';

/** What new books open with: the account (its cash) and positions, and its working orders with what they have filled. */
export interface OpeningRead {
  /** Read between the two reads of the working orders: its cash opens the books. */
  readonly account: BrokerAccount;
  readonly holdings: Holding[];
  readonly working: BrokerOrder[];
}

/** Reads tried before the books open on the last one, moving or not (reconciliation shows what moved). */
const ATTEMPTS = 3;

/**
 * Reads the account for new books as one consistent picture. Cash, positions and open orders are
 * separate requests, so a fill landing between them would be in one and not the other: counted
 * twice or not at all. The working orders are read before and after the cash and positions; if any
 * filled more meanwhile (or one came or went), everything is read again.
 */
export async function readOpening(gateway: BrokerGateway): Promise<OpeningRead> {
  const list = (query: ListOrdersQuery): Promise<BrokerOrder[]> => gateway.listOrders(query);
  for (let attempt = 1; ; attempt++) {
    const before = await listEveryOrder(list, { status: 'open' });
    const [positions, account] = await Promise.all([gateway.getPositions(), gateway.getAccount()]);
    const after = await listEveryOrder(list, { status: 'open' });
    if (attempt < ATTEMPTS && fillsOf(before) !== fillsOf(after)) continue;
    return {
      account,
      holdings: positions.map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: p.avgEntryPrice })),
      working: after,
    };
  }
}

/** Every order and leg with what it has filled, as one comparable string. */
function fillsOf(orders: readonly BrokerOrder[]): string {
  return orders
    .flatMap((order) => [order, ...(order.legs ?? [])])
    .map((order) => `${order.id}:${order.filledQty.toString()}`)
    .sort()
    .join(',');
}
