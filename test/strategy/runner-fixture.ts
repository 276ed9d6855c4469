import { dec } from '../../src/domain/decimal.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Bar } from '../../src/domain/bar.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';
import { SignalSlots } from '../../src/strategy/signal-slots.js';
import { defineStrategy, type Intents, type StrategyContext, type StrategyDefinition } from '../../src/strategy/strategy.js';
import { StrategyRunner, type StrategyRunnerOptions } from '../../src/strategy/strategy-runner.js';
import { FakeExecutor } from './fake-executor.js';

export const MINUTE = { ms: 60_000, label: '1m' };
export const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

/** A strategy that answers each bar with what `script` says, for runner tests that need exact intents. */
export function scripted(script: (ctx: StrategyContext, bar: number) => Intents): StrategyDefinition {
  return defineStrategy({
    name: 'scripted',
    description: 'answers as the test says',
    params: {},
    warmUpBars: () => 0,
    create: () => ({ onBar: (ctx) => script(ctx, ctx.bars.length - 1) }),
  });
}

export function bar(index: number, close: number): Bar {
  return { start: T0 + index * MINUTE.ms, open: close, high: close, low: close, close, volume: 100, trades: 1 };
}

export interface Fixture {
  readonly clock: ManualClock;
  readonly executor: FakeExecutor;
  readonly slots: SignalSlots;
  readonly logs: string[];
  runner(definition: StrategyDefinition, args?: readonly string[], options?: Partial<StrategyRunnerOptions>): StrategyRunner;
}

export function fixture(capacity = 3): Fixture {
  const clock = new ManualClock(T0);
  const executor = new FakeExecutor(clock);
  // Orders are valued against their max notional, which needs a price.
  executor.prices.set('AAPL', dec(100));
  const slots = new SignalSlots(capacity, clock);
  const logs: string[] = [];
  return {
    clock,
    executor,
    slots,
    logs,
    runner(definition, args = [], options = {}) {
      const reading = resolveStrategyParams(definition, args);
      if (!reading.ok) throw new Error(reading.problem);
      const runner = new StrategyRunner({
        id: 'sma1',
        definition,
        params: reading.values,
        symbol: 'AAPL',
        timeframe: MINUTE,
        executor,
        slots,
        clock,
        log: (level, text) => logs.push(`${level} ${text}`),
        ...options,
      });
      runner.start();
      return runner;
    },
  };
}

/** Lets every promise callback queued so far run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
