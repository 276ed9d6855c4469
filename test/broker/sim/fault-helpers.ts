import type { ManualClock } from '../../../src/kernel/clock.js';
import { isBrokerError } from '../../../src/broker/errors.js';
import type { FaultStats } from '../../../src/broker/sim/fault-stats.js';
import type { SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { d } from './helpers.js';

/** Every count in the stats that is not zero, by path, so a test can say "this and nothing else". */
export function activeCounts(stats: FaultStats): Record<string, number> {
  const found: Record<string, number> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      if (value !== 0) found[path] = value;
    } else if (Array.isArray(value)) {
      if (value.length > 0) found[path] = value.length;
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(stats, '');
  return found;
}

/**
 * A fixed stream of orders through the bare port on a running market: market and limit orders on
 * two symbols, some cancelled, on fake time. Returns what a client saw: answers, errors and updates.
 */
export async function runWorkload(sim: SimExchange, clock: ManualClock, orders = 40): Promise<string[]> {
  const seen: string[] = [];
  sim.subscribeTradeUpdates((u) => seen.push(`${clock.now()} update ${u.event} ${u.order.clientOrderId} ${u.executionId ?? '-'} ${u.order.status}`));
  sim.start();
  const attempt = async (label: string, request: () => Promise<unknown>): Promise<void> => {
    try {
      await request();
      seen.push(`${clock.now()} ${label} ok`);
    } catch (error) {
      seen.push(`${clock.now()} ${label} ${isBrokerError(error) ? `${error.kind} ${error.message}` : String(error)}`);
    }
  };
  for (let i = 0; i < orders; i++) {
    const symbol = i % 2 === 0 ? 'AAPL' : 'MSFT';
    const clientOrderId = `w-${i}`;
    const bid = sim.getQuote(symbol)?.bid;
    if (bid === undefined) throw new Error(`no quote for ${symbol}`);
    const limit = i % 3 === 0 ? { type: 'limit' as const, limitPrice: bid.minus(i % 2 === 0 ? '0.01' : '1.00') } : { type: 'market' as const };
    await attempt(`submit ${clientOrderId}`, () =>
      sim.submitOrder({ symbol, side: i % 4 < 2 ? 'buy' : 'sell', qty: d(1 + (i % 5)), timeInForce: 'day', clientOrderId, ...limit }),
    );
    clock.advance(35);
    const placed = sim.ledger().orders.find((o) => o.clientOrderId === clientOrderId);
    if (placed !== undefined && i % 3 === 0) await attempt(`cancel ${clientOrderId}`, () => sim.cancelOrder(placed.id));
    await attempt(`getAccount ${i}`, () => sim.getAccount());
    clock.advance(400);
  }
  return seen;
}
