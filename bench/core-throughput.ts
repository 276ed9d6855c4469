import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, ZERO } from '../src/domain/decimal.js';
import { applyOrderEvent, newOrder, type Order } from '../src/domain/order.js';
import { emptyPortfolio } from '../src/domain/portfolio.js';
import type { Broker, BrokerOrder, MarketData, TradeUpdate } from '../src/broker/port.js';
import { systemClock } from '../src/kernel/clock.js';
import { Engine } from '../src/core/engine.js';
import { LatencyHistogram } from '../src/core/metrics.js';
import { openProfileStore } from '../src/persistence/profile-store.js';
import { persistCoreEvent } from '../src/app/persist-events.js';
import { SIM_ENGINE_DEFAULTS } from '../src/app/brokers/sim-broker.js';

const SYMBOLS = 100;
const ORDERS_PER_SYMBOL = 10;
const FILLS = 60_000;
const SHARES_PER_ORDER = FILLS / (SYMBOLS * ORDERS_PER_SYMBOL);

/** A market with nothing to say: the benchmark's orders rest far from any price. */
const SILENT_MARKET: MarketData = {
  getSnapshots: () => Promise.resolve([]),
  getLatestQuotes: () => Promise.resolve([]),
  getLatestTrades: () => Promise.resolve([]),
  subscribeMarketData: () => () => {},
};

/**
 * A broker that only plays back a prepared stream of fills: the benchmark measures the core, so
 * nothing else may cost time. Every read answers at once from the prepared orders.
 */
function playbackBroker(orders: Map<string, BrokerOrder>): { broker: Broker; emit: (update: TradeUpdate) => void } {
  let handler: ((update: TradeUpdate) => void) | undefined;
  const account = { cash: dec('10000000'), equity: dec('10000000'), buyingPower: dec('20000000'), lastEquity: dec('10000000'), currency: 'USD' };
  const broker: Broker = {
    mode: 'sim',
    submitOrder: () => Promise.reject(new Error('not in this benchmark')),
    cancelOrder: () => Promise.resolve(),
    replaceOrder: () => Promise.reject(new Error('not in this benchmark')),
    getOrder: (id) => Promise.resolve(orders.get(id) as BrokerOrder),
    getOrderByClientId: () => Promise.reject(new Error('not in this benchmark')),
    listOrders: () => Promise.resolve([...orders.values()]),
    listFillActivities: () => Promise.resolve([]),
    getPositions: () => Promise.resolve([]),
    getAccount: () => Promise.resolve(account),
    getClock: () => Promise.resolve({ timestamp: new Date().toISOString(), isOpen: true }),
    isTradable: () => Promise.resolve(true),
    subscribeTradeUpdates: (h) => {
      handler = h;
      return () => {
        handler = undefined;
      };
    },
    connection: () => ({ rest: 'ok', stream: 'ok' }),
    onConnectionChange: () => () => {},
    close: () => Promise.resolve(),
  };
  return { broker, emit: (update) => handler?.(update) };
}

interface Round {
  readonly fillsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly writes: number;
}

const ROUNDS = 5;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/**
 * Fills per second through the engine with persistence on, and the handling latency of each. Each
 * round starts from a fresh engine and profile; the median round is reported, so one round slowed by
 * the machine does not decide the figure.
 */
export async function benchCoreThroughput(): Promise<void> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await runRound());
    if (process.env.BLOTTER_BENCH_VERBOSE) console.log(`  round ${i + 1}: ${Math.round(rounds[i]?.fillsPerSecond ?? 0)} fills/s`);
  }
  const rate = (r: Round): string => Math.round(r.fillsPerSecond).toLocaleString('en-US');
  const byRate = [...rounds].sort((a, b) => a.fillsPerSecond - b.fillsPerSecond);
  console.log(
    `core: ${FILLS.toLocaleString('en-US')} fills over ${SYMBOLS} symbols with persistence on, median of ${ROUNDS} rounds: ` +
      `${rate(byRate[Math.floor(ROUNDS / 2)] as Round)} fills/s (range ${rate(byRate[0] as Round)}–${rate(byRate[ROUNDS - 1] as Round)}); ` +
      `handling p50 ${median(rounds.map((r) => r.p50)).toFixed(3)} ms, p99 ${median(rounds.map((r) => r.p99)).toFixed(3)} ms; ` +
      `${median(rounds.map((r) => r.writes))} store writes per round`,
  );
}

