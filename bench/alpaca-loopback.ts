import { AlpacaBroker } from '../src/broker/alpaca/alpaca-broker.js';
import { AlpacaMarketData } from '../src/broker/alpaca/alpaca-market-data.js';
import { endpointsAt } from '../src/broker/alpaca/endpoints.js';
import { createEmulatorServer, type EmulatorServer } from '../src/broker/emulator/emulator-server.js';
import { createSimExchange, type SimExchange, type SimExchangeOptions } from '../src/broker/sim/sim-exchange.js';
import { createClientOrderIdFactory } from '../src/domain/client-order-id.js';
import { Engine } from '../src/core/engine.js';
import type { EngineConfig } from '../src/core/engine-config.js';
import { ManualClock, type Clock } from '../src/kernel/clock.js';
import { HttpCensus } from './alpaca-census.js';

const KEY = 'PKBENCH';
const SECRET = 'bench-secret';
/** Generous: the engine's own limiter is what is measured, and the emulator would count market data against it too. */
const EMULATOR_REQUESTS_PER_MINUTE = 1_000_000;
/** As the console's factory sets it. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface AlpacaLoopback {
  readonly server: EmulatorServer;
  /** The account's exchange behind the emulator. */
  readonly sim: SimExchange;
  readonly trading: AlpacaBroker;
  readonly engine: Engine;
  readonly census: HttpCensus;
  /**
   * Lets `ms` of the bench's time pass. On a ManualClock, in steps of `stepMs`, each followed by a
   * wait in real time until every request the SDK has open is answered and read and the trade
   * stream has delivered what the exchange sent: the sockets run on real time, the engine on fake.
   */
  advance(ms: number, stepMs: number): Promise<void>;
  /** Lets time pass until `work` settles. */
  drive<T>(work: Promise<T>, stepMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  readonly clock: Clock;
  readonly sim: Omit<SimExchangeOptions, 'clock' | 'seed'>;
  readonly config: Partial<EngineConfig>;
  readonly watchlist: readonly string[];
}

/**
 * The console's stack as `--broker alpaca` builds it, pointed at an emulator on loopback: a real
 * Engine over AlpacaBroker and AlpacaMarketData (the official SDK), the emulator's one account over a
 * sim exchange, every REST request the emulator receives counted. The trade stream is open before
 * the engine starts.
 */
export async function openAlpacaLoopback(options: LoopbackOptions): Promise<AlpacaLoopback> {
  const { clock } = options;
  const census = new HttpCensus(clock);
  const updates = { sent: 0, received: 0 };
  let sim: SimExchange | undefined;
  const server = await createEmulatorServer({
    clock,
    rateLimitPerMinute: EMULATOR_REQUESTS_PER_MINUTE,
    createExchange: (seed) => (sim = createSimExchange({ ...options.sim, clock, seed })),
  });
  const endpoints = endpointsAt(server.url);
  const notice = (level: 'info' | 'warn' | 'error', text: string): void => {
    if (level === 'error') console.error(`alpaca bench: ${text}`);
  };
  const trading = new AlpacaBroker({ endpoints, keyId: KEY, secret: SECRET, mode: 'paper', clock, notice, timeoutMs: REQUEST_TIMEOUT_MS });
  const marketData = new AlpacaMarketData({ dataUrl: endpoints.data, streamUrl: endpoints.dataStream, keyId: KEY, secret: SECRET, clock, notice, timeoutMs: REQUEST_TIMEOUT_MS });
  const calm = (): boolean => census.open === 0 && (updates.received >= updates.sent || trading.connection().stream !== 'ok');
  const { advance, drive } = clock instanceof ManualClock ? fakeTime(clock, calm) : realTime();
  trading.subscribeTradeUpdates(() => (updates.received += 1));
  await drive(trading.getAccount());
  if (sim === undefined) throw new Error('the emulator made no account for the bench key');
  const exchange = sim;
  exchange.subscribeTradeUpdates(() => (updates.sent += 1));
  trading.connect();
  await until(() => trading.connection().stream === 'ok', 'the trade-update stream to open');
  const engine = new Engine({
    broker: trading,
    marketData,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: options.watchlist },
    config: options.config,
  });
  await drive(engine.start());
  await drive(engine.settled());
  return {
    server,
    sim: exchange,
    trading,
    engine,
    census,
    advance,
    drive,
    async close() {
      await drive(engine.stop());
      await Promise.all([trading.close(), marketData.close()]);
      await server.close();
      census.close();
    },
  };
}

const DRIVE_STEP_MS = 10;
/** Fake time a start, stop or batch of orders may take before the bench gives up on it. */
const DRIVE_LIMIT_MS = 600_000;
/** Turns of the event loop with nothing open before the I/O is taken to have settled. */
const CALM_TURNS = 3;

type Pace = Pick<AlpacaLoopback, 'advance' | 'drive'>;

function fakeTime(clock: ManualClock, calm: () => boolean): Pace {
  const settle = async (): Promise<void> => {
    const deadline = Date.now() + 10_000;
    for (let turns = 0; turns < CALM_TURNS; turns = calm() ? turns + 1 : 0) {
      if (Date.now() > deadline) throw new Error('the SDK still has requests open or the stream is behind after 10 s of real time');
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const advance = async (ms: number, stepMs: number): Promise<void> => {
    for (let done = 0; done < ms; done += stepMs) {
      clock.advance(Math.min(stepMs, ms - done));
      await settle();
    }
  };
  return {
    advance,
    async drive(work, stepMs = DRIVE_STEP_MS) {
      let done = false;
      const settled = work.finally(() => (done = true));
      settled.catch(() => undefined);
      await settle();
      for (let waited = 0; !done; waited += stepMs) {
        if (waited > DRIVE_LIMIT_MS) throw new Error(`still not settled after ${DRIVE_LIMIT_MS} ms of fake time`);
        await advance(stepMs, stepMs);
      }
      return settled;
    },
  };
}

function realTime(): Pace {
  return {
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    drive: (work) => work,
  };
}

/** Waits in real time (sockets do not follow a fake clock) for `done`, up to 10 s. */
export async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
