import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/core/clock.js';
import { Engine } from '../../src/core/engine.js';
import { runCommand } from '../../src/app/command-runner.js';
import { createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createEventBatcher, type EventBatcher } from '../../store/event-batcher.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { renderApp, tick } from './fixtures.js';

let sim: SimExchange;
let engine: Engine;
let batcher: EventBatcher;

afterEach(async () => {
  cleanup();
  batcher.stop();
  await engine.stop();
  await sim.close();
});

/** The whole stack but the terminal: the real simulator, engine, store batching and Ink app. */
async function tradingConsole() {
  const clock = new ManualClock();
  sim = createSimExchange({ clock, seed: 9 });
  sim.setQuote('AAPL', { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(500) });
  engine = new Engine({
    broker: sim,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: ['AAPL'] },
  });
  await engine.start();
  const store = createConsoleStore(initialConsoleState('sim', 'sim'));
  batcher = createEventBatcher(store, clock, 100);
  engine.subscribe((event) => batcher.push(event));
  for (const event of engine.currentState()) batcher.push(event);
  batcher.flush();
  const actions = createConsoleActions({ store, run: (text) => runCommand(engine, text), now: () => clock.now(), onQuit: () => {} });
  const app = await renderApp(store, actions, { size: { columns: 120, rows: 30 }, now: () => clock.now() });
  /** Lets the exchange and the engine run for `ms` of fake time, then lets Ink draw. */
  const run = async (ms: number): Promise<void> => {
    await clock.advanceAsync(ms, 5);
    await tick();
  };
  return { app, run };
}

describe('trading from the console', () => {
  it('types an order, sees the preview, and watches it fill into a position', async () => {
    const { app, run } = await tradingConsole();
    await app.type('buy 10 AAPL');
    expect(app.frame()).toContain('BUY 10 AAPL MKT DAY');
    expect(app.frame()).toContain('1,874.40');
    await app.type('\r');
    await run(300);
    const orderLine = app.lines().find((line) => line.includes('#1 '));
    expect(orderLine).toMatch(/BUY\s+10 AAPL/);
    expect(orderLine).toMatch(/10\/10\s+filled/);
    const positionLine = app.lines().find((line) => /AAPL\s+\+?10\b/.test(line) && line.includes('187.44'));
    expect(positionLine).toBeDefined();
    expect(app.frame()).toMatch(/filled 10 @ 187\.44/);
  });

  it('shows why a command was refused and sends nothing', async () => {
    const { app, run } = await tradingConsole();
    await app.type('buy 10 AAPL @ abc\r');
    await run(100);
    expect(app.frame()).toContain("'abc' is not a price");
    expect(sim.ledger().orders).toHaveLength(0);
  });
});
