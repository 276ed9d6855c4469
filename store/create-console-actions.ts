import { describeInput } from '../src/command/describe-input.js';
import type { CommandOutcome } from '../src/app/command-runner.js';
import type { ConsoleActions } from './console-actions.js';
import type { ConsoleStore, Feedback } from './console-store.js';

export interface ConsoleActionDeps {
  readonly store: ConsoleStore;
  /** Runs one command line in the application (parse, check, send). */
  readonly run: (text: string) => Promise<CommandOutcome>;
  readonly now: () => number;
  readonly onQuit: () => void;
}

export function createConsoleActions(deps: ConsoleActionDeps): ConsoleActions {
  const { store } = deps;
  return {
    async submit(text) {
      const outcome = await deps.run(text);
      const feedback: Feedback = { ok: outcome.ok, text: outcome.text, at: deps.now() };
      store.setState({ feedback });
      if (outcome.ok && outcome.quit === true) deps.onQuit();
      return feedback;
    },
    describe(text) {
      return describeInput(text, (symbol) => store.getState().quotes[symbol]);
    },
    quit: deps.onQuit,
  };
}
