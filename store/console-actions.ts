import type { InputDescription } from '../src/command/describe-input.js';
import type { Feedback } from './console-store.js';

export type { InputDescription } from '../src/command/describe-input.js';

/**
 * Everything the console may ask of the application. Components call these and read the store;
 * they never touch the core.
 */
export interface ConsoleActions {
  /** Runs one command line; resolves with the one-line outcome (also written to the store's feedback). */
  submit(text: string): Promise<Feedback>;
  /** Describes partially typed text for the live preview; cheap and never throws. */
  describe(text: string): InputDescription;
  /** Leaves the console: flushes the store and restores the terminal. */
  quit(): void;
}
