import type { Decimal } from '../domain/decimal.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec } from '../domain/order-types.js';

/**
 * How the trader names one order: its row number (`#12`) or the start of its client order id.
 * An id prefix is always normalised to the full form (`blt-01JX4`), so resolving it is a plain
 * `clientOrderId.startsWith(prefix)`; several or no matches are the core's to report.
 */
export type OrderRef =
  | { readonly kind: 'seq'; readonly seq: number }
  | { readonly kind: 'id'; readonly prefix: string };

export type CancelTarget =
  | { readonly kind: 'order'; readonly ref: OrderRef }
  | { readonly kind: 'symbol'; readonly symbol: string }
  | { readonly kind: 'all' };

export type FlattenTarget = { readonly kind: 'symbol'; readonly symbol: string } | { readonly kind: 'all' };

/** Which strategy instances a command acts on: one by its id (lowercased, like `sma1`), or every one. */
export type StrategyTarget = { readonly kind: 'instance'; readonly id: string } | { readonly kind: 'all' };

/**
 * The `strategy` sub-commands and `strategies`. The parser knows no strategy by name: `name` and the
 * `key=value` settings are checked by the strategy manager when the command runs.
 */
export type StrategyIntent =
  | {
      readonly kind: 'strategy-start';
      /** Lowercased, as the strategy manager names its strategies. */
      readonly name: string;
      /** In the order typed, each once: one instance starts per symbol. */
      readonly symbols: readonly string[];
      /** `key=value` words as typed, each key once. */
      readonly settings: readonly string[];
    }
  /** `flatten` also closes the position once the working orders are cancelled. */
  | { readonly kind: 'strategy-stop'; readonly target: StrategyTarget; readonly flatten: boolean }
  | { readonly kind: 'strategy-pause' | 'strategy-resume' | 'strategy-reduce'; readonly target: StrategyTarget }
  | { readonly kind: 'strategy-list' }
  | { readonly kind: 'strategies' };

/** Where a backtest's bars come from: one CSV file (its name, upper-cased, is the symbol), or the sim's invented market. */
export type BacktestData = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'synthetic'; readonly seed: number };

/** One end of a backtest's range: the date as typed and the epoch ms it stands for (a `to` day ends at its last ms). */
export interface BacktestBound {
  readonly text: string;
  readonly at: number;
}

/**
 * `backtest NAME --data FILE|synthetic:SEED …`: the parser knows no strategy by name; whether it
 * exists and what its settings mean is checked when the command runs, as for `strategy start`.
 */
export interface BacktestIntent {
  readonly kind: 'backtest';
  /** Lowercased. */
  readonly strategy: string;
  readonly data: BacktestData;
  readonly from?: BacktestBound;
  readonly to?: BacktestBound;
  /** Absent: the CLI's default. */
  readonly cash?: Decimal;
  /** The cost specs as typed (`per-share:0.005,min:1`, `bps:2`); read by the cost models when the command runs. */
  readonly commission?: string;
  readonly slippage?: string;
  /** `key=value` words as typed, each key once. */
  readonly settings: readonly string[];
}

/**
 * What a command line asks for, before the core has checked it against any state. A place always
 * carries its options (empty when none were typed); only the options typed are set.
 */
export type Intent =
  | { readonly kind: 'place'; readonly spec: OrderSpec; readonly options: PlaceOptions }
  | { readonly kind: 'cancel'; readonly target: CancelTarget }
  | {
      readonly kind: 'replace';
      readonly ref: OrderRef;
      readonly qty?: Decimal;
      readonly limitPrice?: Decimal;
      readonly stopPrice?: Decimal;
    }
  | { readonly kind: 'flatten'; readonly target: FlattenTarget }
  | { readonly kind: 'watch' | 'unwatch'; readonly symbols: readonly string[] }
  /** Stop new orders (cancels and position closes still go through); `reason` as typed, if any. */
  | { readonly kind: 'halt'; readonly reason?: string }
  | { readonly kind: 'resume' }
  | { readonly kind: 'metrics' }
  | StrategyIntent
  | BacktestIntent
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

export type ParseResult =
  | { readonly ok: true; readonly intent: Intent }
  | { readonly ok: false; readonly error: string };
