import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { SIM_OPERATIONS } from '../../src/broker/sim/sim-operations.js';
import { AAPL_QUOTE, restingBuy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

/** Requests to the trading API: market data is served apart, under limits of its own. */
const MARKET_DATA = new Set(['getSnapshots', 'getLatestQuotes', 'getLatestTrades']);
const TRADING_REQUESTS = new Set<string>(SIM_OPERATIONS.filter((op) => !MARKET_DATA.has(op)));

const ORDERS = 500;
/** Two orders at each price, a cent apart: the market steps down a cent at a time and fills two. */
const PRICES = ORDERS / 2;
const STEP_MS = 500;

/** The most requests in any 60 s window that starts at one of them, from `from` on. */
function busiestMinute(times: readonly number[], from: number): number {
  const sorted = times.filter((t) => t >= from).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && (sorted[last] ?? 0) < (sorted[first] ?? 0) + 60_000) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Places the working orders, resting under the market, at Alpaca's 200 requests a minute. */
async function fiveHundredWorking(h: Harness): Promise<void> {
  const placing = Array.from({ length: ORDERS }, (_, i) =>
    h.engine.place(restingBuy(1, { timeInForce: 'gtc', limitPrice: dec('180.00').minus(dec(i % PRICES).div(100)) })),
  );
  await h.drive(Promise.all(placing), 300_000);
  await h.advance(1_000);
  expect(h.engine.workingOrders()).toHaveLength(ORDERS);
}

describe('batched polling within Alpaca’s 200 requests a minute', () => {
  it(`with ${ORDERS} orders working and the stream down: at most 180 requests in any minute, every fill booked within 3 s`, async () => {
    const h = await startHarness({ config: { rateLimit: { limit: 200, intervalMs: 60_000 }, orderTimeoutMs: 0, reconcileEveryMs: 30_000 } });
    await fiveHundredWorking(h);
    const bookedAt = new Map<string, number>();
    h.engine.subscribe((event) => {
      if (event.type === 'fill') bookedAt.set(event.fill.clientOrderId, h.clock.now());
    });

    const outageFrom = h.clock.now();
    h.sim.startStreamOutage();
    // The market comes down a cent every half second: two orders fill at each step.
    for (let step = 0; step < PRICES; step++) {
      const ask = dec('180.00').minus(dec(step).div(100));
      h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: ask.minus(dec('0.04')), ask, last: ask });
      await h.clock.advanceAsync(STEP_MS, 10);
    }
    await h.clock.advanceAsync(5_000, 10);

    const ledger = h.sim.ledger();
    expect(ledger.fills).toHaveLength(ORDERS);
    expect(h.engine.workingOrders()).toHaveLength(0);
    const clientIdOf = new Map(ledger.orders.map((o) => [o.id, o.clientOrderId]));
    const latencies = ledger.fills.map((fill) => (bookedAt.get(clientIdOf.get(fill.orderId) ?? '') ?? Number.POSITIVE_INFINITY) - Date.parse(fill.at));
    const requests = h.calls.filter((c) => TRADING_REQUESTS.has(c.method)).map((c) => c.at);
    const figures = { busiestMinute: busiestMinute(requests, outageFrom), maxLatencyMs: Math.max(...latencies), p99LatencyMs: percentile(latencies, 99) };
    console.log(`polling budget, ${ORDERS} working, stream down: ${JSON.stringify(figures)}`);

    expect(figures.busiestMinute).toBeLessThanOrEqual(180);
    expect(figures.maxLatencyMs).toBeLessThanOrEqual(3_000);
    expect(h.fills.every((f) => f.detectedBy === 'poll' || f.detectedBy === 'reconcile')).toBe(true);
    // Each execution booked once: the local position is the exchange's.
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe(String(ORDERS));
    expect(h.engine.portfolio().cash.toString()).toBe(ledger.cash.toString());
  }, 120_000);
});
