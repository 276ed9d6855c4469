import type { InputDescription } from '../src/command/describe-input.js';
import type { Intent } from '../src/command/intent.js';
import type { Feedback } from './console-store.js';

export type { InputDescription } from '../src/command/describe-input.js';

/** The live preview of a line, and for a line that parses, what Enter would do with it. */
export type CommandDescription = InputDescription & {
  /** Which command the line is, when it parses: the console answers `quit` and `help` itself. */
  readonly intent?: Intent['kind'];
  /** Why Enter must wait for an explicit `y` (cancel all, flatten, a large order or one likely refused); absent when it need not. */
  readonly confirm?: string;
  /** What the broker would likely refuse the order for, shown after the preview (`⚠ wash trade: open sell #2`). */
  readonly warning?: string;
};

/**
 * Everything the console may ask of the application. Components call these and read the store;
 * they never touch the core.
 */
export interface ConsoleActions {
  /** Runs one command line; resolves with the one-line outcome (also written to the store's feedback). */
  submit(text: string): Promise<Feedback>;
  /** Describes partially typed text for the live preview; cheap and never throws. */
  describe(text: string): CommandDescription;
  /** Leaves the console: flushes the store and restores the terminal. */
  quit(): void;
  /** Steps the log pane's least severe level shown: info → warn → error → debug → info. */
  cycleLogLevel(): void;
  /** Shows or hides the metrics pane. */
  toggleMetrics(): void;
  /** Reads the core's metrics (and the strategies' figures) into the store; the metrics pane calls it about once a second while shown. */
  refreshMetrics(): void;
  /** Reads the strategy instances into the store; the store is left alone when nothing shown changed. */
  refreshStrategies(): void;
  /** Scrolls the backtest overlay to the line `to` gives, from the one shown first now. */
  scrollBacktest(to: (scroll: number) => number): void;
  /** Closes the backtest overlay. */
  closeBacktest(): void;
}
