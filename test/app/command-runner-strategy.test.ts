import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/app/command-runner.js';
import { dec } from '../../src/domain/decimal.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Bar } from '../../src/domain/bar.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { SignalSlots } from '../../src/strategy/signal-slots.js';
import { StrategyManager, type StrategyManagerOptions } from '../../src/strategy/strategy-manager.js';
import { SymbolOwners } from '../../src/strategy/symbol-owners.js';
import { startSimEngine, type SimEngine } from '../support/sim-engine.js';
import { FakeExecutor } from '../strategy/fake-executor.js';
import { T0, scripted, settle } from '../strategy/runner-fixture.js';

let harness: SimEngine;
let notes: string[];

beforeEach(async () => {
  harness = await startSimEngine({ seed: 3 });
  notes = [];
  harness.engine.subscribe((event) => {
    if (event.type === 'log') notes.push(event.entry.text);
  });
});

afterEach(() => harness.stop());

/** A real manager over an executor the test ends orders on, and a clock it moves. */
function desk(options: Partial<StrategyManagerOptions> = {}) {
  const clock = new ManualClock(T0);
  const executor = new FakeExecutor(clock);
  for (const symbol of ['AAPL', 'MSFT', 'NVDA']) executor.prices.set(symbol, dec(100));
  const owners = new SymbolOwners();
  const manager = new StrategyManager({
    definitions: [...BUILTIN_STRATEGIES, scripted(() => ({ kind: 'buy', size: 3, reason: 'go' }))],
    executor,
    slots: new SignalSlots(3, clock),
    owners,
    clock,
    log: () => {},
    ...options,
  });
  const run = (text: string) => runCommand(harness.engine, text, manager);
  /** A closed one-minute bar on the symbol: the scripted strategy buys 3 on each. */
  const bar = (symbol: string): void => {
    manager.trade(symbol, { price: dec(100), size: dec(1), timestamp: new Date(clock.now()).toISOString() });
    clock.advance(60_000);
  };
  return { clock, executor, owners, manager, run, bar };
}

const states = (manager: StrategyManager) => manager.list().map((row) => `${row.id} ${row.symbol} ${row.state}`);

