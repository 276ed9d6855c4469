import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { runCommand } from '../../src/app/command-runner.js';
import { createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createEventBatcher, type EventBatcher } from '../../store/event-batcher.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { renderApp, tick } from './fixtures.js';
import { startSimEngine, type SimEngine } from '../support/sim-engine.js';

let harness: SimEngine;
let batcher: EventBatcher;

afterEach(async () => {
  cleanup();
  batcher.stop();
  await harness.stop();
});

/** The whole stack but the terminal: the real simulator, engine, store batching and Ink app. */
async function tradingConsole() {
  harness = await startSimEngine({ seed: 9 });
  const { clock, engine } = harness;
  const store = createConsoleStore(initialConsoleState('sim', 'sim'));
  batcher = createEventBatcher(store, clock, 100);
  engine.subscribe((event) => batcher.push(event));
  for (const event of engine.currentState()) batcher.push(event);
  batcher.flush();
  const actions = createConsoleActions({ store, run: (text) => runCommand(engine, text), now: () => clock.now(), onQuit: () => {} });
  const app = await renderApp(store, actions, { size: { columns: 120, rows: 30 }, now: () => clock.now() });
  /** Lets the exchange and the engine run for `ms` of fake time, then lets Ink draw. */
  const run = async (ms: number): Promise<void> => {
    await harness.advance(ms);
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
    expect(harness.sim.ledger().orders).toHaveLength(0);
  });
});
