import { dec } from '../src/domain/decimal.js';
import { SIM_DEFAULTS } from '../src/broker/sim/sim-options.js';
import { ManualClock, systemClock } from '../src/kernel/clock.js';
import { DEFAULT_POLL_SCHEDULE } from '../src/core/poll-schedule.js';
import { DEFAULT_RISK_LIMITS } from '../src/core/risk-gate.js';
import { openAlpacaLoopback, until } from './alpaca-loopback.js';

/** Symbols the latency runs buy, round robin: streamed, as a watchlist would be. */
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY'];
/** The same order placed again within the default window would be refused as a duplicate. */
const RISK = { ...DEFAULT_RISK_LIMITS, duplicateWindowMs: 0 };

/** A prime, so successive orders wait different parts of the spread. */
const SPREAD_STRIDE = 397;

const BUDGET_ORDERS = 500;
/** Two resting buys at each price, a cent apart; the market steps down a cent at a time and fills two. */
const BUDGET_PRICES = BUDGET_ORDERS / 2;
const BUDGET_STEP_MS = 500;
const TOP = dec('180.00');
const AAPL = { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(500) };

/**
 * Real time: market orders placed through the engine, the official SDK and the emulator on
 * loopback, each timed from `engine.place` to its fill booked, `inFlight` at a time. With the stream
 * down the fills are found by the batched poller; an order placed just after a poll waits a whole
 * interval, so there each order first waits a different part of `spreadMs` and the orders land at
 * every point of the poll's cycle, as a trader's would.
 */
