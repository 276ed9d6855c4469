import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import type { Fill } from '../../src/domain/fill.js';
import type { Order } from '../../src/domain/order.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import type { FaultConfig } from '../../src/broker/sim/fault-config.js';
import { createSimExchange, type SimExchange, type SimExchangeOptions } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Clock } from '../../src/kernel/clock.js';
import { Engine, type RestoredState } from '../../src/core/engine.js';
import type { EngineConfig } from '../../src/core/engine-config.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { LogEntry } from '../../src/kernel/log-entry.js';
import type { RecordedCall } from '../support/call-recorder.js';

/**
 * A real engine on the simulated exchange under fake time, for the engine-level tests in this
 * folder: quotes pinned (AAPL 187.40 x 187.44, MSFT 410.00 x 410.05, 500 shares a side, no market
 * ticks), jitter fixed at 0.5, every broker call recorded with its fake time, and a hook that can
 * step into any call (fail it, delay its answer, switch faults on or off around it).
 */

/** One broker call as the intercept hook sees it: `n` counts calls of that method from 1. */
export interface InterceptedCall {
  readonly method: string;
  readonly n: number;
  readonly args: readonly unknown[];
}

export interface HarnessOptions {
  readonly seed?: number;
  readonly config?: Partial<EngineConfig>;
  readonly faults?: FaultConfig;
  readonly sim?: Omit<SimExchangeOptions, 'clock' | 'seed' | 'faults'>;
  /** What the engine starts from (default: nothing, cash from the exchange). */
  readonly restored?: Partial<RestoredState>;
  /**
   * Runs against the exchange before the engine starts ("the previous session"); what it returns
   * is added to `restored`, so it can describe local orders that refer to the exchange's ids.
   */
  readonly before?: (sim: SimExchange, clock: ManualClock) => Promise<Partial<RestoredState> | void> | Partial<RestoredState> | void;
  /** Steps into a broker call; `proceed()` passes it to the exchange. Default: proceed. */
  readonly intercept?: (call: InterceptedCall, proceed: () => unknown, clock: ManualClock) => unknown;
}

export interface Harness {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly engine: Engine;
  readonly calls: RecordedCall[];
  readonly events: CoreEvent[];
  readonly fills: Fill[];
  logs(): LogEntry[];
  logText(): string[];
  /** Moves fake time in 5 ms steps, letting async work run in between. */
  advance(ms: number): Promise<void>;
  /** Moves fake time on until `work` settles. */
  drive<T>(work: Promise<T>, limitMs?: number): Promise<T>;
  order(seq: number): Order | undefined;
  callsOf(method: string): RecordedCall[];
  stop(): Promise<void>;
}

export const AAPL_QUOTE = { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(500) };
export const MSFT_QUOTE = { bid: dec('410.00'), ask: dec('410.05'), last: dec('410.02'), bidSize: dec(500), askSize: dec(500) };

const running = new Set<Harness>();

/** Stops every harness still running (for afterEach). */
export async function stopAll(): Promise<void> {
  for (const harness of [...running]) await harness.stop();
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed: options.seed ?? 7, ...options.sim, ...(options.faults !== undefined && { faults: options.faults }) });
  sim.setQuote('AAPL', AAPL_QUOTE);
  sim.setQuote('MSFT', MSFT_QUOTE);
  const fromBefore = (await options.before?.(sim, clock)) ?? {};
  const calls: RecordedCall[] = [];
  const events: CoreEvent[] = [];
  const fills: Fill[] = [];
  // One recorder over both ports: the simulator is the broker and the market.
  const exchange = wrap(sim, clock, calls, options.intercept);
  const engine = new Engine({
    broker: exchange,
    marketData: exchange,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: ['AAPL', 'MSFT'], ...options.restored, ...fromBefore },
    random: () => 0.5,
    config: options.config,
  });
  engine.subscribe((event) => {
    events.push(event);
    if (event.type === 'fill') fills.push(event.fill);
  });
  const advance = (ms: number): Promise<void> => clock.advanceAsync(ms, 5);
  const drive = async <T>(work: Promise<T>, limitMs = 120_000): Promise<T> => {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    settled.catch(() => undefined);
    for (let waited = 0; !done; waited += 5) {
      if (waited > limitMs) throw new Error(`still not settled after ${limitMs} ms of fake time`);
      await advance(5);
    }
    return settled;
  };
  let stopped = false;
  const harness: Harness = {
    clock,
    sim,
    engine,
    calls,
    events,
    fills,
    logs: () => events.flatMap((e) => (e.type === 'log' ? [e.entry] : [])),
    logText: () => events.flatMap((e) => (e.type === 'log' ? [e.entry.text] : [])),
    advance,
    drive,
    order: (seq) => engine.orders().find((o) => o.seq === seq),
    callsOf: (method) => calls.filter((c) => c.method === method),
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(harness);
      await drive(engine.stop());
      await sim.close();
    },
  };
  running.add(harness);
  await drive(engine.start());
  await drive(engine.settled());
  return harness;
}

/** Records every call and lets `intercept` step in; answers pass through untouched otherwise. */
function wrap(exchange: SimExchange, clock: ManualClock, calls: RecordedCall[], intercept: HarnessOptions['intercept']): SimExchange {
  const counts = new Map<string, number>();
  return new Proxy(exchange, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const method = String(property);
        const n = (counts.get(method) ?? 0) + 1;
        counts.set(method, n);
        calls.push({ method, arg: args[0], at: clock.now() });
        const proceed = (): unknown => (value as (...a: unknown[]) => unknown).apply(target, args);
        return intercept === undefined ? proceed() : intercept({ method, n, args }, proceed, clock);
      };
    },
  });
}

/** A promise that resolves after `ms` of fake time. */
export function after(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, ms));
}

export const buy = (qty: number | string, extra: Partial<OrderSpec> = {}): OrderSpec => ({
  symbol: 'AAPL',
  side: 'buy',
  type: 'market',
  timeInForce: 'day',
  qty: dec(qty),
  ...extra,
});

/** A buy limit well under the market: rests until the quote is moved to it. */
export const restingBuy = (qty: number | string, extra: Partial<OrderSpec> = {}): OrderSpec =>
  buy(qty, { type: 'limit', limitPrice: dec('180.00'), ...extra });
