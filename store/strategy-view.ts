import type { Decimal } from '../src/domain/decimal.js';
import type { StrategyRow } from '../src/strategy/strategy-manager.js';
import type { LastSignal, RunnerState } from '../src/strategy/strategy-runner.js';

export type StrategyState = RunnerState;

/** How often the console reads the strategies: their figures move with bars and fills, not with every quote. */
export const STRATEGIES_REFRESH_MS = 1000;

/** One strategy instance as the strategies pane shows it, read from the strategy manager's list. */
export interface StrategyView {
  /** What `strategy stop <id>` takes. */
  readonly id: string;
  /** The built-in or file it runs, e.g. `sma-cross`. */
  readonly name: string;
  /** The symbols it owns (one strategy per symbol). */
  readonly symbols: readonly string[];
  /** Its bar length as typed: `5s`, `1m`. */
  readonly timeframe: string;
  readonly state: StrategyState;
  /** Why it stopped, when a handler threw. */
  readonly error?: string;
  readonly slotsInUse: number;
  readonly sent: number;
  readonly refused: number;
  /** Signed shares of its own fills. */
  readonly position: Decimal;
  /** Realized plus unrealized P&L of its own fills, or realized alone while its position has no price. */
  readonly pnl: Decimal;
  /** `pnl` is realized only: the open position could not be valued, so the total is not known. */
  readonly realizedOnly: boolean;
  readonly lastSignal?: LastSignal;
}

/** Not stopped and not failed: it owns its symbol, and quitting or `strategy stop all` stops it. */
export function isLive(strategy: StrategyView): boolean {
  return strategy.state !== 'stopped' && strategy.state !== 'error';
}

export function strategyView(row: StrategyRow): StrategyView {
  return {
    id: row.id,
    name: row.name,
    symbols: [row.symbol],
    timeframe: row.timeframe,
    state: row.state,
    ...(row.error !== undefined && { error: row.error }),
    slotsInUse: row.slotsInUse,
    sent: row.sent,
    refused: row.refused,
    position: row.position,
    pnl: row.unrealized === undefined ? row.realized : row.realized.plus(row.unrealized),
    realizedOnly: row.unrealized === undefined,
    ...(row.lastSignal !== undefined && { lastSignal: row.lastSignal }),
  };
}

export function strategyViews(rows: readonly StrategyRow[]): StrategyView[] {
  return rows.map(strategyView);
}

/** Whether a strategy would be drawn the same: Decimals compared by value, not by object. */
export function sameStrategyView(a: StrategyView, b: StrategyView): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.symbols.join(' ') === b.symbols.join(' ') &&
    a.timeframe === b.timeframe &&
    a.state === b.state &&
    a.error === b.error &&
    a.slotsInUse === b.slotsInUse &&
    a.sent === b.sent &&
    a.refused === b.refused &&
    a.position.eq(b.position) &&
    a.pnl.eq(b.pnl) &&
    a.realizedOnly === b.realizedOnly &&
    a.lastSignal?.at === b.lastSignal?.at &&
    a.lastSignal?.text === b.lastSignal?.text
  );
}

/**
 * The new views, keeping each unchanged one's old object (so its memoised row is not drawn again),
 * and the old array itself when nothing changed (so no selector sees a change at all).
 */
export function keepUnchanged(previous: readonly StrategyView[], next: readonly StrategyView[]): readonly StrategyView[] {
  let changed = previous.length !== next.length;
  const kept = next.map((view, i) => {
    const old = previous[i];
    if (old !== undefined && sameStrategyView(old, view)) return old;
    changed = true;
    return view;
  });
  return changed ? kept : previous;
}
