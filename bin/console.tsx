import { render } from 'ink';
import { App } from '../components/App.js';
import type { Session } from '../src/app/session.js';
import type { ConsoleConfig } from '../src/app/config.js';
import { systemClock } from '../src/kernel/clock.js';
import { errorText } from '../src/core/engine.js';
import { applyCoreEvents, createConsoleStore, initialConsoleState } from '../store/console-store.js';
import { createEventBatcher, DEFAULT_BATCH_MS } from '../store/event-batcher.js';
import { createFrameBudget, withFrameTimes } from '../store/frame-budget.js';
import { createConsoleActions } from '../store/create-console-actions.js';
import { createCommandHistory } from '../store/command-history.js';
import { workingOrderCount } from '../store/selectors.js';
import { STRATEGIES_REFRESH_MS } from '../store/strategy-view.js';
import { historyFile, openHistoryStore, type HistoryStore } from '../src/persistence/history-store.js';
import { resolveDataDir } from '../src/persistence/paths.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

/**
 * Runs the full-screen console until the trader quits. The terminal is restored on every way out:
 * quit, a signal, or a crash.
 */
export async function runConsole(session: Session, config: ConsoleConfig): Promise<number> {
  const store = createConsoleStore(initialConsoleState(session.engine.mode, config.profile));
  const frames = createFrameBudget(DEFAULT_BATCH_MS);
  const batcher = createEventBatcher(store, systemClock, frames);
  const unsubscribe = session.engine.subscribe((event) => batcher.push(event));
  // What happened before the console subscribed (restored orders, the opening account) is shown too.
  for (const event of session.engine.currentState()) batcher.push(event);
  // Entries saved by an older build may still hold a credential.
  for (const entry of session.profile.log()) batcher.push({ type: 'log', entry: { ...entry, text: session.redact(entry.text) } });
  batcher.flush();
  const historyStore = await openHistory(session, config);
  const history = createCommandHistory(
    historyStore?.entries,
    (entries) => historyStore?.save(entries),
    session.redact,
  );

  let exitCode = 0;
  let quitting: Promise<void> | undefined;
  const quit = (code = 0): Promise<void> => {
    exitCode = Math.max(exitCode, code);
    quitting ??= (async () => {
      stopStrategyRefresh();
      unsubscribe();
      // Applied, not dropped: what is still working at exit is counted from the store.
      batcher.flush();
      batcher.stop();
      try {
        await Promise.all([session.close(), historyStore?.close()]);
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
    run: (text) => session.runCommand(text),
    now: () => systemClock.now(),
    onQuit: () => void quit(),
    metrics: () => withFrameTimes(session.engine.metrics(), frames),
    strategies: () => session.strategies.list(),
    strategyMetrics: () => session.strategies.metrics(),
    ...(config.confirmAbove !== undefined && { confirmAbove: config.confirmAbove }),
  });
  actions.refreshStrategies();
  const stopStrategyRefresh = systemClock.setRepeating(() => actions.refreshStrategies(), STRATEGIES_REFRESH_MS);

  // A closed terminal (hangup, ssh dropped) fails every write with EIO. That is a reason to quit,
  // not a crash: treated as one, each failed write would report another and the loop would spin.
  let terminalGone = false;
  const leaveTerminal = (): void => {
    terminalGone = true;
    void quit();
  };
  const restoreTerminal = (): void => {
    if (!terminalGone) process.stdout.write(LEAVE_ALT_SCREEN);
  };
  const onSignal = (): void => void quit();
  let crashed = false;
  const onCrash = (error: unknown): void => {
    if (crashed) return;
    crashed = true;
    restoreTerminal();
    process.stderr.write(`blotter: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void quit(1).finally(() => process.exit(1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', leaveTerminal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.stdout.on('error', leaveTerminal);

  process.stdout.write(ENTER_ALT_SCREEN);
  const instance = render(<App store={store} actions={actions} history={history} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    onRender: ({ renderTime }) => frames.record(renderTime),
    // Ink holds a frame back until 1/maxFps after the last. Market updates are already gathered by
    // the frame budget, so Ink's own cap would only delay the echo of a keystroke behind them.
    maxFps: 1000,
    incrementalRendering: true,
  });
  try {
    await instance.waitUntilExit();
    await quitting;
  } finally {
    restoreTerminal();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', leaveTerminal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
  // Read after the session closed: the strategies' stops cancelled their orders after the console stopped listening.
  const working = workingOrderCount(applyCoreEvents(store.getState(), session.engine.currentState()).orders);
  if (working > 0 && !terminalGone) {
    process.stderr.write(`blotter: ${working} order${working === 1 ? '' : 's'} left working at the exchange; they show again when Blotter starts\n`);
  }
  process.stdout.off('error', leaveTerminal);
  return exitCode;
}

/**
 * The command history beside the profile. It is a convenience: when its file cannot be used the
 * console runs without it and the log says why, rather than refusing to start.
 */
async function openHistory(session: Session, config: ConsoleConfig): Promise<HistoryStore | undefined> {
  const note = (text: string): void => session.engine.note('warn', text);
  const path = historyFile(resolveDataDir(config.dataDir), config.profile);
  try {
    return await openHistoryStore({
      path,
      // Its failures are store failures like the profile's: the log and the status bar's mark.
      onError: (error) => session.storeFailed(error),
      onRecovered: () => session.storeRecovered(path),
    });
  } catch (error) {
    note(`command history not loaded, ↑ recalls this session only: ${errorText(error)}`);
    return undefined;
  }
}