async function submitToFill(streamDown: boolean, orders: number, inFlight: number, spreadMs = 0): Promise<string> {
  const lo = await openAlpacaLoopback({
    clock: systemClock,
    sim: { startingCash: dec('100000000') },
    config: { rateLimit: { limit: 1e9, intervalMs: 60_000 }, risk: RISK },
    watchlist: SYMBOLS,
  });
  lo.sim.start();
  if (streamDown) {
    lo.sim.startStreamOutage();
    await until(() => lo.trading.connection().stream !== 'ok', 'the trade stream to drop');
  }
  const bookedAt = new Map<string, number>();
  lo.engine.subscribe((event) => {
    if (event.type === 'fill') bookedAt.set(event.fill.clientOrderId, performance.now());
  });
  const from = systemClock.now();
  const placedAt = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < orders) {
      const n = next++;
      const symbol = SYMBOLS[n % SYMBOLS.length] ?? 'AAPL';
      if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (n * SPREAD_STRIDE) % spreadMs));
      const started = performance.now();
      const order = await lo.engine.place({ symbol, side: 'buy', type: 'market', timeInForce: 'day', qty: dec(1) });
      placedAt.set(order.clientOrderId, started);
      await until(() => bookedAt.has(order.clientOrderId), `the fill of ${order.clientOrderId}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const trading = lo.census.tradingTimes(from).length;
  const perOrder = lo.census.tradingByEndpoint(from).map(([endpoint, n]) => `${endpoint} ${(n / orders).toFixed(2)}`);
  await lo.close();
  const latencies = [...placedAt].map(([id, started]) => (bookedAt.get(id) ?? Number.NaN) - started);
  return `${summary(latencies)}, ${inFlight} in flight; ${(trading / orders).toFixed(2)} trading requests an order (${perOrder.join(', ')})`;
}

/**
 * Fake time over real sockets: 500 resting limit buys working, the trade stream down, the market
 * stepping down a cent every half second and filling two at each step, with the engine's limiter
 * at Alpaca's 200 a minute. Every REST request the emulator receives is counted on the fake clock,
 * and each fill timed from the exchange's execution to the engine booking it.
 */
async function pollingBudget(): Promise<string> {
  const clock = new ManualClock();
  const lo = await openAlpacaLoopback({
    clock,
    sim: { universe: [{ symbol: 'AAPL', price: '187.42' }], startingCash: dec('10000000') },
    config: { rateLimit: { limit: 200, intervalMs: 60_000 }, orderTimeoutMs: 0, reconcileEveryMs: 30_000, risk: RISK },
    watchlist: ['AAPL'],
  });
  lo.sim.setQuote('AAPL', AAPL);
  const placing = Array.from({ length: BUDGET_ORDERS }, (_, i) =>
    lo.engine.place({ symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(1), limitPrice: TOP.minus(dec(i % BUDGET_PRICES).div(100)) }),
  );
  await lo.drive(Promise.all(placing), 50);
  await lo.advance(1_000, 50);
  const working = lo.engine.workingOrders().length;

  const bookedAt = new Map<string, number>();
  lo.engine.subscribe((event) => {
    if (event.type === 'fill') bookedAt.set(event.fill.clientOrderId, clock.now());
  });
  const outageFrom = clock.now();
  lo.sim.startStreamOutage();
  for (let step = 0; step < BUDGET_PRICES; step++) {
    const ask = TOP.minus(dec(step).div(100));
    lo.sim.setQuote('AAPL', { ...AAPL, bid: ask.minus(dec('0.04')), ask, last: ask });
    await lo.advance(BUDGET_STEP_MS, 10);
  }
  await lo.advance(5_000, 10);

  const ledger = lo.sim.ledger();
  const clientIdOf = new Map(ledger.orders.map((o) => [o.id, o.clientOrderId]));
  const latencies = ledger.fills.map((fill) => (bookedAt.get(clientIdOf.get(fill.orderId) ?? '') ?? Number.NaN) - Date.parse(fill.at));
  const booked = latencies.filter((ms) => !Number.isNaN(ms)).length;
  const busiest = busiestMinute(lo.census.tradingTimes(outageFrom));
  const spent = lo.census.tradingByEndpoint(outageFrom).map(([endpoint, n]) => `${endpoint} ${n}`);
  const data = lo.census.dataRequests(outageFrom);
  const refused = lo.census.refusedForRate();
  const minutes = (clock.now() - outageFrom) / 60_000;
  await lo.close();
  return (
    `${working} of ${BUDGET_ORDERS} working, stream down for ${minutes.toFixed(1)} min (fake time): ` +
    `at most ${busiest} trading requests in any 60 s window (limit 180; in all ${spent.join(', ')}), ${data} market-data requests, ${refused} refused 429; ` +
    `${booked} of ${ledger.fills.length} fills booked, exchange fill to booked p99 ${percentile(latencies, 0.99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (limit 3000)`
  );
}

/** The most requests in any 60 s window that starts at one of them. */
function busiestMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && (sorted[last] ?? 0) < (sorted[first] ?? 0) + 60_000) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

/** Nearest rank; a NaN (never booked) sorts last, so it shows in the high percentiles. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

function summary(latencies: readonly number[]): string {
  const fmt = (ms: number): string => ms.toFixed(1);
  return `p50 ${fmt(percentile(latencies, 0.5))} ms, p99 ${fmt(percentile(latencies, 0.99))} ms, max ${fmt(Math.max(...latencies))} ms (n=${latencies.length})`;
}

export async function benchAlpaca(): Promise<void> {
  const latencies = `the sim's ack ${SIM_DEFAULTS.ackLatencyMs} ms and fill ${SIM_DEFAULTS.fillLatencyMs} ms included`;
  console.log(`alpaca submit-to-fill-booked (engine → SDK → emulator on loopback, ${latencies}):`);
  console.log(`  stream up: ${await submitToFill(false, 300, 4)}`);
  console.log(`  stream down, fills polled every ${DEFAULT_POLL_SCHEDULE.unhealthyMs / 1000} s: ${await submitToFill(true, 120, 12, 1_000)}`);
  // On the fake clock a loopback round trip takes no time: the runs above show what it costs.
  console.log(`alpaca polling budget (SDK → emulator on loopback, engine and exchange on a fake clock): ${await pollingBudget()}`);
}