async function runRound(): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-bench-core-'));
  const now = Date.now();
  const local: Order[] = [];
  const remote = new Map<string, BrokerOrder>();
  for (let s = 0; s < SYMBOLS; s++) {
    for (let o = 0; o < ORDERS_PER_SYMBOL; o++) {
      const symbol = `S${String(s).padStart(3, '0')}`;
      const seq = s * ORDERS_PER_SYMBOL + o + 1;
      const spec = { symbol, side: 'buy' as const, type: 'limit' as const, timeInForce: 'gtc' as const, qty: dec(SHARES_PER_ORDER), limitPrice: dec(100) };
      const order = { ...applyOrderEvent(newOrder(spec, `blt-bench-${seq}`, seq, now), 'accepted', now), brokerOrderId: `b-${seq}` };
      local.push(order);
      const iso = new Date(now).toISOString();
      remote.set(order.brokerOrderId, {
        ...spec,
        id: order.brokerOrderId,
        clientOrderId: order.clientOrderId,
        orderClass: 'simple',
        status: 'new',
        filledQty: ZERO,
        createdAt: iso,
        updatedAt: iso,
        submittedAt: iso,
      });
    }
  }
  const { broker, emit } = playbackBroker(remote);
  const profile = await openProfileStore({ path: join(dir, 'bench.json'), onError: () => {} });
  const engine = new Engine({
    broker,
    marketData: SILENT_MARKET,
    clock: systemClock,
    newClientOrderId: () => 'unused',
    restored: { orders: local, portfolio: emptyPortfolio(dec('10000000')), nextSeq: local.length + 1, watchlist: [] },
    // The simulator's own settings: its request budget also paces the polls of the 1,000 working orders.
    config: { ...SIM_ENGINE_DEFAULTS, reconcileEveryMs: 3_600_000, accountRefreshMs: 3_600_000 },
  });
  // When update i went in, by i (its execution id is `x-i`): an array, so the bookkeeping costs next to nothing.
  const sentAt = new Float64Array(FILLS);
  const handling = new LatencyHistogram();
  let applied = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  engine.subscribe((event) => {
    persistCoreEvent(profile, event);
    if (event.type !== 'fill') return;
    handling.record(performance.now() - (sentAt[Number(event.fill.executionId.slice(2))] ?? Number.NaN));
    if (++applied === FILLS) done();
  });
  await engine.start();
  await engine.settled();

  // The updates are made before the clock starts: the benchmark times the core, not the generator.
  const filled = new Map<string, number>();
  const updates: TradeUpdate[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < FILLS; i++) {
    const order = local[i % local.length] as Order;
    const cumulative = (filled.get(order.clientOrderId) ?? 0) + 1;
    filled.set(order.clientOrderId, cumulative);
    const base = remote.get(order.brokerOrderId ?? '') as BrokerOrder;
    const done = cumulative === SHARES_PER_ORDER;
    updates.push({
      event: done ? 'fill' : 'partial_fill',
      order: { ...base, status: done ? 'filled' : 'partially_filled', filledQty: dec(cumulative), filledAvgPrice: dec(100) },
      timestamp: at,
      executionId: `x-${i}`,
      price: dec(100),
      qty: dec(1),
    });
  }
  const started = performance.now();
  for (const [i, update] of updates.entries()) {
    sentAt[i] = performance.now();
    emit(update);
    // Updates arrive in chunks, as a socket delivers them; the core works through each chunk.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  await finished;
  const elapsed = performance.now() - started;
  await profile.flush();
  const writes = profile.stats().writes;
  await engine.stop();
  await profile.close();
  rmSync(dir, { recursive: true, force: true });
  const s = handling.summary();
  return { fillsPerSecond: FILLS / (elapsed / 1000), p50: s.p50, p99: s.p99, writes };
}
