import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { Engine } from '../../src/core/engine.js';

export interface SimEngine {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly engine: Engine;
  /** Moves fake time forward in small steps, letting the engine's async work run in between. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A started engine on a real simulated exchange under fake time, with AAPL quoted at a known
 * 187.40 x 187.44 (500 shares each side) so fills and estimates are predictable.
 */
export async function startSimEngine(options: { seed?: number; watchlist?: readonly string[] } = {}): Promise<SimEngine> {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed: options.seed ?? 7 });
  sim.setQuote('AAPL', { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(500) });
  const engine = new Engine({
    broker: sim,
    marketData: sim,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: options.watchlist ?? ['AAPL'] },
  });
  await engine.start();
  return {
    clock,
    sim,
    engine,
    advance: (ms) => clock.advanceAsync(ms, 5),
    async stop() {
      await engine.stop();
      await sim.close();
    },
  };
}
