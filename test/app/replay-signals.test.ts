import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.js';
import { parseCsvBars } from '../../src/backtest/data/csv-bars.js';
import { openSessionStrategies, type SessionStrategies } from '../../src/app/session-strategies.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import type { Engine } from '../../src/core/engine.js';
import type { BarColumns } from '../../src/domain/bar.js';
import { dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { SourcePositions } from '../../src/domain/source-positions.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';
import { intentsOf, type StrategyContext, type StrategyDefinition } from '../../src/strategy/strategy.js';
import { chaosEngine } from '../support/chaos-session.js';

const BAR_MS = 1000;
const STRATEGY_ARGS = ['fast=10', 'slow=30', 'mode=reverse', 'size=10'];

/** What a strategy decided and on which bar: "bar 41 target long". */
type Signal = string;

function goog(): BarColumns {
  const parsed = parseCsvBars(readFileSync(new URL('../fixtures/GOOG.csv', import.meta.url), 'utf8'), 'GOOG.csv');
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.bars;
}

/** The same strategy module, each intent it returns written down with the bar it was made on. */
function recording(definition: StrategyDefinition, barOf: (ctx: StrategyContext) => number, signals: Signal[]): StrategyDefinition {
  return {
    ...definition,
    create(params) {
      const handlers = definition.create(params);
      return {
        ...handlers,
        onBar(ctx) {
          const answer = handlers.onBar(ctx);
          for (const intent of intentsOf(answer)) signals.push(`bar ${barOf(ctx)} ${intent.kind}${intent.kind === 'target' ? ` ${intent.direction}` : ''}`);
          return answer;
        },
      };
    },
  };
}

function backtest(bars: BarColumns): { signals: Signal[]; fills: string[] } {
  const signals: Signal[] = [];
  const definition = recording(smaCross as unknown as StrategyDefinition, (ctx) => ctx.bars.length - 1, signals);
  const params = resolveStrategyParams(definition, STRATEGY_ARGS);
  if (!params.ok) throw new Error(params.problem);
  const run = runBacktest({ definition, params: params.values, symbol: 'GOOG', bars, cash: dec(1_000_000) });
  const fills = run.trades.flatMap((trade) => [
    `bar ${trade.entryBar} ${trade.size > 0 ? 'buy' : 'sell'} ${Math.abs(trade.size)} @ ${trade.entryPrice.toFixed()}`,
    ...(trade.closedAtEnd ? [] : [`bar ${trade.exitBar} ${trade.size > 0 ? 'sell' : 'buy'} ${Math.abs(trade.size)} @ ${trade.exitPrice.toFixed()}`]),
  ]);
  return { signals, fills };
}

interface LiveReplay {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly engine: Engine;
  readonly strategies: SessionStrategies;
  readonly signals: Signal[];
  readonly fills: Fill[];
  /** The clock time bar `i` of the file plays from. */
  readonly barAt: (i: number) => number;
}

let live: LiveReplay | undefined;

afterEach(async () => {
  await live?.strategies.close();
  await live?.engine.stop();
  await live?.sim.close();
  live = undefined;
});

/**
 * A real engine and strategy manager on a simulated exchange replaying `bars` for GOOG, one bar a
 * second from the exchange's start; the strategy's signals are numbered by the file's bars.
 */
async function replay(bars: BarColumns): Promise<LiveReplay> {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0, 0) + 300);
  const sim = createSimExchange({ clock, seed: 11, startingCash: dec(1_000_000), replay: { sources: [{ symbol: 'GOOG', bars }], barMs: BAR_MS } });
  const engine = chaosEngine({ broker: sim, marketData: sim, clock, seed: 11 });
  const fills: Fill[] = [];
  engine.subscribe((event) => {
    if (event.type === 'fill') fills.push(event.fill);
  });
  let started = false;
  const starting = engine.start().finally(() => {
    started = true;
  });
  while (!started) await clock.advanceAsync(10, 5);
  await starting;
  const signals: Signal[] = [];
  const barAt = (i: number): number => (sim.replayStartedAt() ?? Number.NaN) + i * BAR_MS;
  const definition = recording(smaCross as unknown as StrategyDefinition, (ctx) => (ctx.bars.start(ctx.bars.length - 1) - barAt(0)) / BAR_MS, signals);
  const strategies = await openSessionStrategies({
    engine,
    marketData: sim,
    clock,
    definitions: [definition],
    slots: 3,
    books: new SourcePositions(),
    saved: [],
    usedIds: [],
    onChange: () => undefined,
  });
  return (live = { clock, sim, engine, strategies, signals, fills, barAt });
}

