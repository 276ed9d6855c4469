import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import type { Fill } from '../../src/domain/fill.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import type { PlaceOptions } from '../../src/domain/order-options.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { perShareCommission } from '../../src/domain/costs/commission.js';
import type { FaultConfig } from '../../src/broker/sim/fault-config.js';
import type { Broker, MarketData } from '../../src/broker/port.js';
import { SeededRandom } from '../../src/broker/sim/rng.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { Engine } from '../../src/core/engine.js';
import type { EngineConfig } from '../../src/core/engine-config.js';
import { DEFAULT_RISK_LIMITS } from '../../src/core/risk-gate.js';
import { isTerminal } from '../../src/domain/order-state.js';

export interface ChaosSession {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly engine: Engine;
  readonly fills: Fill[];
  /** Every place() that was refused, with its reason. */
  readonly refused: string[];
  /** Client order ids of cancels the test asked for. */
  readonly cancelled: Set<string>;
  /** When settle() switched the faults off. */
  faultsOffAt: number | undefined;
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ChaosOptions {
  readonly seed: number;
  readonly faults: FaultConfig;
  readonly config?: Partial<EngineConfig>;
  /** Lets a test watch the calls the engine makes (a recorder at the edge; behaviour unchanged). */
  readonly wrapBroker?: (broker: Broker, clock: ManualClock) => Broker;
}

/** A real engine on a real simulated exchange with faults, under fake time. */
export async function startChaosSession(options: ChaosOptions): Promise<ChaosSession> {
  const clock = new ManualClock();
  // Faults come on once the engine has started: what is under test is trading, not startup. The
  // exchange charges commission with a per-order minimum, so both books carry its arithmetic: a
  // fill the stream lost and a poll found must still be charged what the exchange charged.
  const sim = createSimExchange({
    clock,
    seed: options.seed,
    tickIntervalMs: 250,
    startingCash: dec('100000000'),
    commission: perShareCommission({ perShare: '0.005', minimum: '1' }),
  });
  const engine = chaosEngine({ broker: options.wrapBroker?.(sim, clock) ?? sim, marketData: sim, clock, seed: options.seed, ...(options.config !== undefined && { config: options.config }) });
  const fills: Fill[] = [];
  engine.subscribe((event) => {
    if (event.type === 'fill') fills.push(event.fill);
  });
  sim.start();
  let settled = false;
  const start = engine.start().finally(() => {
    settled = true;
  });
  while (!settled) await clock.advanceAsync(10, 5);
  await start;
  sim.setFaults(options.faults);
  return {
    clock,
    sim,
    engine,
    fills,
    refused: [],
    cancelled: new Set(),
    faultsOffAt: undefined,
    advance: (ms) => clock.advanceAsync(ms, 5),
    async stop() {
      await engine.stop();
      await sim.close();
    },
  };
}

export interface ChaosEngineOptions {
  readonly broker: Broker;
  readonly marketData: MarketData;
  readonly clock: ManualClock;
  readonly seed: number;
  readonly config?: Partial<EngineConfig>;
}

/**
 * The engine a chaos run trades through, whatever the broker: limits out of the way (what is under
 * test is the books under faults, not the limiter or the breaker) and seeded randomness.
 */
export function chaosEngine({ broker, marketData, clock, seed, config }: ChaosEngineOptions): Engine {
  const random = SeededRandom.fromSeed(seed + 1);
  return new Engine({
    broker,
    marketData,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: [] },
    random: () => random.fraction(),
    config: {
      rateLimit: { limit: 1_000_000, intervalMs: 60_000 },
      breaker: { failureThreshold: 1_000_000, windowMs: 1_000 },
      // Random orders repeat each other by chance; the duplicate guard is tested on its own.
      risk: { ...DEFAULT_RISK_LIMITS, duplicateWindowMs: 0 },
      ...config,
    },
  });
}

export interface RandomOrder {
  readonly spec: OrderSpec;
  readonly options: PlaceOptions;
}

/** A random order near the market of one of `symbols`: market or limit, either side, some with a ttl. */
export function randomOrder(random: SeededRandom, sim: SimExchange, symbols: readonly string[]): RandomOrder {
  const symbol = symbols[random.int(0, symbols.length - 1)] ?? 'AAPL';
  const quote = sim.getQuote(symbol);
  const side = random.chanceOf(0.5) ? 'buy' : 'sell';
  const qty = dec(random.int(1, 40));
  const marketable = random.chanceOf(0.4);
  const options: PlaceOptions = random.chanceOf(0.3) ? { ttlMs: random.int(2, 20) * 1000 } : {};
  if (marketable || quote === undefined) return { spec: { symbol, side, type: 'market', timeInForce: 'day', qty }, options };
  const offsetBps = random.int(-30, 60);
  const limitPrice = quote.last.times(dec(10_000 + (side === 'buy' ? -offsetBps : offsetBps)).div(10_000)).toDecimalPlaces(2);
  return { spec: { symbol, side, type: 'limit', timeInForce: random.chanceOf(0.2) ? 'gtc' : 'day', qty, limitPrice }, options };
}

/** Moves fake time on until `work` settles (retries and backoff wait on the clock). */
export async function drive<T>(session: ChaosSession, work: Promise<T>, limitMs = 120_000): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  for (let waited = 0; !done; waited += 50) {
    if (waited > limitMs) throw new Error(`still not settled after ${limitMs} ms of fake time`);
    await session.advance(50);
  }
  return settled;
}

/** Lets everything settle: faults off, time for polls, timeouts and a reconciliation. */
export async function settle(session: ChaosSession): Promise<void> {
  session.sim.setFaults({});
  session.faultsOffAt = session.clock.now();
  await session.advance(5_000);
  await drive(session, session.engine.reconcile('periodic'));
  for (let i = 0; i < 120 && session.engine.workingOrders().some((o) => o.timeoutAt !== undefined); i++) await session.advance(1_000);
  await session.advance(3_000);
  await drive(session, session.engine.reconcile('periodic'));
  await drive(session, session.engine.settled());
}

export function stillWorking(session: ChaosSession): number {
  return session.engine.orders().filter((o) => !isTerminal(o.status)).length;
}
