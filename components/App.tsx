import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleStore } from '../store/console-store.js';
import { CommandLine } from './CommandLine.js';
import { ConsoleContext } from './console-context.js';
import { computeLayout, type TerminalSize } from './layout.js';
import { LogPane } from './LogPane.js';
import { OrdersPane } from './OrdersPane.js';
import { PositionsPane } from './PositionsPane.js';
import { StatusBar } from './StatusBar.js';
import { useCommandInput } from './use-command-input.js';
import { useTerminalSize } from './use-terminal-size.js';
import { WatchlistPane } from './WatchlistPane.js';

export interface AppProps {
  readonly store: ConsoleStore;
  readonly actions: ConsoleActions;
  /** Overrides the measured terminal size (tests; a fixed-size embedding). */
  readonly size?: TerminalSize;
  /** Wall clock for order ages; injectable so tests see fixed ages. */
  readonly now?: () => number;
}

export function App({ store, actions, size, now = Date.now }: AppProps) {
  const measured = useTerminalSize();
  const columns = size?.columns ?? measured.columns;
  const rows = size?.rows ?? measured.rows;
  const layout = useMemo(() => computeLayout({ columns, rows }), [columns, rows]);
  const context = useMemo(() => ({ store, actions }), [store, actions]);
  // Mounted at every size, so Ctrl-C and typing still work while the terminal is too small.
  const input = useCommandInput(store, actions);

  return (
    <ConsoleContext.Provider value={context}>
      {layout.kind === 'too-small' ? (
        <Box width={columns} height={1}>
          <Text wrap="truncate-end">{layout.message}</Text>
        </Box>
      ) : (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
          <StatusBar width={layout.width} />
          <Box height={layout.orders.height}>
            <WatchlistPane box={layout.watchlist} />
            <OrdersPane box={layout.orders} now={now} />
          </Box>
          <Box height={layout.log.height}>
            <PositionsPane box={layout.positions} />
            <LogPane box={layout.log} />
          </Box>
          <CommandLine
            text={input.text}
            dismissedFeedback={input.dismissedFeedback}
            failure={input.failure}
            width={layout.width}
          />
        </Box>
      )}
    </ConsoleContext.Provider>
  );
}