describe('runCommand: strategies', () => {
  it('says strategies are not available in a session without them, and starts nothing', async () => {
    for (const text of ['strategy start sma-cross AAPL', 'strategy list', 'strategies', 'strategy stop all']) {
      expect(await runCommand(harness.engine, text)).toEqual({ ok: false, text: 'strategies are not available in this session' });
    }
  });

  it('starts one instance per symbol and names its id, strategy and bar length', async () => {
    const { run, manager } = desk();
    expect(await run('strategy start sma-cross AAPL fast=5 slow=20 size=10 bar=5s')).toEqual({
      ok: true,
      text: 'started sma1 on AAPL (sma-cross, 5s bars)',
    });
    expect(await run('strategy start breakout msft nvda')).toEqual({ ok: true, text: 'started brk2 on MSFT, brk3 on NVDA (breakout, 1m bars)' });
    expect(states(manager)).toEqual(['sma1 AAPL running', 'brk2 MSFT running', 'brk3 NVDA running']);
  });

  it('refuses a start on an owned symbol naming the owner, and starts none of the others', async () => {
    const { run, manager, owners } = desk();
    await run('strategy start sma-cross AAPL');
    expect(await run('strategy start breakout MSFT AAPL')).toEqual({ ok: false, text: 'AAPL is already traded by sma1 (sma-cross); stop it first' });
    expect(states(manager)).toEqual(['sma1 AAPL running']);
    expect(owners.ownerOf('MSFT')).toBeUndefined();
  });

  it('answers a strategy the manager does not know, or settings it refuses, in its one line', async () => {
    const { run, manager } = desk();
    expect(await run('strategy start momentum AAPL')).toEqual({ ok: false, text: 'no strategy named momentum; known are sma-cross, bollinger, breakout, scripted' });
    expect(await run('strategy start sma-cross AAPL MSFT fast=30 slow=20')).toEqual({ ok: false, text: 'sma-cross: fast (30) must be below slow (20)' });
    expect(manager.list()).toEqual([]);
  });

  it('stops what it already started when a later symbol is taken while it starts', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const history = async (): Promise<readonly Bar[]> => {
      await gate;
      return [];
    };
    const { run, manager, owners } = desk({ history });
    const starting = run('strategy start sma-cross AAPL MSFT');
    await settle();
    const rival = manager.start('breakout', 'MSFT', []);
    open();
    expect(await rival).toEqual({ ok: true, id: 'brk2' });
    expect(await starting).toEqual({
      ok: false,
      text: 'MSFT is owned by brk2 (breakout); stop it first; so none runs: sma1 on AAPL stopped again',
    });
    expect(states(manager)).toEqual(['sma1 AAPL stopped', 'brk2 MSFT running']);
    expect(owners.ownerOf('AAPL')).toBeUndefined();
  });

  it('stops one, saying what it cancelled, then that it is already stopped', async () => {
    const { run, manager, executor, bar } = desk();
    await run('strategy start scripted AAPL');
    bar('AAPL');
    await settle();
    const stopping = run('strategy stop scr1');
    await settle();
    executor.end(executor.last().clientOrderId, 'canceled');
    expect(await stopping).toEqual({ ok: true, text: 'stopped scr1: cancelled 1 order' });
    expect(executor.cancels).toEqual([executor.last().clientOrderId]);
    expect(await run('strategy stop scr1')).toEqual({ ok: true, text: 'scr1 is already stopped' });
    expect(states(manager)).toEqual(['scr1 AAPL stopped']);
  });

  it('stops with flatten by sending the order that closes its position', async () => {
    const { run, executor, bar } = desk();
    await run('strategy start scripted AAPL');
    bar('AAPL');
    await settle();
    executor.fill(executor.last().clientOrderId, '100');
    await settle();
    const stopping = run('strategy stop scr1 flatten');
    await settle();
    expect(executor.lines().at(-1)).toBe('sell 3 AAPL scr1');
    executor.fill(executor.last().clientOrderId, '101');
    expect(await stopping).toEqual({ ok: true, text: 'stopped scr1: no working orders to cancel, sent 1 closing order' });
  });

  it('answers a stop that left an order working as a refusal that says what is still out', async () => {
    const { run, executor, clock, bar } = desk();
    await run('strategy start scripted AAPL');
    bar('AAPL');
    await settle();
    const id = executor.last().clientOrderId;
    const stopping = run('strategy stop all');
    await settle();
    await clock.advanceAsync(10_000, 1_000);
    const outcome = await stopping;
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(new RegExp(`^stopped scr1: cancelled 1 order; not finished: .*order ${id} still working`));
    expect(await run('strategy stop all')).toEqual({ ok: true, text: 'no strategies running to stop' });
  });

  it('answers an unknown id with the ids there are', async () => {
    const { run } = desk();
    expect(await run('strategy stop sma9')).toEqual({ ok: false, text: 'no strategy sma9: none has been started' });
    await run('strategy start sma-cross AAPL');
    expect(await run('strategy pause brk7')).toEqual({ ok: false, text: 'no strategy brk7; there are sma1' });
  });

  it('pauses, reduces and resumes one or all, leaving the ones a change does not apply to', async () => {
    const { run, manager } = desk();
    await run('strategy start sma-cross AAPL');
    await run('strategy start breakout MSFT');
    expect(await run('strategy pause sma1')).toEqual({ ok: true, text: 'paused sma1: no new signals; working orders stay (strategy resume to go on)' });
    expect(await run('strategy pause sma1')).toEqual({ ok: false, text: 'sma1 is paused; only a running or reducing strategy can be made paused' });
    expect(await run('strategy pause all')).toEqual({ ok: true, text: 'paused brk2: no new signals; working orders stay (strategy resume to go on)' });
    expect(await run('strategy pause all')).toEqual({ ok: true, text: 'no running or reducing strategies to pause' });
    expect(await run('strategy resume all')).toEqual({ ok: true, text: 'resumed sma1, brk2: acting on signals again' });
    expect(await run('strategy reduce brk2')).toEqual({
      ok: true,
      text: 'reducing brk2: only orders that shrink a position go out (strategy resume lifts it)',
    });
    expect(await run('strategy reduce all')).toEqual({
      ok: true,
      text: 'reducing sma1: only orders that shrink a position go out (strategy resume lifts it)',
    });
    expect(states(manager)).toEqual(['sma1 AAPL reducing', 'brk2 MSFT reducing']);
    await run('strategy stop all');
    expect(await run('strategy resume all')).toEqual({ ok: true, text: 'no paused or reducing strategies to resume' });
  });

  it('lists the instances in a short answer and in full in the log', async () => {
    const { run, executor, bar } = desk();
    expect(await run('strategy list')).toEqual({ ok: true, text: 'no strategies started; strategies lists what can be started' });
    await run('strategy start scripted AAPL max-pos=500');
    await run('strategy start sma-cross MSFT bar=5s');
    await run('strategy pause sma2');
    bar('AAPL');
    await settle();
    executor.fill(executor.last().clientOrderId, '100');
    executor.prices.set('AAPL', dec(102));
    await settle();
    expect(await run('strategy list')).toEqual({ ok: true, text: '2 strategies: scr1 AAPL running, sma2 MSFT paused (details in the log)' });
    expect(notes.filter((line) => line.startsWith('strategy list: '))).toEqual([
      'strategy list: scr1 scripted AAPL 1m bars · running · slots 0 · sent 1, refused 0 · position +3 · P&L realized 0.00, unrealized +6.00 · limits max-pos=500 max-notional=250000 max-orders=30 · last signal 15:01:00 UTC buy 3 (go)',
      'strategy list: sma2 sma-cross MSFT 5s bars · paused · slots 0 · sent 0, refused 0 · position 0 · P&L realized 0.00, unrealized 0.00 · limits max-pos=10000 max-notional=250000 max-orders=30 · no signal yet',
    ]);
  });

  it('lists what can be started in a short answer, each parameter in the log', async () => {
    const { run } = desk();
    const outcome = await run('strategies');
    expect(outcome).toEqual({
      ok: true,
      text: '4 strategies to start: sma-cross, bollinger, breakout, scripted (parameters in the log), e.g. strategy start sma-cross AAPL',
    });
    const logged = notes.filter((line) => line.startsWith('strategies: '));
    // The runner's own parameters once, after every strategy, not under each.
    expect(logged.slice(-5)).toEqual([
      'strategies: every strategy also takes',
      'strategies:   bar=1m (a bar length: 5s, 1m, 1h, 1d …) — the length of the bars it trades on',
      expect.stringMatching(/^strategies: {3}max-pos=\d+ \(a positive number of shares\) — /),
      expect.stringMatching(/^strategies: {3}max-notional=\d+ \(a positive dollar amount\) — /),
      expect.stringMatching(/^strategies: {3}max-orders=\d+ \(a whole number from 1\) — /),
    ]);
    expect(logged.filter((line) => line.includes('bar=1m'))).toHaveLength(1);
    expect(logged.filter((line) => /^strategies: \S+ — /.test(line)).map((line) => line.split(' ')[1])).toEqual([
      'sma-cross',
      'bollinger',
      'breakout',
      'scripted',
    ]);
    expect(logged.some((line) => line.startsWith('strategies:   sma-cross fast=5 (a whole number from'))).toBe(true);
  });
});
