import { describeInput } from '../src/command/describe-input.js';
import { parse } from '../src/command/parse.js';
import { formatWarnings } from '../src/command/preview.js';
import { dec, type Decimal } from '../src/domain/decimal.js';
import type { CommandOutcome } from '../src/app/command-runner.js';
import type { BacktestJob } from '../src/app/console-backtest.js';
import type { ConsoleActions } from './console-actions.js';
import type { ConsoleState, ConsoleStore, Feedback } from './console-store.js';
import { confirmationReason, DEFAULT_CONFIRM_ABOVE_USD, orderWarnings } from './confirmation.js';
import { nextLogLevel } from './log-level.js';
import type { MetricsSnapshot } from '../src/core/metrics.js';
import type { StrategyRow } from '../src/strategy/strategy-manager.js';
import { sameStrategyMetrics, type StrategyMetrics } from './strategy-metrics.js';
import { keepUnchanged, strategyViews } from './strategy-view.js';

export interface ConsoleActionDeps {
  readonly store: ConsoleStore;
  /** Runs one command line in the application (parse, check, send). */
  readonly run: (text: string) => Promise<CommandOutcome>;
  readonly now: () => number;
  readonly onQuit: () => void;
  /** Orders estimated above this many dollars wait for an explicit `y` (`--confirm-above`; default $10,000). */
  readonly confirmAbove?: Decimal;
  /** The core's metrics reading (`engine.metrics()`); without it the metrics pane says there is none. */
  readonly metrics?: () => MetricsSnapshot;
  /** The strategy instances (`strategies.list()`); without it the strategies pane stays empty. */
  readonly strategies?: () => readonly StrategyRow[];
  /** The strategies' slots, refusals and latencies (`strategies.metrics()`), read with the core's metrics. */
  readonly strategyMetrics?: () => StrategyMetrics;
}

export function createConsoleActions(deps: ConsoleActionDeps): ConsoleActions {
  const { store } = deps;
  const confirmAbove = deps.confirmAbove ?? dec(DEFAULT_CONFIRM_ABOVE_USD);
  /** The strategies' figures, when they differ from those shown. */
  const changedStrategyMetrics = (): Partial<ConsoleState> => {
    if (deps.strategyMetrics === undefined) return {};
    const strategyMetrics = deps.strategyMetrics();
    return sameStrategyMetrics(store.getState().strategyMetrics, strategyMetrics) ? {} : { strategyMetrics };
  };
  // The slots in use show in the strategies pane's title, so their figures come with the rows, in one change.
  const refreshStrategies = (): void => {
    if (deps.strategies === undefined) return;
    const { strategies } = store.getState();
    const next = keepUnchanged(strategies, strategyViews(deps.strategies()));
    const change = { ...changedStrategyMetrics(), ...(next !== strategies && { strategies: next }) };
    if (Object.keys(change).length > 0) store.setState(change);
  };
  // The backtest going on in the background: its result opens the overlay; quitting stops it.
  let backtest: BacktestJob | undefined;
  const followBacktest = (job: BacktestJob): void => {
    backtest = job;
    void job.ended.then((outcome) => {
      if (backtest === job) backtest = undefined;
      // Its failure or stop is a log line already.
      if (outcome.kind === 'done') store.setState({ backtest: { result: outcome.result, scroll: 0 } });
    });
  };
  const quit = (): void => {
    backtest?.stop();
    deps.onQuit();
  };
  return {
    async submit(text) {
      const outcome = await deps.run(text);
      const feedback: Feedback = { ok: outcome.ok, text: outcome.text, at: deps.now() };
      store.setState({ feedback });
      // A start, stop or pause shows in the pane with its answer, not up to a second later.
      refreshStrategies();
      if (outcome.ok && outcome.backtest !== undefined) followBacktest(outcome.backtest);
      if (outcome.ok && outcome.quit === true) quit();
      return feedback;
    },
    describe(text) {
      const state = store.getState();
      const description = describeInput(text, (symbol) => state.quotes[symbol]);
      if (description.kind !== 'preview') return description;
      const parsed = parse(text);
      if (!parsed.ok) return description;
      const warnings = orderWarnings(parsed.intent, state);
      const confirm = confirmationReason(parsed.intent, state, confirmAbove, warnings);
      return {
        ...description,
        intent: parsed.intent.kind,
        ...(warnings.length > 0 && { warning: formatWarnings(warnings) }),
        ...(confirm !== undefined && { confirm }),
      };
    },
    quit,
    cycleLogLevel() {
      store.setState({ logLevel: nextLogLevel(store.getState().logLevel) });
    },
    toggleMetrics() {
      store.setState({ showMetrics: !store.getState().showMetrics });
    },
    refreshMetrics() {
      const change = { ...(deps.metrics !== undefined && { metrics: deps.metrics() }), ...changedStrategyMetrics() };
      if (Object.keys(change).length > 0) store.setState(change);
    },
    refreshStrategies,
    scrollBacktest(to) {
      const shown = store.getState().backtest;
      if (shown !== undefined) store.setState({ backtest: { ...shown, scroll: Math.max(0, to(shown.scroll)) } });
    },
    closeBacktest() {
      store.setState({ backtest: undefined });
    },
  };
}
