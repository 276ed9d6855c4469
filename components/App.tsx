import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { systemClock, type Clock } from '../src/kernel/clock.js';
import { createCommandHistory, type CommandHistory } from '../store/command-history.js';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleStore } from '../store/console-store.js';
import { createUiStore, type UiStore } from '../store/ui-store.js';
import { BacktestOverlay } from './BacktestOverlay.js';
import { CommandLine } from './CommandLine.js';
import { ConfirmBar } from './ConfirmBar.js';
import { ConsoleContext } from './console-context.js';
import { helpBox } from './help-box.js';
import { HelpOverlay } from './HelpOverlay.js';
import { paneHints } from './key-bindings.js';
import { computeLayout, visiblePanes, type ConsoleLayout, type PaneId, type TerminalSize } from './layout.js';
import { LogPane } from './LogPane.js';
import { MetricsPane } from './MetricsPane.js';
import { OrdersPane } from './OrdersPane.js';
import { PANE_SPECS } from './panes.js';
import { PositionsPane } from './PositionsPane.js';
import { QuitPrompt } from './QuitPrompt.js';
import { StatusBar } from './StatusBar.js';
import { StrategiesPane } from './StrategiesPane.js';
import { useKeyboard } from './use-keyboard.js';
import { usePaneInteraction } from './use-pane-interaction.js';
import { useTerminalSize } from './use-terminal-size.js';
import { WatchlistPane } from './WatchlistPane.js';

export interface AppProps {
  readonly store: ConsoleStore;
  readonly actions: ConsoleActions;
  /** Overrides the measured terminal size (tests; a fixed-size embedding). */
  readonly size?: TerminalSize;
  /** Wall clock for order ages and the Ctrl-C window; injectable so tests see fixed times. */
  readonly now?: () => number;
  /** Timers of the keyboard layer (the Ctrl-C window, the wait for cancels when quitting). */
  readonly timers?: Pick<Clock, 'setTimer'>;
  /** The command lines ↑ recalls; kept across restarts by the caller. In memory when absent. */
  readonly history?: CommandHistory;
}

/** Rows of the command row: the quit prompt, a confirmation, or the command line, in that order. */
function CommandRow({ ui, width }: { readonly ui: UiStore; readonly width: number }) {
  const quit = useStore(ui, (s) => s.quit);
  const confirm = useStore(ui, (s) => s.confirm);
  const text = useStore(ui, (s) => s.text);
  const dismissedFeedback = useStore(ui, (s) => s.dismissedFeedback);
  const failure = useStore(ui, (s) => s.failure);
  const notice = useStore(ui, (s) => s.notice);
  const quitArmed = useStore(ui, (s) => s.ctrlCAt !== undefined);
  const focus = useStore(ui, (s) => s.focus);
  const editingFilter = useStore(ui, (s) => s.editingFilter);
  if (quit !== undefined) return <QuitPrompt step={quit} width={width} />;
  if (confirm !== undefined) return <ConfirmBar confirm={confirm} width={width} />;
  const hints = focus === 'command' ? undefined : paneHints(editingFilter ? 'filter' : (PANE_SPECS[focus as PaneId]?.context ?? 'panes'));
  return (
    <CommandLine
      text={text}
      dismissedFeedback={dismissedFeedback}
      failure={failure}
      notice={notice}
      quitArmed={quitArmed}
      paneHints={hints}
      width={width}
    />
  );
}

export function App({ store, actions, size, now = Date.now, timers = systemClock, history: givenHistory }: AppProps) {
  const measured = useTerminalSize();
  const columns = size?.columns ?? measured.columns;
  const rows = size?.rows ?? measured.rows;
  const showMetrics = useStore(store, (s) => s.showMetrics);
  const layout = useMemo(() => computeLayout({ columns, rows }, { showMetrics }), [columns, rows, showMetrics]);
  const context = useMemo(() => ({ store, actions }), [store, actions]);
  const [ui] = useState(createUiStore);
  const [ownHistory] = useState(() => createCommandHistory());
  const history = givenHistory ?? ownHistory;

  const shown = useRef<ConsoleLayout | undefined>(undefined);
  const focus = useStore(ui, (s) => s.focus);
  useEffect(() => {
    shown.current = layout.kind === 'console' ? layout : undefined;
    // A pane that left the screen (metrics took the log's place, the terminal shrank) gives focus back.
    if (focus !== 'command' && (shown.current === undefined || !visiblePanes(shown.current).includes(focus as PaneId))) {
      ui.setState({ focus: 'command', editingFilter: false });
    }
  }, [layout, focus, ui]);
  // Mounted at every size, so Ctrl-C and typing still work while the terminal is too small.
  useKeyboard({ ui, store, actions, history, now, timers, layout: shown });

  const help = useStore(ui, (s) => s.help);
  const backtest = useStore(store, (s) => s.backtest);
  const pending = useStore(ui, (s) => s.quit !== undefined || s.confirm !== undefined);
  const watchlist = usePaneInteraction(ui, 'watchlist');
  const strategies = usePaneInteraction(ui, 'strategies');
  const orders = usePaneInteraction(ui, 'orders');
  const positions = usePaneInteraction(ui, 'positions');
  const log = usePaneInteraction(ui, 'log');

  return (
    <ConsoleContext.Provider value={context}>
      {layout.kind === 'too-small' ? (
        <Box width={columns} height={1}>
          {/* A prompt waiting for an answer is shown even here: its keys are live. */}
          {pending ? <CommandRow ui={ui} width={columns} /> : <Text wrap="truncate-end">{layout.message}</Text>}
        </Box>
      ) : (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
          <StatusBar width={layout.width} />
          {help !== undefined ? (
            <HelpOverlay box={helpBox(layout)} scroll={help.scroll} />
          ) : backtest !== undefined ? (
            <BacktestOverlay box={helpBox(layout)} result={backtest.result} scroll={backtest.scroll} />
          ) : (
            <>
              <Box height={layout.orders.height}>
                <Box flexDirection="column" width={layout.watchlist.width} flexShrink={0}>
                  <WatchlistPane box={layout.watchlist} interaction={watchlist} />
                  <StrategiesPane box={layout.strategies} interaction={strategies} />
                </Box>
                <OrdersPane box={layout.orders} now={now} interaction={orders} />
              </Box>
              <Box height={layout.positions.height}>
                <PositionsPane box={layout.positions} interaction={positions} />
                <Box flexDirection="column">
                  {layout.metrics === undefined ? null : <MetricsPane box={layout.metrics} focused={focus === 'metrics'} />}
                  {layout.log === undefined ? null : <LogPane box={layout.log} interaction={log} />}
                </Box>
              </Box>
            </>
          )}
          <CommandRow ui={ui} width={layout.width} />
        </Box>
      )}
    </ConsoleContext.Provider>
  );
}
