import type { MarketData } from '../broker/port.js';
import type { Engine } from '../core/engine.js';
import { errorText } from '../core/error-text.js';
import type { SourcePositions } from '../domain/source-positions.js';
import type { Clock } from '../kernel/clock.js';
import type { Bar } from '../domain/bar.js';
import { EngineExecutor } from '../strategy/engine-executor.js';
import { SignalSlots } from '../strategy/signal-slots.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import { StrategyManager } from '../strategy/strategy-manager.js';
import type { InstanceStatus, SavedInstance } from '../strategy/instance-status.js';
import { SymbolOwners } from '../strategy/symbol-owners.js';
import type { Timeframe } from '../strategy/timeframe.js';

export interface SessionStrategiesOptions {
  readonly engine: Engine;
  readonly marketData: MarketData;
  readonly clock: Clock;
  readonly definitions: readonly StrategyDefinition[];
  readonly slots: number;
  /** Each source's position and P&L as the books left them. */
  readonly books: SourcePositions;
  /** Instances the books hold: those not stopped come back paused. */
  readonly saved: readonly (SavedInstance & { readonly state: string })[];
  /** Ids used before, whether or not an instance is kept for them (sources of fills). */
  readonly usedIds: Iterable<string>;
  readonly onChange: (status: InstanceStatus) => void;
}

export interface SessionStrategies {
  readonly manager: StrategyManager;
  /**
   * Stops every instance (cancelling its working orders) and lets go of the engine. The books keep
   * each instance's state from before, so those that were trading come back paused.
   */
  close(): Promise<void>;
}

/**
 * The strategies of one session: the signal slots, the symbol owners, an executor over the
 * engine, and the manager, fed with the engine's market data and fills. Instances running when
 * the session last closed come back paused.
 */
export async function openSessionStrategies(options: SessionStrategiesOptions): Promise<SessionStrategies> {
  const { engine, clock } = options;
  const note = (level: 'info' | 'warn' | 'error', text: string): void => engine.note(level, text);
  // The session's end stops every instance, but what the books keep is the state it stopped from:
  // one running when the console quit (or crashed) comes back paused, not stopped.
  let ending = false;
  const kept = new Map<string, InstanceStatus['state']>();
  const changed = (status: InstanceStatus): void => {
    const state = ending && status.state === 'stopped' ? (kept.get(status.id) ?? status.state) : status.state;
    kept.set(status.id, state);
    options.onChange({ ...status, state });
  };
  let manager: StrategyManager | undefined;
  const executor = new EngineExecutor(engine, { books: options.books, onFill: (fill) => manager?.fill(fill) });
  const live = (manager = new StrategyManager({
    definitions: options.definitions,
    executor,
    slots: new SignalSlots(options.slots, clock),
    owners: new SymbolOwners(),
    clock,
    log: note,
    usedIds: options.usedIds,
    onChange: changed,
    onSymbols: (symbols) => engine.trackSymbols(symbols),
    history: historyFrom(engine, options.marketData, clock, note),
  }));
  const stopFeed = engine.onMarket({
    quote: (quote) => live.quote(quote.symbol, quote),
    trade: (trade) => live.trade(trade.symbol, trade),
  });
  for (const saved of options.saved) {
    if (saved.state === 'stopped' || saved.state === 'error') continue;
    let problem: string | undefined;
    try {
      const outcome = await live.restore(saved);
      if (!outcome.ok) problem = outcome.problem;
    } catch (error) {
      problem = errorText(error);
    }
    if (problem === undefined) continue;
    note('warn', `strategy ${saved.id} not brought back: ${problem}`);
    // Kept as failed, so it is not tried again at every start and the books still show its position.
    const { id, name, symbol, args, startedAt } = saved;
    options.onChange({ id, name, symbol, args, startedAt, state: 'error', error: `not brought back: ${problem}`, position: options.books.position(id, symbol).qty, realized: options.books.realized(id) });
  }
  let closing: Promise<void> | undefined;
  return {
    manager: live,
    close() {
      closing ??= (async () => {
        ending = true;
        try {
          await live.stop('all');
          await live.settled();
        } catch (error) {
          note('error', `strategies did not all stop: ${errorText(error)}`);
        } finally {
          stopFeed();
          executor.close();
        }
      })();
      return closing;
    },
  };
}

/**
 * The bars before now, for warming an instance up: through the engine, so the request waits its
 * turn in the broker's rate budget. Where the market data has none at the timeframe (Alpaca has no
 * bars under a minute) the instance warms up on its own live bars, and the log says so.
 */
function historyFrom(
  engine: Engine,
  marketData: MarketData,
  clock: Clock,
  note: (level: 'info' | 'warn', text: string) => void,
): (symbol: string, timeframe: Timeframe, count: number) => Promise<readonly Bar[]> {
  return async (symbol, timeframe, count) => {
    if (count <= 0) return [];
    const bars = marketData.recentBars === undefined ? [] : await engine.recentBars({ symbol, timeframeMs: timeframe.ms, before: clock.now(), count });
    if (bars.length < count) {
      const had = bars.length === 0 ? 'no' : `only ${bars.length} of the ${count}`;
      note('info', `${symbol}: ${had} ${timeframe.label} bars of history to warm up from; it signals once ${count} bars have happened`);
    }
    return bars;
  };
}
