import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import { runCommand } from '../../src/app/command-runner.js';
import { ConsoleContext } from '../../components/console-context.js';
import { LogPane } from '../../components/LogPane.js';
import { createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { createEventBatcher, type EventBatcher } from '../../store/event-batcher.js';
import { startSimEngine, type SimEngine } from '../support/sim-engine.js';
import { tick } from './fixtures.js';

const ANSI = /\x1b\[[0-9;]*m/g;

let harness: SimEngine | undefined;
let batcher: EventBatcher | undefined;

afterEach(async () => {
  cleanup();
  batcher?.stop();
  await harness?.stop();
  harness = undefined;
});

/** The real simulator and engine under fake time, folded into the store as the console does, and the log pane drawn at the size a 200×60 terminal gives it. */
async function logFromCore() {
  const h = (harness = await startSimEngine({ seed: 9 }));
  const store = createConsoleStore(initialConsoleState('sim', 'sim'));
  const b = (batcher = createEventBatcher(store, h.clock, 100));
  h.engine.subscribe((event) => b.push(event));
  const actions = createConsoleActions({ store, run: (text) => runCommand(h.engine, text), now: () => h.clock.now(), onQuit: () => {} });
  const tree = (
    <ConsoleContext.Provider value={{ store, actions }}>
      <LogPane box={{ width: 120, height: 26 }} />
    </ConsoleContext.Provider>
  );
  const instance = render(tree);
  // Drawn again rather than resized: Ink ignores resize events when CI is set.
  Object.defineProperty(instance.stdout, 'columns', { value: 200, configurable: true });
  instance.rerender(tree);
  await tick();
  const run = async (ms: number): Promise<void> => {
    await h.advance(ms);
    await tick();
  };
  /** The pane's rows without the border, time and padding: `WARN  submit …`. */
  const rows = (): string[] =>
    (instance.lastFrame() ?? '')
      .replace(ANSI, '')
      .split('\n')
      .slice(1, -1)
      .map((line) => line.slice(2, -2).replace(/^\d\d:\d\d:\d\d /, '').trimEnd())
      .filter((row) => row !== '');
  return { ...h, actions, run, rows, command: (text: string) => runCommand(h.engine, text) };
}

describe('the log pane, fed by the real core', () => {
  it('shows a fill with its price and quantity', async () => {
    const log = await logFromCore();
    await log.command('buy 10 AAPL');
    await log.run(300);
    expect(log.rows()).toContainEqual('INFO  #1 BUY 10 AAPL filled 10 @ 187.44 (10/10)');
  });

  it('shows each retry of a submit the broker failed, with the attempt and the wait', async () => {
    const log = await logFromCore();
    log.sim.setFaults({ operations: { submitOrder: { transient: 1 } } });
    const placing = log.command('buy 10 AAPL');
    await log.run(1500);
    log.sim.setFaults({});
    await log.run(3000);
    expect((await placing).ok).toBe(true);
    const retries = log.rows().filter((row) => row.startsWith('WARN  submit #1 '));
    expect(retries.map((row) => row.replace(/in [\d.]+m?s$/, 'in …'))).toEqual([
      'WARN  submit #1 unavailable — retry 2/5 in …',
      'WARN  submit #1 unavailable — retry 3/5 in …',
      'WARN  submit #1 unavailable — retry 4/5 in …',
      'WARN  submit #1 unavailable — retry 5/5 in …',
    ]);
    expect(log.rows().at(-1)).toBe('INFO  #1 BUY 10 AAPL filled 10 @ 187.44 (10/10)');
  });

  it("shows a rejection with the broker's reason", async () => {
    const log = await logFromCore();
    expect((await log.command('buy 10 AAPL opg')).ok).toBe(false);
    await log.run(200);
    expect(log.rows()).toContainEqual(expect.stringMatching(/^ERROR #1 BUY 10 AAPL rejected: .*opg/));
  });

  it('shows an order timing out, its final check, and the cancel', async () => {
    const log = await logFromCore();
    await log.command('buy 10 AAPL @ 150 ttl 1s');
    await log.run(1600);
    expect(log.rows()).toEqual(
      expect.arrayContaining([
        'WARN  #1 BUY 10 AAPL @ 150.00 timed out after 1s: final check, then cancel',
        expect.stringMatching(/^INFO  #1 BUY 10 AAPL @ 150\.00 canceled/),
      ]),
    );
  });

  it('shows what reconciliation found and fixed', async () => {
    const log = await logFromCore();
    // An order placed at the broker behind Blotter's back, as from another client on the same
    // account, whose news the stream loses: only reconciliation can find it.
    log.sim.setFaults({ drop: 1 });
    await log.sim.submitOrder({
      clientOrderId: 'other-client-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtc',
      qty: dec(3),
      limitPrice: dec('150'),
    });
    await log.run(100);
    log.sim.setFaults({});
    await log.engine.reconcile('periodic');
    await log.run(200);
    expect(log.rows()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^WARN  #1 BUY 3 AAPL @ 150\.00 adopted: the broker has it but Blotter did not place it/),
        'WARN  reconcile (periodic): 1 difference found and fixed',
      ]),
    );
  });

  it('shows a halt by hand and the resume', async () => {
    const log = await logFromCore();
    await log.command('halt fat finger');
    await log.command('resume');
    await log.run(200);
    expect(log.rows().slice(-2)).toEqual([
      expect.stringMatching(/^WARN  trading halted \(fat finger\): new orders are refused; cancels and closes still go through/),
      'INFO  trading resumed: new orders allowed',
    ]);
  });

  it('shows the circuit breaker halting trading after repeated broker failures', async () => {
    const log = await logFromCore();
    log.sim.setFaults({ transient: 1 });
    const placing = log.command('buy 10 AAPL');
    await log.run(20_000);
    expect((await placing).ok).toBe(false);
    expect(log.rows()).toContainEqual(expect.stringMatching(/^WARN  trading halted \(circuit breaker: .+\): new orders are refus/));
  });
});