async function startStrategy(r: LiveReplay): Promise<void> {
  let outcome: unknown;
  const starting = r.strategies.manager.start('sma-cross', 'GOOG', [...STRATEGY_ARGS, `bar=${BAR_MS / 1000}s`]).then((o) => (outcome = o));
  while (outcome === undefined) await r.clock.advanceAsync(5, 5);
  await starting;
  expect(outcome).toMatchObject({ ok: true });
}

/** Plays up to the end of bar `last` and a little after, so its signal has been acted on. */
async function playThrough(r: LiveReplay, last: number): Promise<void> {
  await r.clock.advanceAsync(r.barAt(last + 1) + BAR_MS / 2 - r.clock.now(), 5);
}

/** The live fills as the backtest lists them: on the bar whose time they fell in. */
function liveFills(r: LiveReplay): string[] {
  return r.fills.map((fill) => `bar ${Math.floor((fill.at - r.barAt(0)) / BAR_MS)} ${fill.side} ${fill.qty.toFixed()} @ ${fill.price.toFixed()}`);
}

describe('a strategy paper-traded on a replay signals as the backtest of the same bars', () => {
  it('sma-cross 10/30 on GOOG, started before the replay: the same signal on the same bar, every bar, and fills at the next open', async () => {
    const bars = goog();
    const expected = backtest(bars);
    expect(expected.signals.length).toBeGreaterThan(50);
    const r = await replay(bars);
    await startStrategy(r);
    // The replay starts with the market, after the strategy: no bar has been played to warm up on,
    // so the live strategy sees bar 0 first, as the backtest does, and every bar is comparable.
    r.sim.start();
    await playThrough(r, bars.length - 1);
    // After its data a replayed symbol stops printing and live bars go on flat at the last close:
    // those are no bars of the file.
    expect(r.signals.filter((signal) => Number(signal.split(' ')[1]) < bars.length)).toEqual(expected.signals);
    // An order sent at a bar's end fills within the first quarter of the next bar, at its open;
    // the backtest's last trade is still open at the end of the data, as is the live one.
    expect(liveFills(r)).toEqual(expected.fills);
  }, 600_000);

  it('started part way through a bar: warmed up on the bars played so far, the same signals once the bar it missed has left its windows', async () => {
    const bars = sliceBars(goog(), 400);
    const expected = backtest(bars);
    const r = await replay(bars);
    r.sim.start();
    // Into bar 150, 400 ms: bars 0-149 are history, bar 150 was only partly seen, so the live
    // series goes from bar 149 to bar 151. The slow average (30 bars) at bar k covers k-29..k and a
    // cross at k compares k-1 with k, so from bar 150 + 30 + 1 on every window is whole.
    const missed = 150;
    await r.clock.advanceAsync(r.barAt(missed) + 400 - r.clock.now(), 5);
    await startStrategy(r);
    await playThrough(r, bars.length - 1);
    const from = missed + 30 + 1;
    const at = (signal: Signal): number => Number(signal.split(' ')[1]);
    const comparable = (signal: Signal): boolean => at(signal) >= from && at(signal) < bars.length;
    expect(r.signals.some((signal) => at(signal) === missed)).toBe(false);
    // Without the played bars to warm up on it could not signal before 30 bars of its own.
    expect(at(r.signals[0] ?? 'bar NaN')).toBeLessThan(missed + 30);
    expect(expected.signals.filter(comparable).length).toBeGreaterThan(3);
    expect(r.signals.filter(comparable)).toEqual(expected.signals.filter(comparable));
  }, 600_000);
});

function sliceBars(bars: BarColumns, count: number): BarColumns {
  return {
    length: count,
    start: bars.start.slice(0, count),
    open: bars.open.slice(0, count),
    high: bars.high.slice(0, count),
    low: bars.low.slice(0, count),
    close: bars.close.slice(0, count),
    volume: bars.volume.slice(0, count),
  };
}
