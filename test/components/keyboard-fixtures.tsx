import './force-color.js';
import { render } from 'ink-testing-library';
import type { Clock } from '../../src/kernel/clock.js';
import type { CommandOutcome } from '../../src/app/command-runner.js';
import { dec } from '../../src/domain/decimal.js';
import { wholePortfolio } from '../../src/domain/portfolio.js';
import type { CommandHistory } from '../../store/command-history.js';
import type { ConsoleActions } from '../../store/console-actions.js';
import type { ConsoleStore } from '../../store/console-store.js';
import { createConsoleActions } from '../../store/create-console-actions.js';
import { App } from '../../components/App.js';
import type { TerminalSize } from '../../components/layout.js';
import { at, emit, order, portfolio, quote, tick, trade } from './fixtures.js';

/** What the keys send, as a terminal sends them. */
export const KEY = {
  enter: '\r',
  tab: '\t',
  shiftTab: '\x1b[Z',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  backspace: '\x7f',
  ctrlC: '\x03',
  ctrlU: '\x15',
  ctrlW: '\x17',
} as const;

export interface ConsoleRecord {
  readonly actions: ConsoleActions;
  /** Every command line that reached the application, in order. */
  readonly sent: string[];
  quits: number;
}

/**
 * The real console actions (the real parser, preview and confirmation rules) over an application
 * that records what it is asked to run and answers `done: …`.
 */
export function consoleActions(store: ConsoleStore, options: { confirmAbove?: string } = {}): ConsoleRecord {
  const record: ConsoleRecord = {
    sent: [],
    quits: 0,
    actions: createConsoleActions({
      store,
      run: (text): Promise<CommandOutcome> => {
        record.sent.push(text);
        return Promise.resolve({ ok: true, text: `done: ${text}` });
      },
      now: () => 1,
      onQuit: () => {
        record.quits++;
      },
      ...(options.confirmAbove !== undefined && { confirmAbove: dec(options.confirmAbove) }),
    }),
  };
  return record;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const INVERSE = '\x1b[7m';

export interface ConsoleScreen {
  /** The last frame without colour codes. */
  readonly frame: () => string;
  readonly lines: () => string[];
  /** The command row (the last line). */
  readonly commandRow: () => string;
  /** The plain text of the lines drawn in inverse: the selected row, the cursor. */
  readonly highlighted: () => string[];
  /** Writes input as one chunk (as a paste or a burst arrives) and lets Ink draw. */
  readonly type: (input: string) => Promise<void>;
  /** Several keys, each in its own chunk, as separate key presses arrive. */
  readonly press: (...keys: string[]) => Promise<void>;
}

export async function renderConsole(
  store: ConsoleStore,
  actions: ConsoleActions,
  options: { size?: TerminalSize; now?: () => number; timers?: Pick<Clock, 'setTimer'>; history?: CommandHistory } = {},
): Promise<ConsoleScreen> {
  const instance = render(
    <App
      store={store}
      actions={actions}
      size={options.size ?? { columns: 100, rows: 30 }}
      now={options.now ?? (() => at(10, 32, 0))}
      {...(options.timers !== undefined && { timers: options.timers })}
      {...(options.history !== undefined && { history: options.history })}
    />,
  );
  for (let i = 0; i < 100 && instance.stdin.listenerCount('readable') === 0; i++) await tick();
  const raw = (): string => instance.lastFrame() ?? '';
  const frame = (): string => raw().replace(ANSI, '');
  // A lone Esc is held by Ink until the next turn of the event loop (it may start a sequence).
  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    await tick();
  };
  return {
    frame,
    lines: () => frame().split('\n'),
    commandRow: () => frame().split('\n').at(-1) ?? '',
    highlighted: () =>
      raw()
        .split('\n')
        .filter((line) => line.includes(INVERSE))
        .map((line) => line.replace(ANSI, '')),
    async type(input) {
      instance.stdin.write(input);
      await settle();
    },
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(key);
        await settle();
      }
    },
  };
}

/** Three working orders (#12 newest, then #11, then #10), one filled (#9), and two positions. */
export function tradingDay(store: ConsoleStore): void {
  emit(
    store,
    { type: 'watchlist', symbols: ['AAPL', 'MSFT', 'NVDA'] },
    { type: 'quote', quote: quote('AAPL', '187.42', '187.44', '187.42', '185.93') },
    { type: 'quote', quote: quote('MSFT', '412.10', '412.16', '412.10', '412.92') },
    { type: 'quote', quote: quote('NVDA', '120.10', '120.12', '120.10', '119.00') },
    { type: 'order', order: order({ seq: 9, createdAt: at(10, 20, 0), filled: '10' }) },
    { type: 'order', order: order({ seq: 10, createdAt: at(10, 29, 0), spec: { symbol: 'MSFT', side: 'sell', qty: dec(3), limitPrice: dec('415.00') } }) },
    { type: 'order', order: order({ seq: 11, createdAt: at(10, 30, 0), spec: { symbol: 'NVDA', type: 'stop', limitPrice: undefined, stopPrice: dec('125.00') } }) },
    { type: 'order', order: order({ seq: 12, createdAt: at(10, 31, 0) }) },
    { type: 'portfolio', change: wholePortfolio(portfolio('100000.00', trade('AAPL', 'buy', 20, '186.10'), trade('MSFT', 'sell', 5, '412.10'))) },
  );
}
