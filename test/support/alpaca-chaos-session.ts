import WebSocket from 'ws';
import { AlpacaBroker } from '../../src/broker/alpaca/alpaca-broker.js';
import { AlpacaMarketData } from '../../src/broker/alpaca/alpaca-market-data.js';
import { endpointsAt } from '../../src/broker/alpaca/endpoints.js';
import type { AccountFaults } from '../../src/broker/emulator/account-faults.js';
import { parseEmulatorFaults, type EmulatorFaults } from '../../src/broker/emulator/emulator-faults.js';
import { createEmulatorServer, type EmulatorServer } from '../../src/broker/emulator/emulator-server.js';
import { TRADE_STREAM_PATH } from '../../src/broker/emulator/trade-stream.js';
import { perShareCommission } from '../../src/domain/costs/commission.js';
import { createSimExchange } from '../../src/broker/sim/sim-exchange.js';
import type { EngineConfig } from '../../src/core/engine-config.js';
import { dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { ManualClock, flushMicrotasks } from '../../src/kernel/clock.js';
import { chaosEngine, settle, type ChaosSession } from './chaos-session.js';

/** The paper key the session trades with: the emulator's account, and its fault counters, are under it. */
export const CHAOS_KEY_ID = 'PKCHAOS';
const SECRET = 'chaos-secret';
/** Fake time moved between two waits for the network, as the sim's chaos session steps. */
const STEP_MS = 5;
/** Real time the network may take to go quiet after one step: a reconnect after an outage backs off for up to a second or two. */
const QUIET_DEADLINE_MS = 15_000;
/** Turns of the event loop spent spinning before waiting on a real timer (a reconnect's backoff). */
const SPIN_TURNS = 50;

/** What crossed the loopback so far, counted at both ends. */
export interface WireCounts {
  /** Broker and market-data calls the engine made that have not settled. */
  inFlight: number;
  /** Submit answers the emulator is holding for the stream (`fillBeforeAck`). */
  held: number;
  /** Trade-update frames the emulator handed to a socket. */
  framesSent: number;
  /** Trade-update frames the adapter's sockets read. */
  framesReceived: number;
  /** Frames sent to sockets that closed before the adapter read them: Alpaca replays nothing. */
  framesLost: number;
}

export interface AlpacaChaosSession extends ChaosSession {
  readonly server: EmulatorServer;
  readonly broker: AlpacaBroker;
  readonly wire: WireCounts;
  /** What the adapters told: stream drops, refused upgrades, events they skipped. */
  readonly notices: string[];
}

export interface AlpacaChaosOptions {
  readonly seed: number;
  /** Switched on once the engine has started, for the whole emulator (a 429 on the upgrade comes before any key). */
  readonly faults: EmulatorFaults;
  readonly config?: Partial<EngineConfig>;
}

/**
 * A real engine trading through the Alpaca adapter and the official SDK, over loopback, with the
 * emulator whose account exchange is the sim of the sim's own chaos session, all on one ManualClock.
 * Fake time moves in small steps, and after each the session waits in real time until the network
 * is quiet: every call the engine made has its answer (except submit answers the emulator holds for
 * the stream, which only fake time releases), every trade-update frame sent has been read or its
 * socket has closed, and the stream is listening again whenever the exchange's own stream is up.
 */
export async function startAlpacaChaosSession(options: AlpacaChaosOptions): Promise<AlpacaChaosSession> {
  const clock = new ManualClock();
  const server = await createEmulatorServer({
    clock,
    // The engine's own budget is lifted as in the sim's chaos session; 429s come from the faults.
    rateLimitPerMinute: 1_000_000_000,
    createExchange: () =>
      createSimExchange({
        clock,
        seed: options.seed,
        tickIntervalMs: 250,
        startingCash: dec('100000000'),
        commission: perShareCommission({ perShare: '0.005', minimum: '1' }),
      }),
  });
  const account = server.accounts.signIn(CHAOS_KEY_ID, SECRET);
  const sim = account.exchange;
  const wire: WireCounts = { inFlight: 0, held: 0, framesSent: 0, framesReceived: 0, framesLost: 0 };
  observeHolds(account.faults, wire);
  const unobserve = observeSockets(wire);

  const notices: string[] = [];
  const notice = (level: string, text: string): void => void notices.push(`${level}: ${text}`);
  const endpoints = endpointsAt(server.url);
  const broker = new AlpacaBroker({
    endpoints,
    keyId: CHAOS_KEY_ID,
    secret: SECRET,
    mode: 'paper',
    clock,
    notice,
    // Reconnects after a refused upgrade or an outage take milliseconds of real time, not seconds.
    stream: { pingIntervalMs: 0, initialReconnectMs: 20 },
  });
  const marketData = new AlpacaMarketData({ dataUrl: endpoints.data, streamUrl: endpoints.dataStream, keyId: CHAOS_KEY_ID, secret: SECRET, clock, notice, pingIntervalMs: 0 });

  const quiet = async (): Promise<void> => {
    const deadline = Date.now() + QUIET_DEADLINE_MS;
    for (let turn = 0; ; turn++) {
      await (turn < SPIN_TURNS ? new Promise<void>((resolve) => setImmediate(resolve)) : new Promise<void>((resolve) => setTimeout(resolve, 1)));
      const listening = sim.connection().stream !== 'ok' || broker.connection().stream === 'ok';
      const read = wire.framesReceived + wire.framesLost >= wire.framesSent;
      if (wire.inFlight <= wire.held && read && listening && marketData.subscriptionsConfirmed()) return;
      if (Date.now() > deadline) {
        throw new Error(
          `the network did not go quiet within ${QUIET_DEADLINE_MS} ms: ${JSON.stringify(wire)}, exchange stream ${sim.connection().stream}, ` +
            `adapter stream ${broker.connection().stream}, market data confirmed ${String(marketData.subscriptionsConfirmed())}; notices: ${notices.slice(-5).join(' | ')}`,
        );
      }
    }
  };
  const advance = async (ms: number): Promise<void> => {
    for (let done = 0; done < ms; done += STEP_MS) {
      clock.advance(Math.min(STEP_MS, ms - done));
      await flushMicrotasks();
      await quiet();
    }
  };

  const engine = chaosEngine({
    broker: counted(broker, wire),
    marketData: counted(marketData, wire),
    clock,
    seed: options.seed,
    ...(options.config !== undefined && { config: options.config }),
  });
  const fills: Fill[] = [];
  engine.subscribe((event) => {
    if (event.type === 'fill') fills.push(event.fill);
  });
  const stop = async (): Promise<void> => {
    try {
      await engine.stop();
      await Promise.all([broker.close(), marketData.close()]);
      await server.close();
    } finally {
      unobserve();
    }
  };
  sim.start();
  broker.connect();
  let started = false;
  const start = engine.start().finally(() => {
    started = true;
  });
  try {
    while (!started) await advance(10);
    await start;
  } catch (error) {
    await stop();
    throw error;
  }
  server.accounts.setFaults(options.faults);
  return { clock, sim, engine, fills, refused: [], cancelled: new Set(), faultsOffAt: undefined, server, broker, wire, notices, advance, stop };
}

/** Every fault off, the emulator's and the exchange's, then the sim's settling: polls, timeouts, a reconciliation. */
export async function settleAlpaca(session: AlpacaChaosSession): Promise<void> {
  session.server.accounts.setFaults(parseEmulatorFaults('none'));
  await settle(session);
}

/** Counts the account's submit answers held for the stream, from the hold until its release. */
function observeHolds(faults: AccountFaults, wire: WireCounts): void {
  const hold = faults.holdAnswer.bind(faults);
  faults.holdAnswer = (clientOrderId) => {
    const held = hold(clientOrderId);
    wire.held += 1;
    void held.released.then(() => (wire.held -= 1));
    return held;
  };
}

/**
 * Counts trade-update frames on the sockets themselves, below the adapter and the emulator's stream
 * (both under test): each one the emulator's side sends, from the moment it is handed to the socket,
 * and each one the client's side reads. When a client socket closes, after its last frame, whatever
 * was sent to it and not read never will be. Returns the undoing of it.
 */
function observeSockets(wire: WireCounts): () => void {
  const { emit, send } = WebSocket.prototype;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]): void {
    // Only a client socket has a URL; the emulator's side of the connection has none.
    if (this.url === undefined && isTradeUpdateFrame(data)) wire.framesSent += 1;
    (send as (this: WebSocket, ...args: unknown[]) => void).call(this, data, ...rest);
  };
  WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
    if (this.url?.endsWith(TRADE_STREAM_PATH)) {
      if (event === 'message' && isTradeUpdateFrame(args[0])) wire.framesReceived += 1;
      if (event === 'close') wire.framesLost = wire.framesSent - wire.framesReceived;
    }
    return emit.call(this, event, ...args);
  };
  return () => {
    Object.assign(WebSocket.prototype, { emit, send });
  };
}

function isTradeUpdateFrame(data: unknown): boolean {
  const bytes = Array.isArray(data) ? Buffer.concat(data as Buffer[]) : data instanceof ArrayBuffer ? Buffer.from(data) : (data as Buffer);
  try {
    return (JSON.parse(bytes.toString('utf8')) as { stream?: unknown }).stream === 'trade_updates';
  } catch {
    return false;
  }
}

/** The adapter as the engine sees it, counting each call from the moment it is made until it settles. */
function counted<T extends object>(target: T, wire: WireCounts): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (!(result instanceof Promise)) return result;
        wire.inFlight += 1;
        return result.finally(() => (wire.inFlight -= 1));
      };
    },
  });
}
