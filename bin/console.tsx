import { render } from 'ink';
import { App } from '../components/App.js';
import type { Session } from '../src/app/session.js';
import type { ConsoleConfig } from '../src/app/config.js';
import { runCommand } from '../src/app/command-runner.js';
import { systemClock } from '../src/core/clock.js';
import { errorText } from '../src/core/engine.js';
import { createConsoleStore, initialConsoleState } from '../store/console-store.js';
import { createEventBatcher } from '../store/event-batcher.js';
import { createConsoleActions } from '../store/create-console-actions.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

/**
 * Runs the full-screen console until the trader quits. The terminal is restored on every way out:
 * quit, a signal, or a crash.
 */
export async function runConsole(session: Session, config: ConsoleConfig): Promise<number> {
  const store = createConsoleStore(initialConsoleState(session.engine.mode, config.profile));
  const batcher = createEventBatcher(store, systemClock);
  const unsubscribe = session.engine.subscribe((event) => batcher.push(event));
  // What happened before the console subscribed (restored orders, the opening account) is shown too.
  for (const event of session.engine.currentState()) batcher.push(event);
  for (const entry of session.profile.load().log) batcher.push({ type: 'log', entry });
  batcher.flush();

  let exitCode = 0;
  let quitting: Promise<void> | undefined;
  const quit = (code = 0): Promise<void> => {
    exitCode = Math.max(exitCode, code);
    quitting ??= (async () => {
      unsubscribe();
      batcher.stop();
      try {
        await session.close();
      } catch (error) {
        exitCode = 1;
        process.stderr.write(`blotter: could not save on exit: ${errorText(error)}\n`);
      }
      instance.unmount();
    })();
    return quitting;
  };

  const actions = createConsoleActions({
    store,
    run: (text) => runCommand(session.engine, text),
    now: () => systemClock.now(),
    onQuit: () => void quit(),
  });

  const restoreTerminal = (): void => {
    process.stdout.write(LEAVE_ALT_SCREEN);
  };
  const onSignal = (): void => void quit();
  const onCrash = (error: unknown): void => {
    restoreTerminal();
    process.stderr.write(`blotter: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void quit(1).finally(() => process.exit(1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  process.stdout.write(ENTER_ALT_SCREEN);
  const instance = render(<App store={store} actions={actions} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    await instance.waitUntilExit();
    await quitting;
  } finally {
    restoreTerminal();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
  return exitCode;
}
