import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Bar } from '../../src/domain/bar.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { SignalSlots } from '../../src/strategy/signal-slots.js';
import { DEFAULT_SOURCE_LIMITS } from '../../src/strategy/source-limits.js';
import { StrategyManager, type StrategyManagerOptions } from '../../src/strategy/strategy-manager.js';
import { SymbolOwners } from '../../src/strategy/symbol-owners.js';
import { FakeExecutor } from './fake-executor.js';
import { T0, bar, scripted, settle } from './runner-fixture.js';

function setup(options: Partial<StrategyManagerOptions> = {}) {
  const clock = new ManualClock(T0);
  const executor = new FakeExecutor(clock);
  executor.prices.set('AAPL', dec(100));
  executor.prices.set('MSFT', dec(100));
  const slots = new SignalSlots(3, clock);
  const owners = new SymbolOwners();
  const logs: string[] = [];
  const manager = new StrategyManager({
    definitions: BUILTIN_STRATEGIES,
    executor,
    slots,
    owners,
    clock,
    log: (level, text) => logs.push(`${level} ${text}`),
    ...options,
  });
  return { clock, executor, slots, owners, logs, manager };
}

describe('StrategyManager', () => {
  it('starts instances with short unique ids, taking bar= out of the parameters', async () => {
    const { manager } = setup();
    expect(await manager.start('sma-cross', 'AAPL', ['fast=5', 'slow=20', 'size=10', 'bar=5s'])).toEqual({ ok: true, id: 'sma1' });
    expect(await manager.start('Breakout', 'MSFT', [])).toEqual({ ok: true, id: 'brk2' });
    expect(manager.list().map(({ id, name, symbol, timeframe, state }) => [id, name, symbol, timeframe, state])).toEqual([
      ['sma1', 'sma-cross', 'AAPL', '5s', 'running'],
      ['brk2', 'breakout', 'MSFT', '1m', 'running'],
    ]);
  });

  it('refuses bad parameters, a bad bar and an unknown strategy, each in one line', async () => {
    const { manager } = setup();
    expect(await manager.start('sma-cross', 'AAPL', ['fast=30', 'slow=20'])).toEqual({ ok: false, problem: 'sma-cross: fast (30) must be below slow (20)' });
    expect(await manager.start('sma-cross', 'AAPL', ['bar=7s'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^bar: '7s' does not divide a day/) });
    expect(await manager.start('momentum', 'AAPL', [])).toEqual({ ok: false, problem: 'no strategy named momentum; known are sma-cross, bollinger, breakout' });
    expect(manager.list()).toEqual([]);
  });

  it('lets one of two starts racing for a symbol own it, and refuses the other naming the owner', async () => {
    const { manager, owners } = setup();
    const [first, second] = await Promise.all([manager.start('sma-cross', 'AAPL', []), manager.start('breakout', 'AAPL', [])]);
    expect(first).toEqual({ ok: true, id: 'sma1' });
    expect(second).toEqual({ ok: false, problem: 'AAPL is owned by sma1 (sma-cross); stop it first' });
    expect(owners.ownerOf('AAPL')?.id).toBe('sma1');
    expect(manager.list().map((row) => row.id)).toEqual(['sma1']);
  });

  it('frees the symbol and the slots on stop, and a second stop finds nothing to do', async () => {
    const world = setup({ definitions: [scripted(() => ({ kind: 'buy', size: 3, reason: 'go' }))] });
    const { manager, owners, slots } = world;
    await manager.start('scripted', 'AAPL', []);
    expect(manager.list()[0]?.id).toBe('scr1');
    barTo(world, 'AAPL');
    await settle();
    expect(slots.holdings('scr1')).toHaveLength(1);
    const stops = Promise.all([manager.stop('scr1', { timeoutMs: 1_000 }), manager.stop('scr1', { timeoutMs: 1_000 })]);
    await settle();
    world.executor.end(world.executor.last().clientOrderId, 'canceled');
    const [one, two] = await stops;
    expect(one?.[0]?.report).toMatchObject({ canceled: [world.executor.last().clientOrderId], unfinished: [] });
    expect(one).toHaveLength(1);
    expect(two).toEqual([]);
    expect(owners.ownerOf('AAPL')).toBeUndefined();
    expect(slots.figures().inUse).toBe(0);
    expect(manager.list()[0]?.state).toBe('stopped');
    expect(await manager.start('scripted', 'AAPL', [])).toEqual({ ok: true, id: 'scr2' });
  });

  it('runs a stop that arrives during a start after the start, never in the middle of it', async () => {
    let deliver!: (bars: readonly Bar[]) => void;
    const history = (): Promise<readonly Bar[]> => new Promise((resolve) => (deliver = resolve));
    const { manager, owners, logs } = setup({ history });
    const starting = manager.start('sma-cross', 'AAPL', []);
    await settle();
    const stopping = manager.stop('sma1', { timeoutMs: 0 });
    await settle();
    expect(manager.list()[0]?.state).toBe('running');
    deliver([bar(0, 100), bar(1, 101)]);
    expect(await starting).toEqual({ ok: true, id: 'sma1' });
    expect(await stopping).toHaveLength(1);
    expect(manager.list()[0]?.state).toBe('stopped');
    expect(owners.ownerOf('AAPL')).toBeUndefined();
    expect(logs.filter((line) => line.startsWith('info sma1: '))).toEqual([
      'info sma1: sma-cross started on AAPL with 1m bars',
      'info sma1: stopped cleanly',
    ]);
  });

  it('stops a strategy whose handler throws and keeps the others going', async () => {
    const definitions = [
      scripted(() => {
        throw new Error('bad math');
      }),
      ...BUILTIN_STRATEGIES,
    ];
    const world = setup({ definitions });
    const { manager, owners } = world;
    await manager.start('scripted', 'AAPL', []);
    await manager.start('sma-cross', 'MSFT', []);
    barTo(world, 'AAPL');
    await manager.settled();
    expect(manager.list().map((row) => [row.id, row.state, row.error])).toEqual([
      ['scr1', 'error', 'onBar threw: bad math'],
      ['sma2', 'running', undefined],
    ]);
    expect(owners.ownerOf('AAPL')).toBeUndefined();
    expect(owners.ownerOf('MSFT')?.id).toBe('sma2');
  });

  it('pauses, reduces and resumes, refusing a change a stopped instance cannot make', async () => {
    const { manager } = setup();
    await manager.start('sma-cross', 'AAPL', []);
    expect(await manager.pause('sma1')).toEqual({ ok: true });
    expect(await manager.reduce('sma1')).toEqual({ ok: true });
    expect(manager.list()[0]?.state).toBe('reducing');
    expect(await manager.resume('sma1')).toEqual({ ok: true });
    await manager.stop('all');
    expect(await manager.resume('sma1')).toEqual({ ok: false, problem: 'sma1 is stopped' });
    await expect(manager.pause('xyz9')).rejects.toThrow('no strategy xyz9; there are sma1');
  });

  it('takes the limits from the start arguments, shows them in its row and refuses a signal over them', async () => {
    const world = setup({ definitions: [scripted(() => ({ kind: 'buy', size: 20, reason: 'in' }))] });
    const { manager, logs } = world;
    expect(await manager.start('scripted', 'AAPL', ['max-pos=10', 'max-notional=5000', 'max-orders=5'])).toEqual({ ok: true, id: 'scr1' });
    const { maxPosition, maxNotional, maxOrdersPerMinute } = manager.list()[0]?.limits ?? DEFAULT_SOURCE_LIMITS;
    expect([maxPosition.toString(), maxNotional.toString(), maxOrdersPerMinute]).toEqual(['10', '5000', 5]);
    barTo(world, 'AAPL');
    expect(logs).toContain('warn scr1: signal refused: buy 20 (in): its position would be 20 AAPL, over its max position of 10 — buy at most 10');
    expect(manager.list()[0]).toMatchObject({ sent: 0, refused: 1, refusedBy: { limit: 1 }, slotsInUse: 0 });
    expect(await manager.start('scripted', 'MSFT', ['max-orders=often'])).toEqual({
      ok: false,
      problem: "max-orders must be a whole number of orders a minute, 1 or more, like max-orders=10; got 'often'",
    });
  });

  it('makes every running or paused instance reducing with reduce all, leaving stopped ones stopped', async () => {
    const { manager } = setup();
    await manager.start('sma-cross', 'AAPL', []);
    await manager.start('breakout', 'MSFT', []);
    await manager.start('bollinger', 'NVDA', []);
    await manager.pause('brk2');
    await manager.stop('bll3');
    expect(await manager.reduce('all')).toEqual({ ok: true });
    expect(manager.list().map((row) => `${row.id} ${row.state}`)).toEqual(['sma1 reducing', 'brk2 reducing', 'bll3 stopped']);
    expect(await manager.reduce('ALL')).toEqual({ ok: true });
  });

  it('lists each instance with its slots, signals, position and P&L from its own fills', async () => {
    const world = setup({ definitions: [scripted((_ctx, i) => (i === 0 ? { kind: 'buy', size: 10, reason: 'in' } : undefined))] });
    const { manager, executor } = world;
    await manager.start('scripted', 'AAPL', []);
    barTo(world, 'AAPL');
    await settle();
    expect(manager.list()[0]).toMatchObject({ slotsInUse: 1, sent: 1, refused: 0 });
    executor.fill(executor.last().clientOrderId, '100');
    executor.prices.set('AAPL', dec('103'));
    await settle();
    const row = manager.list()[0];
    expect(row).toMatchObject({ slotsInUse: 0, sent: 1, lastSignal: { at: T0 + 60_000, text: 'buy 10 (in)' } });
    expect([row?.position.toString(), row?.realized.toString(), row?.unrealized?.toString()]).toEqual(['10', '0', '30']);
  });

  it('lists what can be started, with every parameter, its values and default', () => {
    const { manager } = setup();
    const sma = manager.definitions().find((d) => d.name === 'sma-cross');
    expect(sma?.params.map((p) => `${p.name}=${p.default}`)).toEqual(['fast=5', 'slow=20', 'mode=long', 'size=1', 'bar=1m', 'max-pos=10000', 'max-notional=250000', 'max-orders=30']);
    expect(sma?.params[0]?.allowed).toBe('a whole number from 2 to 200');
  });
});

/** One closed bar for the symbol's owner, built the way live bars are: a trade, then the clock past the bar's end. */
function barTo({ manager, clock }: { manager: StrategyManager; clock: ManualClock }, symbol: string): void {
  manager.trade(symbol, { price: dec(100), size: dec(1), timestamp: new Date(clock.now()).toISOString() });
  clock.advance(60_000);
}
