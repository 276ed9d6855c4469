import { afterEach, describe, expect, it } from 'vitest';
import { sourceOfClientOrderId } from '../../src/domain/client-order-id.js';
import { dec } from '../../src/domain/decimal.js';
import { EngineExecutor } from '../../src/strategy/engine-executor.js';
import { SignalSlots } from '../../src/strategy/signal-slots.js';
import { StrategyManager } from '../../src/strategy/strategy-manager.js';
import { defineStrategy } from '../../src/strategy/strategy.js';
import { SymbolOwners } from '../../src/strategy/symbol-owners.js';
import { startHarness, stopAll, type Harness } from '../core/engine-harness.js';

afterEach(stopAll);

/** Buys 10 once, on its first bar, and holds them. */
const buyOnce = defineStrategy({
  name: 'buy-once',
  description: 'buys 10 on its first bar',
  params: {},
  warmUpBars: () => 0,
  create() {
    let bought = false;
    return {
      onBar() {
        if (bought) return undefined;
        bought = true;
        return { kind: 'buy', size: 10, reason: 'in' };
      },
    };
  },
});

/** Long 10 on its first bar, short 10 on its second: a reversal, sold as two identical orders. */
const reverseOnce = defineStrategy({
  name: 'reverse-once',
  description: 'long on its first bar, short on its second',
  params: {},
  warmUpBars: () => 0,
  create() {
    let bars = 0;
    return {
      onBar() {
        bars += 1;
        if (bars === 1) return { kind: 'target', direction: 'long', size: 10, reason: 'in' };
        if (bars === 2) return { kind: 'target', direction: 'short', size: 10, reason: 'turn' };
        return undefined;
      },
    };
  },
});

/** A limit buy far under the market on its first bar: it rests. */
const lowBid = defineStrategy({
  name: 'low-bid',
  description: 'bids far under the market once',
  params: {},
  warmUpBars: () => 0,
  create() {
    let sent = false;
    return {
      onBar() {
        if (sent) return undefined;
        sent = true;
        return { kind: 'buy', size: 10, limit: 100.004, reason: 'cheap' };
      },
    };
  },
});

/** A trade now, then the clock on by one 5 s bar. */
async function tradeAndWait(h: Harness, manager: StrategyManager): Promise<void> {
  manager.trade('AAPL', { price: dec('187.42'), size: dec(1), timestamp: new Date(h.clock.now()).toISOString() });
  await h.advance(5_000);
}

describe('EngineExecutor', () => {
  it('runs a strategy through the real engine on the sim: its orders carry its source, its fills make its position, and a flattening stop closes it', async () => {
    const h = await startHarness();
    const slots = new SignalSlots(3, h.clock);
    const owners = new SymbolOwners();
    let manager!: StrategyManager;
    const executor = new EngineExecutor(h.engine, { onFill: (fill) => manager.fill(fill) });
    manager = new StrategyManager({ definitions: [buyOnce], executor, slots, owners, clock: h.clock, log: () => undefined });
    expect(await manager.start('buy-once', 'AAPL', ['bar=5s'])).toEqual({ ok: true, id: 'buy1' });
    while (h.fills.length < 1) await tradeAndWait(h, manager);
    await h.drive(h.engine.settled());
    expect(manager.list()[0]).toMatchObject({ sent: 1, refused: 0, slotsInUse: 0 });
    expect(manager.list()[0]?.position.toString()).toBe('10');
    const [outcome] = await h.drive(manager.stop('all', { flatten: true, timeoutMs: 10_000 }));
    expect(outcome?.report).toMatchObject({ canceled: [], unfinished: [], flattenedBy: expect.stringMatching(/^blt-buy1-/) });
    await h.drive(h.engine.settled());
    expect(h.fills.map((fill) => `${fill.side} ${fill.qty.toString()} ${sourceOfClientOrderId(fill.clientOrderId)}`)).toEqual(['buy 10 buy1', 'sell 10 buy1']);
    expect(h.engine.orders().map((order) => order.source)).toEqual(['buy1', 'buy1']);
    expect(executor.position('buy1', 'AAPL').qty.isZero()).toBe(true);
    expect(slots.figures().inUse).toBe(0);
    expect(owners.ownerOf('AAPL')).toBeUndefined();
    executor.close();
  });

  it('sends both halves of a reversal under the duplicate guard: the new side is the plan, not a double submit of the close', async () => {
    const h = await startHarness();
    let manager!: StrategyManager;
    const executor = new EngineExecutor(h.engine, { onFill: (fill) => manager.fill(fill) });
    const log: string[] = [];
    manager = new StrategyManager({ definitions: [reverseOnce], executor, slots: new SignalSlots(3, h.clock), owners: new SymbolOwners(), clock: h.clock, log: (_, text) => log.push(text) });
    await manager.start('reverse-once', 'AAPL', ['bar=1s']);
    for (let bar = 0; bar < 10 && h.fills.length < 3; bar++) await tradeAndWait(h, manager);
    await h.drive(h.engine.settled());
    // The two sells of 10 went out within the guard's 3 s, from one source.
    expect(h.fills.map((fill) => `${fill.side} ${fill.qty.toString()}`)).toEqual(['buy 10', 'sell 10', 'sell 10']);
    expect(manager.list()[0]).toMatchObject({ refused: 0 });
    expect(manager.list()[0]?.position.toString()).toBe('-10');
    expect(log.filter((line) => line.includes('double submit'))).toEqual([]);
    await h.drive(manager.stop('all'));
    executor.close();
  });

  it('sends a priced buy as a limit order on the price steps, which rests, holds its slot and is cancelled by the stop', async () => {
    const h = await startHarness();
    let manager!: StrategyManager;
    const executor = new EngineExecutor(h.engine, { onFill: (fill) => manager.fill(fill) });
    const slots = new SignalSlots(3, h.clock);
    manager = new StrategyManager({ definitions: [lowBid], executor, slots, owners: new SymbolOwners(), clock: h.clock, log: () => undefined });
    await manager.start('low-bid', 'AAPL', ['bar=5s']);
    for (let bar = 0; bar < 5 && h.engine.workingOrders().length === 0; bar++) await tradeAndWait(h, manager);
    const [order] = h.engine.workingOrders();
    expect(order).toMatchObject({ type: 'limit', side: 'buy', source: 'low1' });
    expect([order?.qty?.toString(), order?.limitPrice?.toString()]).toEqual(['10', '100']);
    expect(slots.figures().inUse).toBe(1);
    const [outcome] = await h.drive(manager.stop('all'));
    expect(outcome?.report).toMatchObject({ canceled: [order?.clientOrderId], unfinished: [] });
    expect(h.engine.orders()[0]?.status).toBe('canceled');
    expect(slots.figures().inUse).toBe(0);
    executor.close();
  });
});
